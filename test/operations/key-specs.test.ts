/**
 * CreateKey for every KeySpec × KeyUsage pair AWS allows, with the exact KeyMetadata algorithm lists,
 * and AWS's errors for the pairs it refuses (Developer Guide, "Key spec reference"; research §8).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateKeyCommand, DescribeKeyCommand, GetPublicKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { createPublicKey } from 'node:crypto';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { assertKmsError } from '../helpers/assert-kms-error.js';

let server: TestServer;
let kms: KMSClient;
before(async () => { server = await startTestServer(); kms = server.client(); });
after(() => server.close());

const rsaSigning = ['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512', 'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512'];
const rsaEncryption = ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'];

/** [KeySpec, KeyUsage, the metadata member AWS fills, its list]: every allowed pair. */
const allowed: [string, string, string, string[]][] = [
  ['RSA_2048', 'ENCRYPT_DECRYPT', 'EncryptionAlgorithms', rsaEncryption],
  ['RSA_3072', 'ENCRYPT_DECRYPT', 'EncryptionAlgorithms', rsaEncryption],
  ['RSA_4096', 'ENCRYPT_DECRYPT', 'EncryptionAlgorithms', rsaEncryption],
  ['RSA_2048', 'SIGN_VERIFY', 'SigningAlgorithms', rsaSigning],
  ['RSA_3072', 'SIGN_VERIFY', 'SigningAlgorithms', rsaSigning],
  ['RSA_4096', 'SIGN_VERIFY', 'SigningAlgorithms', rsaSigning],
  ['ECC_NIST_P256', 'SIGN_VERIFY', 'SigningAlgorithms', ['ECDSA_SHA_256']],
  ['ECC_NIST_P384', 'SIGN_VERIFY', 'SigningAlgorithms', ['ECDSA_SHA_384']],
  ['ECC_NIST_P521', 'SIGN_VERIFY', 'SigningAlgorithms', ['ECDSA_SHA_512']],
  ['ECC_SECG_P256K1', 'SIGN_VERIFY', 'SigningAlgorithms', ['ECDSA_SHA_256']],
  ['ECC_NIST_P256', 'KEY_AGREEMENT', 'KeyAgreementAlgorithms', ['ECDH']],
  ['ECC_NIST_P384', 'KEY_AGREEMENT', 'KeyAgreementAlgorithms', ['ECDH']],
  ['ECC_NIST_P521', 'KEY_AGREEMENT', 'KeyAgreementAlgorithms', ['ECDH']],
  ['ECC_NIST_EDWARDS25519', 'SIGN_VERIFY', 'SigningAlgorithms', ['ED25519_SHA_512', 'ED25519_PH_SHA_512']],
  ['ML_DSA_44', 'SIGN_VERIFY', 'SigningAlgorithms', ['ML_DSA_SHAKE_256']],
  ['ML_DSA_65', 'SIGN_VERIFY', 'SigningAlgorithms', ['ML_DSA_SHAKE_256']],
  ['ML_DSA_87', 'SIGN_VERIFY', 'SigningAlgorithms', ['ML_DSA_SHAKE_256']],
  ['HMAC_224', 'GENERATE_VERIFY_MAC', 'MacAlgorithms', ['HMAC_SHA_224']],
  ['HMAC_256', 'GENERATE_VERIFY_MAC', 'MacAlgorithms', ['HMAC_SHA_256']],
  ['HMAC_384', 'GENERATE_VERIFY_MAC', 'MacAlgorithms', ['HMAC_SHA_384']],
  ['HMAC_512', 'GENERATE_VERIFY_MAC', 'MacAlgorithms', ['HMAC_SHA_512']],
];
const lists = ['EncryptionAlgorithms', 'SigningAlgorithms', 'MacAlgorithms', 'KeyAgreementAlgorithms'];
const cmkSpecless = new Set(['ECC_NIST_EDWARDS25519', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87']);

describe('CreateKey with every allowed KeySpec and KeyUsage', () => {
  for (const [KeySpec, KeyUsage, member, list] of allowed) {
    test(`${KeySpec} ${KeyUsage} has ${member} ${list.join(',')} in CreateKey and DescribeKey`, async () => {
      const { KeyMetadata: created } = await kms.send(new CreateKeyCommand({ KeySpec: KeySpec as never, KeyUsage: KeyUsage as never }));
      const { KeyMetadata: described } = await kms.send(new DescribeKeyCommand({ KeyId: created!.KeyId! }));
      for (const md of [created!, described!]) {
        const m = md as unknown as Record<string, unknown>;
        assert.equal(m['KeySpec'], KeySpec);
        assert.equal(m['KeyUsage'], KeyUsage);
        assert.equal(m['CustomerMasterKeySpec'], cmkSpecless.has(KeySpec) ? undefined : KeySpec);
        assert.equal(m['KeyState'], 'Enabled');
        assert.deepEqual(m[member], list);
        for (const other of lists.filter((l) => l !== member)) assert.equal(m[other], undefined, other);
        // AWS reports CurrentKeyMaterialId for symmetric encryption keys only (recorded for HMAC).
        assert.equal(m['CurrentKeyMaterialId'], undefined);
      }
      if (!KeySpec.startsWith('HMAC')) {
        const pub = await kms.send(new GetPublicKeyCommand({ KeyId: created!.KeyId! }));
        assert.equal(pub.KeyId, created!.Arn);
        assert.equal(pub.KeyUsage, KeyUsage);
        assert.deepEqual((pub as unknown as Record<string, unknown>)[member], list);
        if (!KeySpec.startsWith('ML_DSA')) {
          const parsed = createPublicKey({ key: Buffer.from(pub.PublicKey!), format: 'der', type: 'spki' });
          assert.equal(parsed.asymmetricKeyType, KeySpec.startsWith('RSA') ? 'rsa' : KeySpec === 'ECC_NIST_EDWARDS25519' ? 'ed25519' : 'ec');
        }
      }
    });
  }

  test('the deprecated CustomerMasterKeySpec creates the same key as KeySpec', async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ CustomerMasterKeySpec: 'ECC_SECG_P256K1', KeyUsage: 'SIGN_VERIFY' }));
    assert.equal(KeyMetadata!.KeySpec, 'ECC_SECG_P256K1');
    assert.deepEqual(KeyMetadata!.SigningAlgorithms, ['ECDSA_SHA_256']);
  });
});

describe('CreateKey refuses what AWS refuses', () => {
  test('an asymmetric or HMAC KeySpec without KeyUsage is a ValidationException (recorded text)', async () => {
    for (const KeySpec of ['RSA_2048', 'ECC_NIST_P256', 'HMAC_256', 'ML_DSA_44', 'ECC_NIST_EDWARDS25519'] as const) {
      await assertKmsError(kms.send(new CreateKeyCommand({ KeySpec })), 'ValidationException',
        'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
    }
  });

  test('every KeySpec × KeyUsage pair AWS does not allow is a ValidationException naming both', async () => {
    const usages = ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'];
    const specs = [...new Set(allowed.map(([s]) => s)), 'SYMMETRIC_DEFAULT'];
    let refused = 0;
    for (const KeySpec of specs) {
      for (const KeyUsage of usages) {
        const ok = allowed.some(([s, u]) => s === KeySpec && u === KeyUsage) || (KeySpec === 'SYMMETRIC_DEFAULT' && KeyUsage === 'ENCRYPT_DECRYPT');
        if (ok) continue;
        await assertKmsError(kms.send(new CreateKeyCommand({ KeySpec: KeySpec as never, KeyUsage: KeyUsage as never })),
          'ValidationException', `KeyUsage ${KeyUsage} is not compatible with KeySpec ${KeySpec}`);
        refused++;
      }
    }
    assert.equal(refused, specs.length * 4 - allowed.length - 1);
  });

  test('SM2 is refused with a 400 UnsupportedOperationException, and the server keeps serving', async () => {
    for (const KeyUsage of ['SIGN_VERIFY', 'ENCRYPT_DECRYPT', 'KEY_AGREEMENT'] as const) {
      await assertKmsError(kms.send(new CreateKeyCommand({ KeySpec: 'SM2', KeyUsage })), 'UnsupportedOperationException',
        'KeySpec SM2 is not supported by this server.');
    }
    const res = await server.raw('CreateKey', { KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' });
    assert.equal(res.status, 400);
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    assert.equal(KeyMetadata!.KeySpec, 'SYMMETRIC_DEFAULT');
  });

  test('GetPublicKey of a symmetric or HMAC key is UnsupportedOperationException', async () => {
    for (const input of [{}, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }] as const) {
      const { KeyMetadata } = await kms.send(new CreateKeyCommand(input as never));
      await assertKmsError(kms.send(new GetPublicKeyCommand({ KeyId: KeyMetadata!.KeyId! })), 'UnsupportedOperationException',
        `${KeyMetadata!.Arn} key spec is ${KeyMetadata!.KeySpec} which is not valid for GetPublicKey.`);
    }
  });
});
