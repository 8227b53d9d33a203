/**
 * Wycheproof ECDH (public keys as DER SubjectPublicKeyInfo, as DeriveSharedSecret receives them)
 * against src/crypto/key-agreement.ts: valid vectors give the expected shared secret, invalid ones
 * (points off the curve, wrong curve, bad DER) are refused with InvalidPeerKeyError. secp256k1 is
 * run too: Trent holds keys on it, though AWS offers KEY_AGREEMENT on the NIST curves only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createECDH, createPrivateKey } from 'node:crypto';
import { keySpecEntry, type EccKeySpecEntry } from '../../src/crypto/algorithms.js';
import { openKeyMaterial } from '../../src/crypto/key-material.js';
import { deriveSharedSecret, InvalidPeerKeyError } from '../../src/crypto/key-agreement.js';
import { hex, label, loadWycheproof, Tally } from './wycheproof.js';

const files = [
  ['ecdh_secp256r1_test.json', 'ECC_NIST_P256', 'P-256'],
  ['ecdh_secp384r1_test.json', 'ECC_NIST_P384', 'P-384'],
  ['ecdh_secp521r1_test.json', 'ECC_NIST_P521', 'P-521'],
  ['ecdh_secp256k1_test.json', 'ECC_SECG_P256K1', 'secp256k1'],
] as const;

/** Our stored form (PKCS#8) of a Wycheproof private scalar, through a JWK. */
function pkcs8Of(entry: EccKeySpecEntry, crv: string, privateHex: string): Buffer {
  const scalar = BigInt(`0x${privateHex || '0'}`);
  const d = Buffer.from(scalar.toString(16).padStart(entry.scalarBytes * 2, '0'), 'hex');
  const ecdh = createECDH(entry.namedCurve);
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey();
  const n = entry.scalarBytes;
  const jwk = { kty: 'EC', crv, d: d.toString('base64url'), x: Buffer.from(point.subarray(1, 1 + n)).toString('base64url'), y: Buffer.from(point.subarray(1 + n)).toString('base64url') };
  return createPrivateKey({ key: jwk, format: 'jwk' }).export({ type: 'pkcs8', format: 'der' });
}

for (const [file, spec, crv] of files) {
  test(`${file}: valid vectors give the shared secret, invalid public keys are refused`, () => {
    const suite = loadWycheproof(file);
    const tally = new Tally(file, suite);
    const entry = keySpecEntry(spec) as EccKeySpecEntry;
    // Many vectors share a private key; opening one costs milliseconds on P-521.
    const opened = new Map<string, ReturnType<typeof openKeyMaterial>>();
    const open = (privateHex: string) => {
      let o = opened.get(privateHex);
      if (!o) opened.set(privateHex, (o = openKeyMaterial(entry, pkcs8Of(entry, crv, privateHex))));
      return o;
    };
    for (const group of suite.testGroups) {
      assert.equal(group['encoding'], 'asn');
      for (const v of group.tests) {
        const key = open(String(v['private']));
        if (key.kind !== 'node') throw new Error('not a node key');
        let secret: Buffer | undefined;
        try {
          secret = deriveSharedSecret(key.pair, hex(v['public']));
        } catch (error) {
          assert.ok(error instanceof InvalidPeerKeyError, `${label(v)}: ${String(error)}`);
        }
        if (secret !== undefined && v.result !== 'invalid') assert.equal(secret.toString('hex'), v['shared'], label(v));
        tally.check(v, secret !== undefined);
      }
    }
    tally.done();
  });
}
