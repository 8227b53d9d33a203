/**
 * Wycheproof RSAES-OAEP decryption (MGF1 with the same hash) against src/crypto/rsa-oaep.ts with
 * keys opened from PKCS#8 as Trent stores them. AWS KMS uses an empty OAEP label; vectors with a
 * label are outside its API and are counted apart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encryptionAlgorithmEntry, keySpecEntry } from '../../src/crypto/algorithms.js';
import { openKeyMaterial } from '../../src/crypto/key-material.js';
import { OaepDecryptError, oaepDecrypt } from '../../src/crypto/rsa-oaep.js';
import { inlineRsaPrivate } from '../../src/crypto/sign.js';
import { hex, label, loadWycheproof, Tally } from './wycheproof.js';

const files = ['rsa_oaep_2048_sha1_mgf1sha1_test.json', 'rsa_oaep_2048_sha256_mgf1sha256_test.json', 'rsa_oaep_3072_sha256_mgf1sha256_test.json', 'rsa_oaep_4096_sha256_mgf1sha256_test.json'];

for (const file of files) {
  test(`${file}: valid ciphertexts decrypt to the message, invalid ones fail with the one OaepDecryptError`, async () => {
    const suite = loadWycheproof(file);
    const tally = new Tally(file, suite);
    for (const group of suite.testGroups) {
      assert.equal(group['mgfSha'], group['sha']);
      const algorithm = encryptionAlgorithmEntry(group['sha'] === 'SHA-1' ? 'RSAES_OAEP_SHA_1' : 'RSAES_OAEP_SHA_256')!;
      const opened = openKeyMaterial(keySpecEntry(`RSA_${group['keySize']}`), hex(group['privateKeyPkcs8']));
      if (opened.kind !== 'node') throw new Error('not a node key');
      for (const v of group.tests) {
        if (String(v['label']) !== '') { tally.skip(); continue; }
        let plaintext: Buffer | undefined;
        try {
          plaintext = await oaepDecrypt(opened.pair, algorithm, hex(v['ct']), inlineRsaPrivate);
        } catch (error) {
          assert.ok(error instanceof OaepDecryptError, label(v));
        }
        if (plaintext !== undefined && v.result === 'valid') assert.equal(plaintext.toString('hex'), v['msg'], label(v));
        tally.check(v, plaintext !== undefined);
      }
    }
    tally.done();
  });
}
