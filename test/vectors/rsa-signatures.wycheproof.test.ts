/**
 * Wycheproof RSASSA-PKCS1-v1_5 and RSASSA-PSS (salt = hash length, MGF1 with the same hash, as AWS
 * KMS signs) verification against src/crypto/sign.ts, both ways Trent verifies: RAW (node:crypto
 * hashes the message) and DIGEST (the hash given; rsa-encoding.ts decodes the RSA output).
 */
import { test } from 'node:test';
import { createHash } from 'node:crypto';
import { keySpecEntry, signingAlgorithmEntry, type RsaKeySpecEntry } from '../../src/crypto/algorithms.js';
import { parsePublicKey } from '../../src/crypto/key-material.js';
import { verifySignature } from '../../src/crypto/sign.js';
import { hex, loadWycheproof, Tally } from './wycheproof.js';

const pkcs1 = ['2048_sha256', '2048_sha384', '2048_sha512', '3072_sha256', '3072_sha384', '3072_sha512', '4096_sha256', '4096_sha384', '4096_sha512']
  .map((s) => [`rsa_signature_${s}_test.json`, 'RSASSA_PKCS1_V1_5'] as const);
const pss = ['2048_sha256_mgf1_32', '2048_sha384_mgf1_48', '3072_sha256_mgf1_32', '4096_sha384_mgf1_48', '4096_sha512_mgf1_64']
  .map((s) => [`rsa_pss_${s}_test.json`, 'RSASSA_PSS'] as const);

for (const [file, family] of [...pkcs1, ...pss]) {
  test(`${file}: valid signatures verify RAW and DIGEST, invalid ones fail both, nothing throws`, async () => {
    const suite = loadWycheproof(file);
    const tally = new Tally(file, suite);
    for (const group of suite.testGroups) {
      const sha = String(group['sha']).replace('SHA-', '');
      if (family === 'RSASSA_PSS' && (group['mgfSha'] !== group['sha'] || Number(group['sLen']) * 8 !== Number(sha))) throw new Error('unexpected PSS parameters');
      const entry = keySpecEntry(`RSA_${group['keySize']}`) as RsaKeySpecEntry;
      const key = parsePublicKey(entry, hex(group['publicKeyDer']));
      const algorithm = signingAlgorithmEntry(`${family}_SHA_${sha}`)!;
      for (const v of group.tests) {
        const msg = hex(v['msg']);
        const sig = hex(v['sig']);
        const raw = await verifySignature(key, algorithm, msg, 'RAW', sig);
        const digest = await verifySignature(key, algorithm, createHash(algorithm.hash).update(msg).digest(), 'DIGEST', sig);
        if (v.result !== 'acceptable' && raw !== digest) throw new Error(`RAW and DIGEST disagree on tcId ${v.tcId}`);
        tally.check(v, raw);
      }
    }
    tally.done();
  });
}
