/**
 * Imported key material end to end through the AWS SDK (issue 14 item 4): CreateKey Origin
 * EXTERNAL, GetParametersForImport with every wrapping algorithm, ImportKeyMaterial, expiry by the
 * moved clock, re-import, DeleteImportedKeyMaterial, NEW_KEY_MATERIAL + RotateKeyOnDemand, and the
 * errors for foreign, tampered and expired tokens and wrapped material.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  CreateKeyCommand, DecryptCommand, DeleteImportedKeyMaterialCommand, DescribeKeyCommand, EncryptCommand, EnableKeyRotationCommand,
  GetParametersForImportCommand, ImportKeyMaterialCommand, ListKeyRotationsCommand, RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand, CancelKeyDeletionCommand, type AlgorithmSpec, type KMSClient, type WrappingKeySpec,
} from '@aws-sdk/client-kms';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { assertKmsError } from '../helpers/assert-kms-error.js';
import { advanceClock, daySeconds, serverNow } from '../helpers/dev-clock.js';
import { wrapForImport } from '../helpers/wrap-material.js';

let server: TestServer;
let kms: KMSClient;

before(async () => {
  server = await startTestServer();
  kms = server.client();
});
after(() => server.close());

async function externalKey(): Promise<{ keyId: string; arn: string }> {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL', Description: 'imported' }));
  assert.equal(KeyMetadata!.KeyState, 'PendingImport');
  assert.equal(KeyMetadata!.Enabled, false);
  assert.equal(KeyMetadata!.Origin, 'EXTERNAL');
  assert.equal(KeyMetadata!.CurrentKeyMaterialId, undefined);
  return { keyId: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn! };
}

async function params(keyId: string, algorithm: AlgorithmSpec = 'RSAES_OAEP_SHA_256', spec: WrappingKeySpec = 'RSA_2048') {
  const p = await kms.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: spec }));
  return { token: p.ImportToken!, publicKey: p.PublicKey!, validTo: p.ParametersValidTo!, keyId: p.KeyId!, algorithm };
}

async function importInto(keyId: string, material: Uint8Array, extra: Record<string, unknown> = { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }) {
  const p = await params(keyId);
  return kms.send(new ImportKeyMaterialCommand({ KeyId: keyId, ImportToken: p.token, EncryptedKeyMaterial: wrapForImport(p.algorithm, p.publicKey, material), ...extra }));
}

describe('imported key material', () => {
  test('every wrapping algorithm and RSA size imports; the key becomes Enabled and encrypts', async () => {
    const cases: Array<[AlgorithmSpec, WrappingKeySpec]> = [
      ['RSAES_OAEP_SHA_1', 'RSA_2048'], ['RSAES_OAEP_SHA_256', 'RSA_3072'], ['RSA_AES_KEY_WRAP_SHA_1', 'RSA_2048'], ['RSA_AES_KEY_WRAP_SHA_256', 'RSA_4096'],
    ];
    for (const [algorithm, spec] of cases) {
      const key = await externalKey();
      const before = (await serverNow(server.endpoint)).getTime();
      const p = await params(key.keyId, algorithm, spec);
      const after = (await serverNow(server.endpoint)).getTime();
      assert.equal(p.keyId, key.arn);
      const day = 24 * 3600 * 1000;
      assert.ok(p.validTo.getTime() >= before + day - 1000 && p.validTo.getTime() <= after + day + 1000, 'valid 24 hours');
      const material = randomBytes(32);
      const imported = await kms.send(new ImportKeyMaterialCommand({
        KeyId: key.keyId, ImportToken: p.token, EncryptedKeyMaterial: wrapForImport(algorithm, p.publicKey, material), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
      }));
      assert.equal(imported.KeyId, key.arn);
      assert.match(imported.KeyMaterialId!, /^[0-9a-f]{64}$/);
      const meta = (await kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))).KeyMetadata!;
      assert.deepEqual([meta.KeyState, meta.Enabled, meta.ExpirationModel, meta.CurrentKeyMaterialId], ['Enabled', true, 'KEY_MATERIAL_DOES_NOT_EXPIRE', imported.KeyMaterialId], `${algorithm} ${spec}`);
      const blob = (await kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('hi') }))).CiphertextBlob!;
      assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), 'hi');
    }
  });

  test('import, expire by moving the clock, re-import the same material: old ciphertexts decrypt again', async () => {
    const key = await externalKey();
    const material = randomBytes(32);
    const now = await serverNow(server.endpoint);
    const validTo = new Date(now.getTime() + 2 * daySeconds * 1000);
    const first = await importInto(key.keyId, material, { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo, KeyMaterialDescription: 'first import' });
    const meta = (await kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))).KeyMetadata!;
    assert.equal(meta.ExpirationModel, 'KEY_MATERIAL_EXPIRES');
    assert.equal(meta.ValidTo!.getTime(), validTo.getTime());
    const blob = (await kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('kept') }))).CiphertextBlob!;

    await advanceClock(server.endpoint, 3 * daySeconds);
    const expired = (await kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))).KeyMetadata!;
    assert.deepEqual([expired.KeyState, expired.ExpirationModel, expired.ValidTo, expired.CurrentKeyMaterialId], ['PendingImport', undefined, undefined, first.KeyMaterialId]);
    await assertKmsError(kms.send(new DecryptCommand({ CiphertextBlob: blob })), 'KMSInvalidStateException', `${key.arn} is pending import.`);
    await assertKmsError(kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('x') })), 'KMSInvalidStateException', `${key.arn} is pending import.`);

    await assertKmsError(importInto(key.keyId, randomBytes(32)), 'IncorrectKeyMaterialException',
      'The key material in the request is not the key material previously imported into this KMS key.');
    const again = await importInto(key.keyId, material);
    assert.equal(again.KeyMaterialId, first.KeyMaterialId);
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))).KeyMetadata!.KeyState, 'Enabled');
    assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), 'kept');
  });

  test('DeleteImportedKeyMaterial: PendingImport at once, old ciphertexts fail until the same material returns', async () => {
    const key = await externalKey();
    const material = randomBytes(32);
    const { KeyMaterialId } = await importInto(key.keyId, material);
    const blob = (await kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('x') }))).CiphertextBlob!;
    const deleted = await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.keyId }));
    assert.deepEqual([deleted.KeyId, deleted.KeyMaterialId], [key.arn, KeyMaterialId]);
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))).KeyMetadata!.KeyState, 'PendingImport');
    await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.keyId }));
    await importInto(key.keyId, material);
    assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), 'x');
  });

  test('NEW_KEY_MATERIAL waits for RotateKeyOnDemand; both materials decrypt their ciphertexts', async () => {
    const key = await externalKey();
    const firstId = (await importInto(key.keyId, randomBytes(32))).KeyMaterialId!;
    const oldBlob = (await kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('one') }))).CiphertextBlob!;
    await assertKmsError(kms.send(new RotateKeyOnDemandCommand({ KeyId: key.keyId })), 'KMSInvalidStateException',
      `No available key material pending rotation for the key: ${key.arn}.`);
    const secondId = (await importInto(key.keyId, randomBytes(32), { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ImportType: 'NEW_KEY_MATERIAL' })).KeyMaterialId!;
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))).KeyMetadata!.CurrentKeyMaterialId, firstId, 'still the first');
    const third = randomBytes(32);
    const p = await params(key.keyId);
    // The message names the rejected material's id (a 64-hex HMAC of it) and the pending one's.
    await assert.rejects(kms.send(new ImportKeyMaterialCommand({ KeyId: key.keyId, ImportToken: p.token, EncryptedKeyMaterial: wrapForImport(p.algorithm, p.publicKey, third), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ImportType: 'NEW_KEY_MATERIAL' })),
      (error: Error) => error.name === 'KMSInvalidStateException'
        && new RegExp(`^New key material \\(id: [0-9a-f]{64}\\) cannot be imported into KMS key ${key.keyId}, because another key material \\(id: ${secondId}\\) is pending rotation\\.$`).test(error.message));
    const all = await kms.send(new ListKeyRotationsCommand({ KeyId: key.keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }));
    assert.deepEqual(all.Rotations!.map((r) => [r.KeyMaterialId, r.KeyMaterialState, r.ImportState]), [[firstId, 'CURRENT', 'IMPORTED'], [secondId, 'PENDING_ROTATION', 'IMPORTED']]);
    await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.keyId }));
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))).KeyMetadata!.CurrentKeyMaterialId, secondId);
    const newBlob = (await kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('two') }))).CiphertextBlob!;
    assert.equal((await kms.send(new DecryptCommand({ CiphertextBlob: oldBlob }))).KeyMaterialId, firstId);
    assert.equal((await kms.send(new DecryptCommand({ CiphertextBlob: newBlob }))).KeyMaterialId, secondId);
  });
});

describe('import: bad input gets AWS errors and writes nothing', () => {
  test('tokens: of another key, tampered, expired; wrapped material: tampered or wrong size', async () => {
    const key = await externalKey();
    const other = await externalKey();
    const material = randomBytes(32);
    const p = await params(key.keyId);
    const wrapped = wrapForImport(p.algorithm, p.publicKey, material);
    const base = { KeyId: key.keyId, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' as const };
    const invalidToken = 'The import token is invalid or was not issued for this KMS key.';
    await assertKmsError(kms.send(new ImportKeyMaterialCommand({ ...base, KeyId: other.keyId, ImportToken: p.token, EncryptedKeyMaterial: wrapped })), 'InvalidImportTokenException', invalidToken);
    for (const at of [0, 5, 13, p.token.length - 1]) {
      const tampered = Buffer.from(p.token);
      tampered[at]! ^= 1;
      await assertKmsError(kms.send(new ImportKeyMaterialCommand({ ...base, ImportToken: tampered, EncryptedKeyMaterial: wrapped })), 'InvalidImportTokenException', invalidToken);
    }
    await assertKmsError(kms.send(new ImportKeyMaterialCommand({ ...base, ImportToken: Buffer.from('short'), EncryptedKeyMaterial: wrapped })), 'InvalidImportTokenException', invalidToken);
    const badMaterial = 'The EncryptedKeyMaterial could not be decrypted with the wrapping key of the import token, or is not valid key material for this KMS key.';
    const flipped = Buffer.from(wrapped);
    flipped[10]! ^= 1;
    await assertKmsError(kms.send(new ImportKeyMaterialCommand({ ...base, ImportToken: p.token, EncryptedKeyMaterial: flipped })), 'InvalidCiphertextException', badMaterial);
    await assertKmsError(kms.send(new ImportKeyMaterialCommand({ ...base, ImportToken: p.token, EncryptedKeyMaterial: wrapForImport(p.algorithm, p.publicKey, randomBytes(16)) })), 'InvalidCiphertextException', badMaterial);
    const kwp = await params(key.keyId, 'RSA_AES_KEY_WRAP_SHA_256');
    const kwpWrapped = wrapForImport('RSA_AES_KEY_WRAP_SHA_256', kwp.publicKey, material);
    kwpWrapped[kwpWrapped.length - 3]! ^= 1;
    await assertKmsError(kms.send(new ImportKeyMaterialCommand({ ...base, ImportToken: kwp.token, EncryptedKeyMaterial: kwpWrapped })), 'InvalidCiphertextException', badMaterial);
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))).KeyMetadata!.KeyState, 'PendingImport', 'nothing half-written');

    await advanceClock(server.endpoint, daySeconds + 1);
    await assertKmsError(kms.send(new ImportKeyMaterialCommand({ ...base, ImportToken: p.token, EncryptedKeyMaterial: wrapped })), 'ExpiredImportTokenException',
      'The import token has expired. Call GetParametersForImport to get a new one.');
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))).KeyMetadata!.KeyState, 'PendingImport');
  });

  test('ExpirationModel and ValidTo rules', async () => {
    const key = await externalKey();
    const p = await params(key.keyId);
    const wrapped = wrapForImport(p.algorithm, p.publicKey, randomBytes(32));
    const base = { KeyId: key.keyId, ImportToken: p.token, EncryptedKeyMaterial: wrapped };
    await assertKmsError(kms.send(new ImportKeyMaterialCommand(base)), 'ValidationException', 'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES');
    const now = (await serverNow(server.endpoint)).getTime();
    await assertKmsError(kms.send(new ImportKeyMaterialCommand({ ...base, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ValidTo: new Date(now + 3600_000) })), 'ValidationException',
      'A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE');
    for (const validTo of [now - 1000, now + 366 * daySeconds * 1000]) {
      await assertKmsError(kms.send(new ImportKeyMaterialCommand({ ...base, ValidTo: new Date(validTo) })), 'ValidationException',
        'The validTo date must be in the future and no more than 365 days from now');
    }
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))).KeyMetadata!.KeyState, 'PendingImport');
  });

  test('wrong origin, wrong state, RSAES_PKCS1_V1_5, and rotation settings of imported keys', async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    const aws = KeyMetadata!.Arn!;
    await assertKmsError(kms.send(new GetParametersForImportCommand({ KeyId: aws, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })),
      'UnsupportedOperationException', `${aws} origin is AWS_KMS which is not valid for this operation.`);
    await assertKmsError(kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: aws })), 'UnsupportedOperationException', `${aws} origin is AWS_KMS which is not valid for this operation.`);
    const key = await externalKey();
    await assertKmsError(kms.send(new GetParametersForImportCommand({ KeyId: key.keyId, WrappingAlgorithm: 'RSAES_PKCS1_V1_5', WrappingKeySpec: 'RSA_2048' })),
      'UnsupportedOperationException', 'Trent does not support the wrapping algorithm RSAES_PKCS1_V1_5 (it is vulnerable to padding-oracle attacks); use RSAES_OAEP_SHA_256 or RSA_AES_KEY_WRAP_SHA_256.');
    await assertKmsError(kms.send(new EnableKeyRotationCommand({ KeyId: key.keyId })), 'UnsupportedOperationException', `${key.arn} origin is EXTERNAL which is not valid for this operation.`);
    await assertKmsError(kms.send(new RotateKeyOnDemandCommand({ KeyId: key.keyId })), 'KMSInvalidStateException', `${key.arn} is pending import.`);
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
    await assertKmsError(kms.send(new GetParametersForImportCommand({ KeyId: key.keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })),
      'KMSInvalidStateException', `${key.arn} is pending deletion.`);
    await kms.send(new CancelKeyDeletionCommand({ KeyId: key.keyId }));
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))).KeyMetadata!.KeyState, 'PendingImport', 'no material: back to PendingImport');
  });
});
