/**
 * Wycheproof HMAC-SHA-224/256/384/512 against src/crypto/mac.ts, with keys of any length as
 * KeyObjects. GenerateMac returns the full tag and VerifyMac accepts only the full tag (as AWS), so a
 * truncated tag must never verify, even one Wycheproof calls valid for truncation-tolerant APIs; those
 * are counted as not applicable after that check.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSecretKey } from 'node:crypto';
import { macAlgorithmEntry, hashBytes } from '../../src/crypto/algorithms.js';
import { generateMac, verifyMac } from '../../src/crypto/mac.js';
import { hex, label, loadWycheproof, Tally } from './wycheproof.js';

for (const bits of [224, 256, 384, 512]) {
  const file = `hmac_sha${bits}_test.json`;
  test(`${file}: full-length tags match exactly when valid and never when invalid; truncated tags never verify`, () => {
    const suite = loadWycheproof(file);
    const tally = new Tally(file, suite);
    const algorithm = macAlgorithmEntry(`HMAC_SHA_${bits}`)!;
    for (const group of suite.testGroups) {
      const full = Number(group['tagSize']) / 8 === hashBytes[algorithm.hash];
      for (const v of group.tests) {
        const key = createSecretKey(hex(v['key']));
        const accepted = verifyMac(key, algorithm, hex(v['msg']), hex(v['tag']));
        if (!full) { assert.equal(accepted, false, label(v)); tally.skip(); continue; }
        if (v.result === 'valid') assert.equal(generateMac(key, algorithm, hex(v['msg'])).toString('hex'), v['tag'], label(v));
        tally.check(v, accepted);
      }
    }
    tally.done();
  });
}
