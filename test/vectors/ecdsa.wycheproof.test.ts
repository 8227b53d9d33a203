/**
 * Wycheproof ECDSA (DER signatures) for each curve Trent signs on, against src/crypto/sign.ts:
 * RAW through node:crypto and DIGEST through @noble/curves, which must agree on every vector.
 */
import { test } from 'node:test';
import { createHash } from 'node:crypto';
import { keySpecEntry, signingAlgorithmEntry, type EccKeySpecEntry } from '../../src/crypto/algorithms.js';
import { parsePublicKey } from '../../src/crypto/key-material.js';
import { verifySignature } from '../../src/crypto/sign.js';
import { hex, loadWycheproof, Tally } from './wycheproof.js';

const files = [
  ['ecdsa_secp256r1_sha256_test.json', 'ECC_NIST_P256', 'ECDSA_SHA_256'],
  ['ecdsa_secp384r1_sha384_test.json', 'ECC_NIST_P384', 'ECDSA_SHA_384'],
  ['ecdsa_secp521r1_sha512_test.json', 'ECC_NIST_P521', 'ECDSA_SHA_512'],
  ['ecdsa_secp256k1_sha256_test.json', 'ECC_SECG_P256K1', 'ECDSA_SHA_256'],
] as const;

for (const [file, spec, alg] of files) {
  test(`${file}: ${spec} ${alg} valid DER signatures verify RAW and DIGEST, invalid ones fail both`, async () => {
    const suite = loadWycheproof(file);
    const tally = new Tally(file, suite);
    const algorithm = signingAlgorithmEntry(alg)!;
    for (const group of suite.testGroups) {
      const key = parsePublicKey(keySpecEntry(spec) as EccKeySpecEntry, hex(group['publicKeyDer']));
      for (const v of group.tests) {
        const msg = hex(v['msg']);
        const sig = hex(v['sig']);
        const raw = await verifySignature(key, algorithm, msg, 'RAW', sig);
        const digest = await verifySignature(key, algorithm, createHash(algorithm.hash).update(msg).digest(), 'DIGEST', sig);
        if (raw !== digest) throw new Error(`node:crypto and @noble disagree on tcId ${v.tcId} ${v.comment}`);
        tally.check(v, raw);
      }
    }
    tally.done();
  });
}
