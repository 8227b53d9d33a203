import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { counterKdf, counterModeHmacSha256, deriveKey } from '../../../src/crypto/kdf.js';

const h = (s: string) => Buffer.from(s, 'hex');

// NIST CAVP "KDF in Counter Mode" (KDFCTR_gen.txt, CAVS 14.4), [PRF=HMAC_SHA256]
// [CTRLOCATION=BEFORE_FIXED] [RLEN=32_BITS], COUNT=0. NIST CAVP data is a US Government work.
test('SP 800-108 counter mode matches the NIST CAVP known answer (HMAC_SHA256, BEFORE_FIXED, RLEN 32, L 128)', () => {
  const ki = h('dd1d91b7d90b2bd3138533ce92b272fbf8a369316aefe242e659cc0ae238afe0');
  const fixed = h('01322b96b30acd197979444e468e1c5c6859bf1b1cf951b7e725303e237e46b864a145fab25e517b08f8683d0315bb2911d80a0e8aba17f3b413faac');
  assert.equal(counterModeHmacSha256(ki, fixed, 16).toString('hex'), '10621342bfb0fd40046c0e29f2cfdbf0');
});

test('the one-block form equals the general form with Label ‖ 0x00 ‖ Context ‖ [L]_32 as fixed input', () => {
  const key = h('11'.repeat(32));
  const context = h('22'.repeat(32));
  const fixed = Buffer.concat([Buffer.from('trent ciphertext v1'), Buffer.of(0), context, h('00000100')]);
  assert.deepEqual(deriveKey(counterKdf('trent ciphertext v1', 32), key, context), counterModeHmacSha256(key, fixed, 32));
  assert.deepEqual(
    deriveKey(counterKdf('x', 32), key, context),
    createHmac('sha256', key).update(Buffer.concat([h('00000001'), Buffer.from('x'), Buffer.of(0), context, h('00000100')])).digest(),
  );
});

test('the multi-block general form concatenates K(1) ‖ K(2) and truncates', () => {
  const key = h('33'.repeat(32));
  const out = counterModeHmacSha256(key, Buffer.from('fixed'), 40);
  assert.equal(out.length, 40);
  assert.deepEqual(out.subarray(0, 32), createHmac('sha256', key).update(Buffer.concat([h('00000001'), Buffer.from('fixed')])).digest());
  assert.deepEqual(out.subarray(32), createHmac('sha256', key).update(Buffer.concat([h('00000002'), Buffer.from('fixed')])).digest().subarray(0, 8));
});

test('different labels or contexts give unrelated keys; lengths outside 1–32 are refused', () => {
  const key = h('44'.repeat(32));
  const a = deriveKey(counterKdf('a', 32), key, Buffer.of(1));
  assert.notDeepEqual(a, deriveKey(counterKdf('b', 32), key, Buffer.of(1)));
  assert.notDeepEqual(a, deriveKey(counterKdf('a', 32), key, Buffer.of(2)));
  assert.throws(() => counterKdf('a', 0), RangeError);
  assert.throws(() => counterKdf('a', 33), RangeError);
});
