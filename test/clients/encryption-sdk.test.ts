/**
 * The AWS Encryption SDK for JavaScript (@aws-crypto/client-node v4, commitment policy
 * REQUIRE_ENCRYPT_REQUIRE_DECRYPT) against `trent serve` in secure mode: a message encrypted under
 * two Trent keys decrypts with a keyring of either key alone, keeps its encryption context, and
 * does not decrypt with a keyring of an unrelated key. The SDK matches encrypted data keys by the
 * exact key ARN string Trent returns (NOTES.md §1), so this also pins that contract.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { KMS, KMSClient, CreateKeyCommand } from '@aws-sdk/client-kms';
import { buildClient, CommitmentPolicy, getClient, KmsKeyringNode } from '@aws-crypto/client-node';
import { assertKmsError } from '../helpers/assert-kms-error.js';
import { spawnServer, type SpawnedServer } from '../helpers/spawn-server.js';

const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

let server: SpawnedServer;
let clientProvider: ReturnType<typeof getClient<KMS, ConstructorParameters<typeof KMS>[0]>>;
let first: string;
let second: string;
let unrelated: string;
let message: Buffer;

const plaintext = Buffer.from('an envelope for two keys, '.repeat(50));
const context = { purpose: 'esdk-test', tenant: 'acme' };

before(async () => {
  server = await spawnServer();
  const admin = server.adminCredentials;
  assert.ok(admin, `no admin credentials; stderr:\n${server.stderr()}`);
  const credentials = { accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey };
  clientProvider = getClient(KMS, { endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  const kms = new KMSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  const arn = async (description: string) => (await kms.send(new CreateKeyCommand({ Description: description }))).KeyMetadata!.Arn!;
  [first, second, unrelated] = [await arn('esdk generator'), await arn('esdk extra'), await arn('esdk unrelated')];
  kms.destroy();
  const keyring = new KmsKeyringNode({ generatorKeyId: first, keyIds: [second], clientProvider });
  const encrypted = await encrypt(keyring, plaintext, { encryptionContext: context });
  message = encrypted.result;
});

after(async () => {
  await server?.close();
});

test('a message encrypted under a generator and an extra key carries one encrypted data key per key, named by key ARN', async () => {
  const keyring = new KmsKeyringNode({ keyIds: [first], clientProvider });
  const { messageHeader } = await decrypt(keyring, message);
  assert.deepEqual(
    messageHeader.encryptedDataKeys.map((edk) => [edk.providerId, edk.providerInfo]),
    [['aws-kms', first], ['aws-kms', second]],
  );
});

test('decrypting with a keyring of only the generator key gives the plaintext and the encryption context', async () => {
  const { plaintext: decrypted, messageHeader } = await decrypt(new KmsKeyringNode({ keyIds: [first], clientProvider }), message);
  assert.deepEqual(decrypted, plaintext);
  assert.equal(messageHeader.encryptionContext['purpose'], 'esdk-test');
  assert.equal(messageHeader.encryptionContext['tenant'], 'acme');
});

test('decrypting with a keyring of only the extra key gives the plaintext and the encryption context', async () => {
  const { plaintext: decrypted, messageHeader } = await decrypt(new KmsKeyringNode({ keyIds: [second], clientProvider }), message);
  assert.deepEqual(decrypted, plaintext);
  assert.equal(messageHeader.encryptionContext['purpose'], 'esdk-test');
  assert.equal(messageHeader.encryptionContext['tenant'], 'acme');
});

test('decrypting with a keyring of an unrelated key fails: no encrypted data key names it', async () => {
  // The SDK matches encrypted data keys to the keyring's key ARNs locally and calls no KMS at all.
  await assert.rejects(decrypt(new KmsKeyringNode({ keyIds: [unrelated], clientProvider }), message), {
    message: 'unencryptedDataKey has not been set',
  });
});

test('Decrypt of an encrypted data key with the unrelated key as KeyId fails with IncorrectKeyException', async () => {
  const { messageHeader } = await decrypt(new KmsKeyringNode({ keyIds: [first], clientProvider }), message);
  const edk = messageHeader.encryptedDataKeys.find((k) => k.providerInfo === first)!;
  const kms = clientProvider('us-east-1');
  assert.ok(kms);
  try {
    await assertKmsError(
      kms.decrypt({ CiphertextBlob: edk.encryptedDataKey, KeyId: unrelated, EncryptionContext: messageHeader.encryptionContext }),
      'IncorrectKeyException',
      'The key ID in the request does not identify a CMK that can perform this operation.',
    );
  } finally {
    kms.destroy();
  }
});
