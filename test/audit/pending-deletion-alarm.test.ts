/**
 * Issue 18 item 7: any attempt to use a key pending deletion is flagged in its event, logged at
 * warning level, counted, and POSTed as JSON to the configured webhook (a real local HTTP server).
 * ScheduleKeyDeletion is not served yet (lifecycle issue), so the key is put in PendingDeletion
 * through a second connection to the server's own database, as that operation will.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { AuditTools } from '../../src/app.js';
import { jsonLogger } from '../../src/platform/logger.js';
import { counterNames } from '../../src/platform/metrics.js';
import { openSqliteRepository } from '../../src/storage/sqlite/sqlite-repository.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { auditOf, recordsOfRequest } from './helpers.js';

let hook: Server;
const posts: Array<{ contentType: string | undefined; body: any }> = [];
let delivered: () => void = () => {};
let server: TestServer;
let tools: AuditTools;
const warnings: any[] = [];

before(async () => {
  hook = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8').on('data', (c: string) => { text += c; }).on('end', () => {
      posts.push({ contentType: req.headers['content-type'], body: JSON.parse(text) });
      res.end('ok');
      delivered();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/kms-alarm`;
  server = await startTestServer({
    logger: jsonLogger('warn', (line) => { const entry = JSON.parse(line); if (entry.level === 'warn') warnings.push(entry); }),
    config: { auditWebhookUrl: url },
  });
  tools = await auditOf(server.dataDir);
});
after(async () => {
  await tools.close();
  await server.close();
  await new Promise<void>((resolve) => hook.close(() => resolve()));
});

test('Encrypt with a key pending deletion is refused, flagged, logged, counted and POSTed to the webhook', async () => {
  const key = (await server.raw('CreateKey', {})).body.KeyMetadata;
  const deletionDateMs = Date.UTC(2030, 0, 2, 3, 4, 5);
  const repository = openSqliteRepository(join(server.dataDir, 'trent.db'));
  try {
    const stored = (await repository.getKey(server.accountId, server.region, key.KeyId))!;
    await repository.updateKey({ ...stored, keyState: 'PendingDeletion', deletionDateMs, revision: stored.revision + 1 });
  } finally {
    await repository.close();
  }
  const webhookCalled = new Promise<void>((resolve) => { delivered = resolve; });

  const reply = await server.raw('Encrypt', { KeyId: key.KeyId, Plaintext: Buffer.from('late use').toString('base64') });
  assert.deepEqual(reply.body, { __type: 'KMSInvalidStateException', message: `${key.Arn} is pending deletion.` });
  const requestId = reply.headers.get('x-amzn-requestid')!;
  const [record] = await recordsOfRequest(tools, requestId);
  assert.equal(record!['errorCode'], 'KMSInvalidStateException');
  assert.deepEqual(record!['additionalEventData'], { keyPendingDeletion: true, deletionDate: 'Jan 2, 2030, 3:04:05 AM' });

  await webhookCalled;
  assert.equal(posts.length, 1);
  assert.equal(posts[0]!.contentType, 'application/json');
  assert.deepEqual(posts[0]!.body, {
    alarm: 'KeyPendingDeletionUse', keyArn: key.Arn, deletionDate: 'Jan 2, 2030, 3:04:05 AM', eventName: 'Encrypt',
    eventTime: record!['eventTime'], eventID: record!['eventID'], requestID: requestId,
    principalArn: 'arn:aws:iam::111122223333:root', sourceIPAddress: record!['sourceIPAddress'],
  });
  const warning = warnings.find((w) => w.keyArn === key.Arn);
  assert.ok(warning, 'a warning names the key');
  assert.equal(warning.msg, 'a key pending deletion was used; cancel the deletion if it is still needed');
  assert.equal(server.trent.counters.get(counterNames.keyPendingDeletionUse), 1);

  // DescribeKey is allowed on a key pending deletion: a look, not a use, so no alarm.
  const described = await server.raw('DescribeKey', { KeyId: key.KeyId });
  assert.equal(described.status, 200);
  const [describeRecord] = await recordsOfRequest(tools, described.headers.get('x-amzn-requestid')!);
  assert.equal(describeRecord!['additionalEventData'], undefined);
  assert.equal(server.trent.counters.get(counterNames.keyPendingDeletionUse), 1);
});
