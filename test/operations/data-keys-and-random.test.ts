import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateKeyCommand, DecryptCommand, GenerateDataKeyCommand, GenerateDataKeyWithoutPlaintextCommand, GenerateRandomCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { assertKmsError } from '../helpers/assert-kms-error.js';

let server: TestServer;
let kms: KMSClient;
let keyId: string;
let keyArn: string;
before(async () => {
  server = await startTestServer();
  kms = server.client();
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
  keyId = KeyMetadata!.KeyId!;
  keyArn = KeyMetadata!.Arn!;
});
after(() => server.close());

describe('GenerateDataKey', () => {
  test('AES_256 and AES_128 give 32 and 16 bytes whose blob decrypts to the same bytes; KeyId is the key ARN', async () => {
    for (const [KeySpec, size] of [['AES_256', 32], ['AES_128', 16]] as const) {
      const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec, EncryptionContext: { file: 'a.txt' } }));
      assert.equal(dk.KeyId, keyArn);
      assert.equal(dk.Plaintext!.length, size);
      assert.match(dk.KeyMaterialId!, /^[0-9a-f]{64}$/);
      const dec = await kms.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: { file: 'a.txt' } }));
      assert.deepEqual(Buffer.from(dec.Plaintext!), Buffer.from(dk.Plaintext!));
    }
  });

  test('NumberOfBytes gives that many bytes', async () => {
    const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes: 7 }));
    assert.equal(dk.Plaintext!.length, 7);
  });

  test('neither or both of KeySpec and NumberOfBytes is a ValidationException', async () => {
    const message = 'Please specify either number of bytes or key spec.';
    await assertKmsError(kms.send(new GenerateDataKeyCommand({ KeyId: keyId })), 'ValidationException', message);
    await assertKmsError(kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', NumberOfBytes: 32 })), 'ValidationException', message);
  });

  test('NumberOfBytes 0 and 1025 are range ValidationExceptions', async () => {
    const res = await server.raw('GenerateDataKey', { KeyId: keyId, NumberOfBytes: 1025 });
    assert.deepEqual(res.body, { __type: 'ValidationException', message: "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024" });
  });

  test('WithoutPlaintext returns only the blob, which Decrypt opens', async () => {
    const res = await server.raw('GenerateDataKeyWithoutPlaintext', { KeyId: 'alias/none-yet'.replace('alias/none-yet', keyId), KeySpec: 'AES_256' });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body).sort(), ['CiphertextBlob', 'KeyId', 'KeyMaterialId']);
    const dk = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyArn, KeySpec: 'AES_128' }));
    const dec = await kms.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob }));
    assert.equal(dec.Plaintext!.length, 16);
  });
});

describe('GenerateRandom', () => {
  test('returns exactly NumberOfBytes random bytes for 1, 44 and 1024', async () => {
    for (const n of [1, 44, 1024]) {
      const { Plaintext } = await kms.send(new GenerateRandomCommand({ NumberOfBytes: n }));
      assert.equal(Plaintext!.length, n);
    }
    const a = await kms.send(new GenerateRandomCommand({ NumberOfBytes: 32 }));
    const b = await kms.send(new GenerateRandomCommand({ NumberOfBytes: 32 }));
    assert.notDeepEqual(Buffer.from(a.Plaintext!), Buffer.from(b.Plaintext!));
  });

  test('0 and 1025 bytes are the recorded range ValidationExceptions; none is "NumberOfBytes is required."', async () => {
    const zero = await server.raw('GenerateRandom', { NumberOfBytes: 0 });
    assert.deepEqual(zero.body, { __type: 'ValidationException', message: "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1" });
    const big = await server.raw('GenerateRandom', { NumberOfBytes: 1025 });
    assert.deepEqual(big.body, { __type: 'ValidationException', message: "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024" });
    const none = await server.raw('GenerateRandom', {});
    assert.deepEqual(none.body, { __type: 'ValidationException', message: 'NumberOfBytes is required.' });
  });
});
