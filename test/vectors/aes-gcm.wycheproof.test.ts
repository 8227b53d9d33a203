/**
 * Project Wycheproof AES-GCM vectors (Apache-2.0, see test/vectors/README.md) run against the exact
 * primitive Trent uses: src/crypto/aes-gcm.ts (AES-256, 96-bit IV, 128-bit tag, authTagLength pinned).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gcmOpen, gcmSeal } from '../../src/crypto/aes-gcm.js';

interface AeadVector {
  tcId: number;
  comment: string;
  flags: string[];
  key: string;
  iv: string;
  aad: string;
  msg: string;
  ct: string;
  tag: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface AeadGroup { keySize: number; ivSize: number; tagSize: number; tests: AeadVector[] }

// Vendored vectors: test/vectors/wycheproof/ (Apache-2.0, LICENSE beside them).
const file = new URL('./wycheproof/aes_gcm_test.json', import.meta.url);
const suite = JSON.parse(readFileSync(file, 'utf8')) as { algorithm: string; testGroups: AeadGroup[] };
const h = (s: string) => Buffer.from(s, 'hex');
const label = (v: AeadVector) => `tcId ${v.tcId} ${v.comment} [${v.flags.join(',')}]`;

const ours = suite.testGroups.filter((g) => g.keySize === 256 && g.ivSize === 96 && g.tagSize === 128);
const vectors = ours.flatMap((g) => g.tests);

test('the Wycheproof file is AES-GCM and holds the expected AES-256/96-bit-IV/128-bit-tag vectors', () => {
  assert.equal(suite.algorithm, 'AES-GCM');
  assert.equal(vectors.length, 66);
  assert.equal(vectors.filter((v) => v.result === 'valid').length, 39);
  assert.equal(vectors.filter((v) => v.result === 'invalid').length, 27);
  assert.equal(vectors.filter((v) => v.result === 'acceptable').length, 0);
});

test('every valid vector encrypts to the expected ciphertext and tag, and decrypts back', () => {
  let ran = 0;
  for (const v of vectors.filter((x) => x.result === 'valid')) {
    const sealed = gcmSeal(h(v.key), h(v.iv), h(v.aad), h(v.msg));
    assert.equal(sealed.ciphertext.toString('hex'), v.ct, label(v));
    assert.equal(sealed.tag.toString('hex'), v.tag, label(v));
    assert.equal(gcmOpen(h(v.key), h(v.iv), h(v.aad), h(v.ct), h(v.tag)).toString('hex'), v.msg, label(v));
    ran++;
  }
  assert.equal(ran, 39);
});

test('every invalid vector fails to decrypt', () => {
  let ran = 0;
  for (const v of vectors.filter((x) => x.result === 'invalid')) {
    // The tag comparison itself must be what fails (OpenSSL's message), not some argument check.
    assert.throws(() => gcmOpen(h(v.key), h(v.iv), h(v.aad), h(v.ct), h(v.tag)), /unable to authenticate data/, label(v));
    ran++;
  }
  assert.equal(ran, 27);
});

test('IVs other than 96 bits are refused by the primitive, whatever the vector says', () => {
  let ran = 0;
  for (const g of suite.testGroups.filter((x) => x.keySize === 256 && x.ivSize !== 96)) {
    for (const v of g.tests) {
      assert.throws(() => gcmSeal(h(v.key), h(v.iv), h(v.aad), h(v.msg)), RangeError, label(v));
      assert.throws(() => gcmOpen(h(v.key), h(v.iv), h(v.aad), h(v.ct), h(v.tag)), RangeError, label(v));
      ran++;
    }
  }
  assert.equal(ran, 39);
});

test('keys other than 256 bits are refused by the primitive', () => {
  let ran = 0;
  for (const g of suite.testGroups.filter((x) => x.keySize !== 256 && x.ivSize === 96)) {
    for (const v of g.tests) {
      assert.throws(() => gcmSeal(h(v.key), h(v.iv), h(v.aad), h(v.msg)), label(v));
      ran++;
    }
  }
  assert.equal(ran, 131);
});
