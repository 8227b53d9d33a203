/**
 * Project Wycheproof HKDF-SHA-256 vectors (Apache-2.0, see test/vectors/README.md) run against
 * `hkdfSync('sha256', …)`, the call src/crypto/ciphertext-blob.ts derives every message key with — both
 * with raw bytes and with a secret KeyObject as the IKM, since the blob passes the cached KeyObject.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createSecretKey, hkdfSync } from 'node:crypto';

interface HkdfVector {
  tcId: number;
  comment: string;
  flags: string[];
  ikm: string;
  salt: string;
  info: string;
  size: number;
  okm: string;
  result: 'valid' | 'invalid' | 'acceptable';
}

// test/vectors/ → repo root → ../shared beside it.
const repoRoot = new URL('../../', import.meta.url);
const file = new URL('../shared/wycheproof/hkdf_sha256_test.json', repoRoot);
const suite = JSON.parse(readFileSync(file, 'utf8')) as { algorithm: string; testGroups: { tests: HkdfVector[] }[] };
const vectors = suite.testGroups.flatMap((g) => g.tests);
const h = (s: string) => Buffer.from(s, 'hex');
const label = (v: HkdfVector) => `tcId ${v.tcId} ${v.comment} [${v.flags.join(',')}]`;

test('the Wycheproof file is HKDF-SHA-256 with 83 valid and 3 invalid vectors', () => {
  assert.equal(suite.algorithm, 'HKDF-SHA-256');
  assert.equal(vectors.length, 86);
  assert.equal(vectors.filter((v) => v.result === 'valid').length, 83);
  assert.equal(vectors.filter((v) => v.result === 'invalid').length, 3);
});

test('every valid vector derives the expected output key material, from raw bytes and from a KeyObject', () => {
  let ran = 0;
  for (const v of vectors.filter((x) => x.result === 'valid')) {
    const fromBytes = Buffer.from(hkdfSync('sha256', h(v.ikm), h(v.salt), h(v.info), v.size));
    const fromKeyObject = Buffer.from(hkdfSync('sha256', createSecretKey(h(v.ikm)), h(v.salt), h(v.info), v.size));
    assert.equal(fromBytes.toString('hex'), v.okm, label(v));
    assert.equal(fromKeyObject.toString('hex'), v.okm, label(v));
    ran++;
  }
  assert.equal(ran, 83);
});

test('every invalid vector (output longer than 255 × HashLen, RFC 5869 §2.3) is refused', () => {
  let ran = 0;
  for (const v of vectors.filter((x) => x.result === 'invalid')) {
    assert.throws(() => hkdfSync('sha256', h(v.ikm), h(v.salt), h(v.info), v.size), label(v));
    ran++;
  }
  assert.equal(ran, 3);
});
