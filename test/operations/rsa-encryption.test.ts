/**
 * RSA Encrypt/Decrypt (RSAES_OAEP_SHA_1/SHA_256) and ReEncrypt across symmetric and RSA keys in both
 * directions; ciphertexts interoperate with node:crypto using GetPublicKey's key. Plaintext limits and
 * texts as recorded against AWS (LS-SNAP test_encrypt_validate_plaintext_size_per_key_type).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import {
  CreateKeyCommand, DecryptCommand, EncryptCommand, GenerateDataKeyCommand, GetPublicKeyCommand, ReEncryptCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { assertKmsError } from '../helpers/assert-kms-error.js';

let server: TestServer;
let kms: KMSClient;
const rsa: Record<string, { keyId: string; arn: string; spki: Buffer }> = {};
let sym: { keyId: string; arn: string };
before(async () => {
  server = await startTestServer();
  kms = server.client();
  for (const KeySpec of ['RSA_2048', 'RSA_3072', 'RSA_4096'] as const) {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ KeySpec, KeyUsage: 'ENCRYPT_DECRYPT' }));
    const pub = await kms.send(new GetPublicKeyCommand({ KeyId: KeyMetadata!.KeyId! }));
    rsa[KeySpec] = { keyId: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn!, spki: Buffer.from(pub.PublicKey!) };
  }
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
  sym = { keyId: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn! };
});
after(() => server.close());

const limits: [string, string, number][] = [
  ['RSA_2048', 'RSAES_OAEP_SHA_1', 214], ['RSA_2048', 'RSAES_OAEP_SHA_256', 190],
  ['RSA_3072', 'RSAES_OAEP_SHA_1', 342], ['RSA_3072', 'RSAES_OAEP_SHA_256', 318],
  ['RSA_4096', 'RSAES_OAEP_SHA_1', 470], ['RSA_4096', 'RSAES_OAEP_SHA_256', 446],
];

describe('RSA Encrypt and Decrypt', () => {
  for (const [spec, EncryptionAlgorithm, max] of limits) {
    test(`${spec} ${EncryptionAlgorithm}: ${max} bytes round-trip, node:crypto ciphertext decrypts in Trent, ${max + 1} bytes are refused`, async () => {
      const { keyId, arn, spki } = rsa[spec]!;
      const plaintext = Buffer.alloc(max, 0x5a);
      const enc = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionAlgorithm: EncryptionAlgorithm as never }));
      assert.deepEqual({ KeyId: enc.KeyId, EncryptionAlgorithm: enc.EncryptionAlgorithm, length: enc.CiphertextBlob!.length },
        { KeyId: arn, EncryptionAlgorithm, length: Number(spec.slice(4)) / 8 });
      const dec = await kms.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: enc.CiphertextBlob!, EncryptionAlgorithm: EncryptionAlgorithm as never }));
      assert.deepEqual(Buffer.from(dec.Plaintext!), plaintext);
      assert.deepEqual({ KeyId: dec.KeyId, EncryptionAlgorithm: dec.EncryptionAlgorithm }, { KeyId: arn, EncryptionAlgorithm });
      const oaepHash = EncryptionAlgorithm === 'RSAES_OAEP_SHA_1' ? 'sha1' : 'sha256';
      const local = publicEncrypt({ key: createPublicKey({ key: spki, format: 'der', type: 'spki' }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, Buffer.from('made outside'));
      const fromLocal = await kms.send(new DecryptCommand({ KeyId: arn, CiphertextBlob: local, EncryptionAlgorithm: EncryptionAlgorithm as never }));
      assert.equal(Buffer.from(fromLocal.Plaintext!).toString(), 'made outside');
      await assertKmsError(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.alloc(max + 1), EncryptionAlgorithm: EncryptionAlgorithm as never })),
        'ValidationException', `Algorithm ${EncryptionAlgorithm} and key spec ${spec} cannot encrypt data larger than ${max} bytes.`);
    });
  }

  test('a ciphertext decrypted with the other OAEP hash, or altered, is InvalidCiphertextException with no message', async () => {
    const { keyId } = rsa['RSA_2048']!;
    const enc = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    const altered = Buffer.from(enc.CiphertextBlob!);
    altered[10]! ^= 1;
    for (const [blob, alg] of [[enc.CiphertextBlob!, 'RSAES_OAEP_SHA_1'], [altered, 'RSAES_OAEP_SHA_256'], [altered.subarray(1), 'RSAES_OAEP_SHA_256']] as const) {
      const res = await server.raw('Decrypt', { KeyId: keyId, CiphertextBlob: Buffer.from(blob).toString('base64'), EncryptionAlgorithm: alg });
      assert.deepEqual({ status: res.status, body: res.body }, { status: 400, body: { __type: 'InvalidCiphertextException' } });
    }
  });

  test('an RSA key with SYMMETRIC_DEFAULT, or a symmetric key with RSAES_OAEP, is InvalidKeyUsageException', async () => {
    const { keyId, arn } = rsa['RSA_2048']!;
    await assertKmsError(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })),
      'InvalidKeyUsageException', `The encryption algorithm SYMMETRIC_DEFAULT is not valid for ${arn}.`);
    await assertKmsError(kms.send(new EncryptCommand({ KeyId: sym.keyId, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
      'InvalidKeyUsageException', `The encryption algorithm RSAES_OAEP_SHA_256 is not valid for ${sym.arn}.`);
  });

  test('Decrypt with RSAES_OAEP and no KeyId is a ValidationException; an encryption context with an RSA key too', async () => {
    await assertKmsError(kms.send(new DecryptCommand({ CiphertextBlob: Buffer.alloc(256, 1), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
      'ValidationException', 'KeyId is required when the encryption algorithm is RSAES_OAEP_SHA_256.');
    await assertKmsError(kms.send(new EncryptCommand({ KeyId: rsa['RSA_2048']!.keyId, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', EncryptionContext: { a: 'b' } })),
      'ValidationException', 'EncryptionContext is not supported for asymmetric KMS keys.');
  });

  test('GenerateDataKey under an RSA encryption key is InvalidKeyUsageException naming the key spec', async () => {
    const { keyId, arn } = rsa['RSA_2048']!;
    await assertKmsError(kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' })),
      'InvalidKeyUsageException', `${arn} key spec is RSA_2048 which is not valid for GenerateDataKey.`);
  });
});

describe('ReEncrypt across symmetric and RSA keys', () => {
  test('symmetric → RSA → RSA → symmetric, and the result decrypts each time', async () => {
    const message = Buffer.from('moving between keys');
    const first = await kms.send(new EncryptCommand({ KeyId: sym.keyId, Plaintext: message, EncryptionContext: { k: 'v' } }));
    const toRsa = await kms.send(new ReEncryptCommand({
      CiphertextBlob: first.CiphertextBlob!, SourceEncryptionContext: { k: 'v' },
      DestinationKeyId: rsa['RSA_2048']!.keyId, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
    }));
    assert.deepEqual({ SourceKeyId: toRsa.SourceKeyId, KeyId: toRsa.KeyId, src: toRsa.SourceEncryptionAlgorithm, dst: toRsa.DestinationEncryptionAlgorithm, dstMaterial: toRsa.DestinationKeyMaterialId },
      { SourceKeyId: sym.arn, KeyId: rsa['RSA_2048']!.arn, src: 'SYMMETRIC_DEFAULT', dst: 'RSAES_OAEP_SHA_256', dstMaterial: undefined });
    const rsaToRsa = await kms.send(new ReEncryptCommand({
      CiphertextBlob: toRsa.CiphertextBlob!, SourceKeyId: rsa['RSA_2048']!.arn, SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
      DestinationKeyId: rsa['RSA_3072']!.keyId, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_1',
    }));
    assert.equal(rsaToRsa.CiphertextBlob!.length, 384);
    const back = await kms.send(new ReEncryptCommand({
      CiphertextBlob: rsaToRsa.CiphertextBlob!, SourceKeyId: rsa['RSA_3072']!.keyId, SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_1',
      DestinationKeyId: sym.keyId, DestinationEncryptionContext: { back: 'yes' },
    }));
    assert.equal(back.SourceKeyMaterialId, undefined);
    assert.match(back.DestinationKeyMaterialId!, /^[0-9a-f]{64}$/);
    const dec = await kms.send(new DecryptCommand({ CiphertextBlob: back.CiphertextBlob!, EncryptionContext: { back: 'yes' } }));
    assert.deepEqual(Buffer.from(dec.Plaintext!), message);
  });

  test('ReEncrypt of a plaintext longer than the RSA destination allows is the recorded ValidationException', async () => {
    const first = await kms.send(new EncryptCommand({ KeyId: sym.keyId, Plaintext: Buffer.alloc(300, 1) }));
    await assertKmsError(kms.send(new ReEncryptCommand({ CiphertextBlob: first.CiphertextBlob!, DestinationKeyId: rsa['RSA_2048']!.keyId, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
      'ValidationException', 'Algorithm RSAES_OAEP_SHA_256 and key spec RSA_2048 cannot encrypt data larger than 190 bytes.');
  });
});
