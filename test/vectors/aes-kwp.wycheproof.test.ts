/**
 * Project Wycheproof vectors for AES key wrap with padding (RFC 5649), run against exactly the
 * functions ImportKeyMaterial's RSA_AES_KEY_WRAP_* unwrap uses (src/crypto/import-wrapping.ts).
 * Valid vectors must wrap to `ct` and unwrap to `msg`; invalid ones must not unwrap.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { aesKeyUnwrapPad, aesKeyWrapPad } from '../../src/crypto/import-wrapping.js';

interface Vector { tcId: number; comment: string; key: string; msg: string; ct: string; result: 'valid' | 'invalid' | 'acceptable' }
interface Group { keySize: number; tests: Vector[] }

const file = JSON.parse(readFileSync(new URL('./wycheproof/aes_kwp_test.json', import.meta.url), 'utf8')) as { testGroups: Group[] };
const vectors = file.testGroups.flatMap((g) => g.tests);

test('aes_kwp_test.json is the full file (every key size, valid and invalid vectors)', () => {
  assert.deepEqual(file.testGroups.map((g) => g.keySize), [128, 192, 256]);
  assert.ok(vectors.filter((v) => v.result === 'valid').length > 70);
  assert.ok(vectors.filter((v) => v.result === 'invalid').length > 150);
});

test('every valid vector wraps to its ciphertext and unwraps to its message', () => {
  for (const v of vectors.filter((x) => x.result === 'valid')) {
    const key = Buffer.from(v.key, 'hex');
    const msg = Buffer.from(v.msg, 'hex');
    assert.equal(aesKeyWrapPad(key, msg).toString('hex'), v.ct, `tcId ${v.tcId} wrap`);
    assert.equal(aesKeyUnwrapPad(key, Buffer.from(v.ct, 'hex'))?.toString('hex'), v.msg, `tcId ${v.tcId} unwrap`);
  }
});

test('no invalid vector unwraps (and none throws)', () => {
  for (const v of vectors.filter((x) => x.result === 'invalid')) {
    assert.equal(aesKeyUnwrapPad(Buffer.from(v.key, 'hex'), Buffer.from(v.ct, 'hex')), undefined, `tcId ${v.tcId} (${v.comment})`);
  }
});
