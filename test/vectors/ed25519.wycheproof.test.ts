/** Wycheproof Ed25519 (RFC 8032, strict) against ED25519_SHA_512 verification in src/crypto/sign.ts. */
import { test } from 'node:test';
import { keySpecEntry, signingAlgorithmEntry, type Ed25519KeySpecEntry } from '../../src/crypto/algorithms.js';
import { parsePublicKey } from '../../src/crypto/key-material.js';
import { verifySignature } from '../../src/crypto/sign.js';
import { hex, loadWycheproof, Tally } from './wycheproof.js';

test('ed25519_test.json: valid signatures verify, invalid ones fail, nothing throws', async () => {
  const file = 'ed25519_test.json';
  const suite = loadWycheproof(file);
  const tally = new Tally(file, suite);
  const algorithm = signingAlgorithmEntry('ED25519_SHA_512')!;
  for (const group of suite.testGroups) {
    const key = parsePublicKey(keySpecEntry('ECC_NIST_EDWARDS25519') as Ed25519KeySpecEntry, hex(group['publicKeyDer']));
    for (const v of group.tests) tally.check(v, await verifySignature(key, algorithm, hex(v['msg']), 'RAW', hex(v['sig'])));
  }
  tally.done();
});
