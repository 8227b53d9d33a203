/**
 * GenerateDataKeyPair(WithoutPlaintext) for every KeyPairSpec, and DeriveSharedSecret (ECDH) on
 * every KEY_AGREEMENT curve, checked against node:crypto (research §7; LS-SNAP
 * test_generate_data_key_pair*, test_derive_shared_secret).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, sign, verify } from 'node:crypto';
import {
  CreateKeyCommand, DecryptCommand, DeriveSharedSecretCommand, GenerateDataKeyPairCommand, GenerateDataKeyPairWithoutPlaintextCommand,
  GetPublicKeyCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { assertKmsError } from '../helpers/assert-kms-error.js';

let server: TestServer;
let kms: KMSClient;
let sym: { keyId: string; arn: string };
before(async () => {
  server = await startTestServer();
  kms = server.client();
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
  sym = { keyId: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn! };
});
after(() => server.close());

const pairSpecs = [
  ['RSA_2048', 'rsa'], ['RSA_3072', 'rsa'], ['RSA_4096', 'rsa'], ['ECC_NIST_P256', 'ec'], ['ECC_NIST_P384', 'ec'], ['ECC_NIST_P521', 'ec'],
  ['ECC_SECG_P256K1', 'ec'], ['ECC_NIST_EDWARDS25519', 'ed25519'],
] as const;

describe('GenerateDataKeyPair', () => {
  for (const [KeyPairSpec, type] of pairSpecs) {
    test(`${KeyPairSpec}: the PKCS#8 private key signs, the SPKI public key verifies, the blob decrypts to the private key`, async () => {
      const context = { purpose: 'pair' };
      const out = await kms.send(new GenerateDataKeyPairCommand({ KeyId: sym.keyId, KeyPairSpec, EncryptionContext: context }));
      assert.deepEqual({ KeyId: out.KeyId, KeyPairSpec: out.KeyPairSpec }, { KeyId: sym.arn, KeyPairSpec });
      assert.match(out.KeyMaterialId!, /^[0-9a-f]{64}$/);
      const privateKey = createPrivateKey({ key: Buffer.from(out.PrivateKeyPlaintext!), format: 'der', type: 'pkcs8' });
      const publicKey = createPublicKey({ key: Buffer.from(out.PublicKey!), format: 'der', type: 'spki' });
      assert.equal(privateKey.asymmetricKeyType, type);
      const data = Buffer.from('signed with a data key pair');
      const algorithm = type === 'ed25519' ? null : 'sha256';
      assert.equal(verify(algorithm, data, publicKey, sign(algorithm, data, privateKey)), true);
      const dec = await kms.send(new DecryptCommand({ CiphertextBlob: out.PrivateKeyCiphertextBlob!, EncryptionContext: context }));
      assert.deepEqual(Buffer.from(dec.Plaintext!), Buffer.from(out.PrivateKeyPlaintext!));
      const res = await server.raw('Decrypt', { CiphertextBlob: Buffer.from(out.PrivateKeyCiphertextBlob!).toString('base64') });
      assert.deepEqual(res.body, { __type: 'InvalidCiphertextException' }, 'the encryption context is bound');
    });
  }

  test('WithoutPlaintext returns no private key; its blob decrypts to a key matching the public key', async () => {
    const out = await kms.send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: sym.keyId, KeyPairSpec: 'ECC_NIST_P256' }));
    assert.equal((out as unknown as Record<string, unknown>)['PrivateKeyPlaintext'], undefined);
    const dec = await kms.send(new DecryptCommand({ CiphertextBlob: out.PrivateKeyCiphertextBlob! }));
    const derived = createPublicKey(createPrivateKey({ key: Buffer.from(dec.Plaintext!), format: 'der', type: 'pkcs8' })).export({ type: 'spki', format: 'der' });
    assert.deepEqual(derived, Buffer.from(out.PublicKey!));
  });

  test('SM2 is UnsupportedOperationException; an asymmetric KMS key is InvalidKeyUsageException; DryRun is the recorded DryRunOperationException', async () => {
    await assertKmsError(kms.send(new GenerateDataKeyPairCommand({ KeyId: sym.keyId, KeyPairSpec: 'SM2' })), 'UnsupportedOperationException', 'KeySpec SM2 is not supported by this server.');
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }));
    await assertKmsError(kms.send(new GenerateDataKeyPairCommand({ KeyId: KeyMetadata!.KeyId!, KeyPairSpec: 'RSA_2048' })),
      'InvalidKeyUsageException', `${KeyMetadata!.Arn} key spec is RSA_2048 which is not valid for GenerateDataKeyPair.`);
    for (const Command of [GenerateDataKeyPairCommand, GenerateDataKeyPairWithoutPlaintextCommand]) {
      await assertKmsError(kms.send(new Command({ KeyId: sym.keyId, KeyPairSpec: 'ECC_NIST_P256', DryRun: true })),
        'DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
    }
  });
});

describe('DeriveSharedSecret', () => {
  for (const [KeySpec, namedCurve] of [['ECC_NIST_P256', 'prime256v1'], ['ECC_NIST_P384', 'secp384r1'], ['ECC_NIST_P521', 'secp521r1']] as const) {
    test(`${KeySpec}: the shared secret equals local ECDH with GetPublicKey's key`, async () => {
      const { KeyMetadata } = await kms.send(new CreateKeyCommand({ KeySpec, KeyUsage: 'KEY_AGREEMENT' }));
      const mine = generateKeyPairSync('ec', { namedCurve });
      const out = await kms.send(new DeriveSharedSecretCommand({
        KeyId: KeyMetadata!.KeyId!, KeyAgreementAlgorithm: 'ECDH', PublicKey: mine.publicKey.export({ type: 'spki', format: 'der' }),
      }));
      const pub = await kms.send(new GetPublicKeyCommand({ KeyId: KeyMetadata!.KeyId! }));
      const local = diffieHellman({ privateKey: mine.privateKey, publicKey: createPublicKey({ key: Buffer.from(pub.PublicKey!), format: 'der', type: 'spki' }) });
      assert.deepEqual(Buffer.from(out.SharedSecret!), local);
      assert.deepEqual({ KeyId: out.KeyId, KeyAgreementAlgorithm: out.KeyAgreementAlgorithm, KeyOrigin: out.KeyOrigin }, { KeyId: KeyMetadata!.Arn, KeyAgreementAlgorithm: 'ECDH', KeyOrigin: 'AWS_KMS' });
    });
  }

  test('a public key of another curve, of another type, or not DER is a ValidationException with no message (recorded)', async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' }));
    const others = [
      generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ type: 'spki', format: 'der' }),
      generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }),
      Buffer.from('not a public key'),
    ];
    for (const PublicKey of others) {
      const res = await server.raw('DeriveSharedSecret', { KeyId: KeyMetadata!.KeyId!, KeyAgreementAlgorithm: 'ECDH', PublicKey: PublicKey.toString('base64') });
      assert.deepEqual({ status: res.status, body: res.body }, { status: 400, body: { __type: 'ValidationException' } });
    }
  });

  test('a SIGN_VERIFY or ENCRYPT_DECRYPT key is InvalidKeyUsageException (recorded texts)', async () => {
    const signing = (await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }))).KeyMetadata!;
    const PublicKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'der' });
    await assertKmsError(kms.send(new DeriveSharedSecretCommand({ KeyId: signing.KeyId!, KeyAgreementAlgorithm: 'ECDH', PublicKey })),
      'InvalidKeyUsageException', `${signing.Arn} key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret.`);
    await assertKmsError(kms.send(new DeriveSharedSecretCommand({ KeyId: sym.keyId, KeyAgreementAlgorithm: 'ECDH', PublicKey })),
      'InvalidKeyUsageException', `${sym.arn} key usage is ENCRYPT_DECRYPT which is not valid for DeriveSharedSecret.`);
  });
});
