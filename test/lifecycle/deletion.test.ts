/**
 * Scheduled deletion end to end through the AWS SDK (issue 14 item 3): ScheduleKeyDeletion,
 * CancelKeyDeletion, and the destruction of the key, its aliases and its material when the moved
 * clock reaches the deletion date; afterwards every call naming the key is NotFoundException and
 * its ciphertexts answer as for a key that never existed (AccessDeniedException).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CancelKeyDeletionCommand, CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, EncryptCommand,
  EnableKeyCommand, ListAliasesCommand, ListKeysCommand, ScheduleKeyDeletionCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { assertKmsError } from '../helpers/assert-kms-error.js';
import { advanceClock, daySeconds, serverNow } from '../helpers/dev-clock.js';

let server: TestServer;
let kms: KMSClient;

before(async () => {
  server = await startTestServer();
  kms = server.client();
});
after(() => server.close());

async function newKey(): Promise<{ keyId: string; arn: string }> {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
  return { keyId: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn! };
}

describe('ScheduleKeyDeletion and CancelKeyDeletion', () => {
  test('schedule 7 days, advance 6 (still PendingDeletion, cancel → Disabled), schedule again, advance 8 → gone', async () => {
    const key = await newKey();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/doomed', TargetKeyId: key.keyId }));
    const blob = (await kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('x') }))).CiphertextBlob!;
    const now = await serverNow(server.endpoint);
    const scheduled = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
    assert.equal(scheduled.KeyId, key.arn);
    assert.equal(scheduled.KeyState, 'PendingDeletion');
    assert.equal(scheduled.PendingWindowInDays, 7);
    assert.ok(Math.abs(scheduled.DeletionDate!.getTime() - (now.getTime() + 7 * daySeconds * 1000)) < 5_000);
    const described = (await kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))).KeyMetadata!;
    assert.equal(described.KeyState, 'PendingDeletion');
    assert.equal(described.Enabled, false);
    assert.deepEqual(described.DeletionDate, scheduled.DeletionDate);
    await assertKmsError(kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('x') })), 'KMSInvalidStateException', `${key.arn} is pending deletion.`);
    await assertKmsError(kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId })), 'KMSInvalidStateException', `${key.arn} is pending deletion.`);

    await advanceClock(server.endpoint, 6 * daySeconds);
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))).KeyMetadata!.KeyState, 'PendingDeletion');
    assert.deepEqual(await kms.send(new CancelKeyDeletionCommand({ KeyId: key.keyId })).then((r) => r.KeyId), key.arn);
    const cancelled = (await kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))).KeyMetadata!;
    assert.equal(cancelled.KeyState, 'Disabled');
    assert.equal(cancelled.DeletionDate, undefined);
    await assertKmsError(kms.send(new CancelKeyDeletionCommand({ KeyId: key.keyId })), 'KMSInvalidStateException', `${key.arn} is not pending deletion.`);

    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
    await advanceClock(server.endpoint, 8 * daySeconds);
    const missing = `Key '${key.arn}' does not exist`;
    await assertKmsError(kms.send(new DescribeKeyCommand({ KeyId: key.keyId })), 'NotFoundException', missing);
    await assertKmsError(kms.send(new EnableKeyCommand({ KeyId: key.keyId })), 'NotFoundException', missing);
    await assertKmsError(kms.send(new CancelKeyDeletionCommand({ KeyId: key.keyId })), 'NotFoundException', missing);
    await assertKmsError(kms.send(new DescribeKeyCommand({ KeyId: 'alias/doomed' })), 'NotFoundException',
      `Alias arn:aws:kms:${server.region}:${server.accountId}:alias/doomed is not found.`);
    // A deleted key does not exist: AWS's one answer for a ciphertext whose key the caller cannot
    // reach (AccessDeniedException, domain/messages.ts ciphertextKeyNotAccessible).
    const res = await server.raw('Decrypt', { CiphertextBlob: Buffer.from(blob).toString('base64') });
    assert.deepEqual({ status: res.status, body: res.body }, { status: 400, body: {
      __type: 'AccessDeniedException',
      message: 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
    } });
    const aliases = (await kms.send(new ListAliasesCommand({}))).Aliases ?? [];
    assert.ok(!aliases.some((a) => a.AliasName === 'alias/doomed' || a.TargetKeyId === key.keyId));
    const keys = (await kms.send(new ListKeysCommand({ Limit: 1000 }))).Keys ?? [];
    assert.ok(!keys.some((k) => k.KeyId === key.keyId));
  });

  test('the default window is 30 days; PendingWindowInDays outside 7–30 is ValidationException and nothing changes', async () => {
    const key = await newKey();
    for (const [days, text] of [[6, 'greater than or equal to 7'], [31, 'less than or equal to 30']] as const) {
      await assertKmsError(kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: days })), 'ValidationException',
        `1 validation error detected: Value '${days}' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value ${text}`);
    }
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))).KeyMetadata!.KeyState, 'Enabled');
    const now = await serverNow(server.endpoint);
    const scheduled = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId }));
    assert.equal(scheduled.PendingWindowInDays, 30);
    assert.ok(Math.abs(scheduled.DeletionDate!.getTime() - (now.getTime() + 30 * daySeconds * 1000)) < 5_000);
    await advanceClock(server.endpoint, 29 * daySeconds);
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))).KeyMetadata!.KeyState, 'PendingDeletion');
    await advanceClock(server.endpoint, daySeconds + 60);
    await assertKmsError(kms.send(new DescribeKeyCommand({ KeyId: key.keyId })), 'NotFoundException', `Key '${key.arn}' does not exist`);
  });

  test('CancelKeyDeletion of an Enabled key, and ScheduleKeyDeletion by alias, get AWS answers', async () => {
    const key = await newKey();
    await assertKmsError(kms.send(new CancelKeyDeletionCommand({ KeyId: key.keyId })), 'KMSInvalidStateException', `${key.arn} is not pending deletion.`);
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/kept', TargetKeyId: key.keyId }));
    await assertKmsError(kms.send(new ScheduleKeyDeletionCommand({ KeyId: 'alias/kept' })), 'NotFoundException', "Invalid keyId 'alias/kept'");
  });
});

describe('multi-Region key ids', () => {
  test('a well-formed mrk- id that names no key is NotFoundException with its key ARN; a malformed one is Invalid keyId', async () => {
    const id = 'mrk-0123456789abcdef0123456789abcdef';
    await assertKmsError(kms.send(new DescribeKeyCommand({ KeyId: id })), 'NotFoundException',
      `Key 'arn:aws:kms:${server.region}:${server.accountId}:key/${id}' does not exist`);
    const arn = `arn:aws:kms:${server.region}:${server.accountId}:key/${id}`;
    await assertKmsError(kms.send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from('x') })), 'NotFoundException', `Key '${arn}' does not exist`);
    await assertKmsError(kms.send(new DescribeKeyCommand({ KeyId: 'mrk-fake-key-id' })), 'NotFoundException', "Invalid keyId 'mrk-fake-key-id'");
  });
});
