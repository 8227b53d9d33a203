/**
 * Issue 18 item 7, end to end through the real API: a key is scheduled for deletion with
 * ScheduleKeyDeletion (AWS SDK v3), then Encrypt and Decrypt name it. Each refused call's CloudTrail
 * event is flagged, a warning is logged, the metric counts it, and the webhook (a real local HTTP
 * server) receives the JSON POST. pending-deletion-alarm.test.ts covers the alarm's shape with a key
 * put in PendingDeletion directly in the database; this file proves the path an operator meets.
 * AWS: https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys-creating-cloudwatch-alarm.html
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateKeyCommand, DecryptCommand, EncryptCommand, ScheduleKeyDeletionCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { AuditTools } from '../../src/app.js';
import { jsonLogger } from '../../src/platform/logger.js';
import { counterNames } from '../../src/platform/metrics.js';
import { assertKmsError } from '../helpers/assert-kms-error.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { allRecords, auditOf, type CloudTrailRecord } from './helpers.js';

let hook: Server;
const posts: Array<{ method: string | undefined; contentType: string | undefined; body: any }> = [];
const waiters: Array<{ count: number; resolve: () => void }> = [];
let server: TestServer;
let kms: KMSClient;
let tools: AuditTools;
const warnings: any[] = [];

/** Resolves once the webhook has received `count` POSTs in all (no timing: it waits for the event). */
function webhookPosts(count: number): Promise<void> {
  return new Promise((resolve) => {
    if (posts.length >= count) resolve();
    else waiters.push({ count, resolve });
  });
}

/** CloudTrail's rendering of a date in KMS events, e.g. "Jan 2, 2030, 3:04:05 AM" (UTC). */
function cloudTrailDate(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const h = date.getUTCHours();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${months[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}, `
    + `${h % 12 === 0 ? 12 : h % 12}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

before(async () => {
  hook = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8').on('data', (c: string) => { text += c; }).on('end', () => {
      posts.push({ method: req.method, contentType: req.headers['content-type'], body: JSON.parse(text) });
      res.end('ok');
      for (const w of waiters.splice(0)) {
        if (posts.length >= w.count) w.resolve();
        else waiters.push(w);
      }
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  server = await startTestServer({
    logger: jsonLogger('warn', (line) => { const entry = JSON.parse(line); if (entry.level === 'warn') warnings.push(entry); }),
    config: { auditWebhookUrl: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/kms-alarm` },
  });
  kms = server.client();
  tools = await auditOf(server.dataDir);
});
after(async () => {
  await tools.close();
  await server.close();
  await new Promise<void>((resolve) => hook.close(() => resolve()));
});

test('ScheduleKeyDeletion, then Encrypt and Decrypt: both refused, flagged, logged, counted and POSTed', async () => {
  const key = (await kms.send(new CreateKeyCommand({ Description: 'to be deleted' }))).KeyMetadata!;
  const context = { purpose: 'alarm-e2e' };
  const ciphertext = (await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('kept secret'), EncryptionContext: context }))).CiphertextBlob!;
  const scheduled = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
  assert.equal(scheduled.KeyState, 'PendingDeletion');
  const deletionDate = cloudTrailDate(scheduled.DeletionDate!);
  const before = server.trent.counters.get(counterNames.keyPendingDeletionUse) ?? 0;
  assert.equal(before, 0, 'scheduling the deletion is no use of the key');

  // API Reference, Encrypt/Decrypt: KMSInvalidStateException for a key pending deletion.
  const pending = `${key.Arn} is pending deletion.`;
  await assertKmsError(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('late use') })), 'KMSInvalidStateException', pending);
  await assertKmsError(kms.send(new DecryptCommand({ CiphertextBlob: ciphertext, EncryptionContext: context })), 'KMSInvalidStateException', pending);
  await webhookPosts(2);

  const records = await allRecords(tools);
  const flagged = records.filter((r) => r['additionalEventData']?.['keyPendingDeletion'] === true);
  assert.deepEqual(flagged.map((r) => r['eventName']), ['Encrypt', 'Decrypt']);
  for (const record of flagged) {
    assert.equal(record['errorCode'], 'KMSInvalidStateException');
    assert.equal(record['errorMessage'], pending);
    assert.deepEqual(record['additionalEventData'], { keyPendingDeletion: true, deletionDate });
    assert.deepEqual(record['resources'], [{ accountId: server.accountId, type: 'AWS::KMS::Key', ARN: key.Arn }]);
  }
  // The calls before the deletion was scheduled (and ScheduleKeyDeletion itself) are not flagged.
  const earlier = records.filter((r: CloudTrailRecord) => ['CreateKey', 'ScheduleKeyDeletion'].includes(r['eventName']) || (r['eventName'] === 'Encrypt' && !r['errorCode']));
  assert.equal(earlier.length, 3);
  for (const record of earlier) assert.equal(record['additionalEventData']?.['keyPendingDeletion'], undefined);

  assert.equal(server.trent.counters.get(counterNames.keyPendingDeletionUse), 2);
  const named = warnings.filter((w) => w.keyArn === key.Arn);
  assert.deepEqual(named.map((w) => [w.msg, w.eventName]), [
    ['a key pending deletion was used; cancel the deletion if it is still needed', 'Encrypt'],
    ['a key pending deletion was used; cancel the deletion if it is still needed', 'Decrypt'],
  ]);

  assert.equal(posts.length, 2);
  const byEvent = new Map(posts.map((p) => [p.body.eventName as string, p]));
  for (const record of flagged) {
    const post = byEvent.get(record['eventName'])!;
    assert.equal(post.method, 'POST');
    assert.equal(post.contentType, 'application/json');
    assert.deepEqual(post.body, {
      alarm: 'KeyPendingDeletionUse', keyArn: key.Arn, deletionDate, eventName: record['eventName'],
      eventTime: record['eventTime'], eventID: record['eventID'], requestID: record['requestID'],
      principalArn: `arn:aws:iam::${server.accountId}:root`, sourceIPAddress: record['sourceIPAddress'],
    });
  }
});
