/**
 * Project Wycheproof HMAC-SHA-256 vectors (Apache-2.0, see test/vectors/README.md) run against the
 * PRF of src/crypto/kdf.ts, which derives every message key: `createHmac('sha256', key)` with raw
 * bytes and with a secret KeyObject, since the blob passes the cached KeyObject. Tags are compared
 * truncated to the group's tag size; invalid vectors (modified tags) must not match.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHmac, createSecretKey } from 'node:crypto';

interface MacVector { tcId: number; comment: string; key: string; msg: string; tag: string; result: 'valid' | 'invalid' }
interface MacGroup { keySize: number; tagSize: number; tests: MacVector[] }

// Vendored vectors: test/vectors/wycheproof/ (Apache-2.0, LICENSE beside them).
const suite = JSON.parse(readFileSync(new URL('./wycheproof/hmac_sha256_test.json', import.meta.url), 'utf8')) as { algorithm: string; testGroups: MacGroup[] };
const h = (s: string) => Buffer.from(s, 'hex');

test('the Wycheproof file is HMACSHA256 with 174 vectors', () => {
  assert.equal(suite.algorithm, 'HMACSHA256');
  assert.equal(suite.testGroups.flatMap((g) => g.tests).length, 174);
});

test('every valid vector matches and every invalid one does not, with raw keys and KeyObjects', () => {
  let valid = 0;
  let invalid = 0;
  for (const group of suite.testGroups) {
    for (const v of group.tests) {
      const bytes = group.tagSize / 8;
      for (const key of [h(v.key), createSecretKey(h(v.key))]) {
        const tag = createHmac('sha256', key).update(h(v.msg)).digest().subarray(0, bytes).toString('hex');
        assert.equal(tag === v.tag, v.result === 'valid', `tcId ${v.tcId} ${v.comment}`);
      }
      if (v.result === 'valid') valid++; else invalid++;
    }
  }
  assert.deepEqual({ valid, invalid }, { valid: 66, invalid: 108 });
});
