/**
 * Wycheproof ML-DSA-44/65/87 (FIPS 204) against src/crypto/ml-dsa.ts: verification of pure ML-DSA
 * with the empty context AWS KMS uses, and signing from the 32-byte seed Trent stores, both from the
 * message (RAW) and from the vector's μ (EXTERNAL_MU), byte-exact with the vector's randomness. Vectors
 * with a non-empty context are outside AWS's API: their signatures must not verify under the empty
 * context, and they are counted apart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keySpecEntry, type MlDsaKeySpecEntry } from '../../src/crypto/algorithms.js';
import { mlDsaKeyPair, mlDsaSign, mlDsaVerify } from '../../src/crypto/ml-dsa.js';
import { hex, label, loadWycheproof, Tally } from './wycheproof.js';

for (const level of [44, 65, 87]) {
  const entry = keySpecEntry(`ML_DSA_${level}`) as MlDsaKeySpecEntry;

  test(`mldsa_${level}_verify_test.json: valid signatures verify, invalid ones fail`, () => {
    const file = `mldsa_${level}_verify_test.json`;
    const suite = loadWycheproof(file);
    const tally = new Tally(file, suite);
    for (const group of suite.testGroups) {
      for (const v of group.tests) {
        const ok = mlDsaVerify(entry, hex(group['publicKey']), hex(v['msg']), hex(v['sig']), false);
        if (String(v['ctx'] ?? '') !== '') { assert.equal(ok, false, label(v)); tally.skip(); continue; }
        tally.check(v, ok);
      }
    }
    tally.done();
  });

  test(`mldsa_${level}_sign_seed_test.json: the seed gives the public key and the exact signature, RAW and from μ`, () => {
    const file = `mldsa_${level}_sign_seed_test.json`;
    const suite = loadWycheproof(file);
    const tally = new Tally(file, suite);
    for (const group of suite.testGroups) {
      let pair;
      try {
        pair = mlDsaKeyPair(entry, hex(group['privateSeed']));
      } catch {
        pair = undefined;
      }
      for (const v of group.tests) {
        if (!pair) { tally.check(v, false); continue; }
        assert.equal(Buffer.from(pair.publicKey).toString('hex'), group['publicKey'], label(v));
        const rnd = v['rnd'] === undefined ? false : hex(v['rnd']);
        // "Internal" vectors give M' itself (ML-DSA.Sign_internal), not a message for pure ML-DSA.
        const noContext = String(v['ctx'] ?? '') === '' && !v.flags.includes('Internal');
        if (v['mu'] === undefined) { assert.equal(v.result, 'invalid', label(v)); tally.skip(); continue; }
        const fromMu = mlDsaSign(pair, hex(v['mu']), true, rnd);
        assert.equal(fromMu.toString('hex'), v['sig'], label(v));
        if (noContext) assert.equal(mlDsaSign(pair, hex(v['msg']), false, rnd).toString('hex'), v['sig'], label(v));
        tally.check(v, true);
      }
    }
    tally.done();
  });
}
