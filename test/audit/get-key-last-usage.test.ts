/**
 * Issue 18 item 6: GetKeyLastUsage answered from the trail: the last successful cryptographic
 * operation (its name, time, CloudTrail eventID and request id), TrackingStartDate and
 * KeyCreationDate as the API Reference defines them.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyLastUsage.html
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAliasCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, GenerateDataKeyWithoutPlaintextCommand,
  GetKeyLastUsageCommand, ReEncryptCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import type { AuditTools } from '../../src/app.js';
import { assertKmsError } from '../helpers/assert-kms-error.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { auditOf, recordsOfRequest } from './helpers.js';

let server: TestServer;
let kms: KMSClient;
let tools: AuditTools;
before(async () => {
  server = await startTestServer();
  kms = server.client();
  tools = await auditOf(server.dataDir);
});
after(async () => {
  await tools.close();
  await server.close();
});

async function lastUsage(keyId: string) {
  return kms.send(new GetKeyLastUsageCommand({ KeyId: keyId }));
}

test('a new key has no KeyLastUsage, and tracking starts at its creation', async () => {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
  const usage = await lastUsage(KeyMetadata!.Arn!);
  assert.equal(usage.KeyId, KeyMetadata!.KeyId);
  assert.equal(usage.KeyLastUsage, undefined);
  assert.equal(usage.KeyCreationDate!.getTime(), KeyMetadata!.CreationDate!.getTime());
  assert.equal(usage.TrackingStartDate!.getTime(), KeyMetadata!.CreationDate!.getTime());
});

test('the last successful cryptographic operation is reported with its event id and request id', async () => {
  const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  const encrypted = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), EncryptionContext: { a: '1' } }));
  const [record] = await recordsOfRequest(tools, encrypted.$metadata.requestId!);
  let usage = await lastUsage(keyId);
  assert.deepEqual(
    { ...usage.KeyLastUsage, Timestamp: undefined },
    { Operation: 'Encrypt', CloudTrailEventId: record!['eventID'], KmsRequestId: encrypted.$metadata.requestId, Timestamp: undefined },
  );
  assert.equal(Math.floor(usage.KeyLastUsage!.Timestamp!.getTime() / 1000) * 1000, Date.parse(record!['eventTime']));

  // Failures, dry runs and non-cryptographic calls leave it as it was.
  await assert.rejects(kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: { a: '2' } })));
  await assert.rejects(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), DryRun: true })));
  await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
  usage = await lastUsage(keyId);
  assert.equal(usage.KeyLastUsage!.CloudTrailEventId, record!['eventID']);

  const generated = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyId, KeySpec: 'AES_256' }));
  usage = await lastUsage(keyId);
  assert.equal(usage.KeyLastUsage!.Operation, 'GenerateDataKeyWithoutPlaintext');
  assert.equal(usage.KeyLastUsage!.KmsRequestId, generated.$metadata.requestId);
});

test('ReEncrypt counts as a use of both the source and the destination key', async () => {
  const source = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  const destination = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: source, Plaintext: Buffer.from('move me') }));
  const moved = await kms.send(new ReEncryptCommand({ CiphertextBlob, DestinationKeyId: destination }));
  for (const keyId of [source, destination]) {
    const usage = await lastUsage(keyId);
    assert.equal(usage.KeyLastUsage!.Operation, 'ReEncrypt');
    assert.equal(usage.KeyLastUsage!.KmsRequestId, moved.$metadata.requestId);
  }
});

test('an alias name is not accepted: NotFoundException', async () => {
  const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/usage', TargetKeyId: keyId }));
  await assertKmsError(lastUsage('alias/usage'), 'NotFoundException', "Invalid keyId 'alias/usage'");
});
