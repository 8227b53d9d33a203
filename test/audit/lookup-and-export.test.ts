/**
 * Issue 18 item 5: `trent audit lookup` filters (key, event name, principal, time window, max),
 * newest first, in the shape of CloudTrail's LookupEvents Event; `trent audit export` writes
 * gzipped CloudTrail log files under CloudTrail's layout and names with a manifest. Both run as the
 * real CLI against the folder of a server that is still running.
 * Reference shapes: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Event.html and
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ManualClock } from '../../src/platform/clock.js';
import { runTrent } from '../helpers/spawn-server.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const day1 = Date.UTC(2026, 10, 3, 9, 0, 0);
const day2 = Date.UTC(2026, 10, 4, 18, 30, 0);
const clock = new ManualClock(day1);
let server: TestServer;
let keyA: { KeyId: string; Arn: string };
let keyB: { KeyId: string; Arn: string };
const out = mkdtempSync(join(tmpdir(), 'trent-export-'));

before(async () => {
  server = await startTestServer({ clock });
  keyA = (await server.raw('CreateKey', {})).body.KeyMetadata;
  clock.advance(60_000);
  keyB = (await server.raw('CreateKey', {}, { accessKeyId: '444455556666' })).body.KeyMetadata;
  clock.advance(60_000);
  const { CiphertextBlob } = (await server.raw('Encrypt', { KeyId: keyA.KeyId, Plaintext: 'AAEC' })).body;
  clock.set(day2);
  await server.raw('Decrypt', { CiphertextBlob });
  clock.advance(1000);
  await server.raw('DescribeKey', { KeyId: keyB.KeyId }, { accessKeyId: '444455556666' });
  clock.advance(1000);
  await server.raw('Decrypt', { CiphertextBlob: 'AAAA' });
});
after(async () => {
  await server.close();
  rmSync(out, { recursive: true, force: true });
});

async function lookup(...args: string[]): Promise<any[]> {
  const run = await runTrent(['audit', 'lookup', '--data-dir', server.dataDir, ...args]);
  assert.equal(run.code, 0, run.stderr);
  return run.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
}

describe('trent audit lookup', () => {
  test('without filters: every event, newest first, as LookupEvents Events', async () => {
    const events = await lookup();
    assert.deepEqual(events.map((e) => e.EventName), ['Decrypt', 'DescribeKey', 'Decrypt', 'Encrypt', 'CreateKey', 'CreateKey']);
    const encrypt = events[3];
    assert.deepEqual(Object.keys(encrypt), ['EventId', 'EventName', 'ReadOnly', 'AccessKeyId', 'EventTime', 'EventSource', 'Username', 'Resources', 'CloudTrailEvent']);
    const record = JSON.parse(encrypt.CloudTrailEvent);
    assert.deepEqual({ ...encrypt, CloudTrailEvent: undefined }, {
      EventId: record.eventID, EventName: 'Encrypt', ReadOnly: 'true', AccessKeyId: 'AKIDTRENTTESTKEY0001',
      EventTime: '2026-11-03T09:02:00Z', EventSource: 'kms.amazonaws.com', Username: 'root',
      Resources: [{ ResourceType: 'AWS::KMS::Key', ResourceName: keyA.Arn }], CloudTrailEvent: undefined,
    });
  });

  test('--key-id takes a key id or a key ARN', async () => {
    assert.deepEqual((await lookup('--key-id', keyA.KeyId)).map((e) => e.EventName), ['Decrypt', 'Encrypt', 'CreateKey']);
    assert.deepEqual((await lookup('--key-id', keyB.Arn)).map((e) => e.EventName), ['DescribeKey', 'CreateKey']);
  });

  test('--event-name, --principal, the time window and --max', async () => {
    const decrypts = await lookup('--event-name', 'Decrypt');
    assert.deepEqual(decrypts.map((e) => JSON.parse(e.CloudTrailEvent).errorCode), ['InvalidCiphertextException', undefined]);
    const other = await lookup('--principal', 'arn:aws:iam::444455556666:root');
    assert.deepEqual(other.map((e) => e.EventName), ['DescribeKey', 'CreateKey']);
    const day1Only = await lookup('--start-time', '2026-11-03T00:00:00Z', '--end-time', String(Date.UTC(2026, 10, 3, 23, 59, 59) / 1000));
    assert.deepEqual(day1Only.map((e) => e.EventName), ['Encrypt', 'CreateKey', 'CreateKey']);
    assert.deepEqual((await lookup('--max', '2')).map((e) => e.EventName), ['Decrypt', 'DescribeKey']);
    assert.deepEqual(await lookup('--event-name', 'Decrypt', '--key-id', keyB.KeyId), []);
  });

  test('a bad time is a one-line error', async () => {
    const run = await runTrent(['audit', 'lookup', '--data-dir', server.dataDir, '--start-time', 'yesterday']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^trent: option '--start-time <time>' argument 'yesterday' is invalid\. give an ISO 8601 time/);
  });
});

describe('trent audit export', () => {
  test('gzipped {"Records":[…]} files under AWSLogs/<account>/CloudTrail/<region>/<date>/, named as CloudTrail names them, with a manifest', async () => {
    const run = await runTrent(['audit', 'export', '--data-dir', server.dataDir, '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `exported 6 events in 4 files to ${out} (manifest.json)\n`);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    assert.equal(manifest.records, 6);
    assert.equal(manifest.headSeq, 6);
    assert.match(manifest.headHash, /^[0-9a-f]{64}$/);
    const name = /^AWSLogs\/(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d\d)\/(\d\d)\/\1_CloudTrail_\2_(\d{8}T\d{4}Z)_[A-Za-z0-9]{16}\.json\.gz$/;
    const records: any[] = [];
    for (const file of manifest.files) {
      const match = name.exec(file.path);
      assert.ok(match, file.path);
      const bytes = readFileSync(join(out, file.path));
      assert.equal(createHash('sha256').update(bytes).digest('hex'), file.sha256);
      const body = JSON.parse(gunzipSync(bytes).toString('utf8'));
      assert.deepEqual(Object.keys(body), ['Records']);
      assert.equal(body.Records.length, file.records);
      for (const record of body.Records) {
        assert.equal(record.recipientAccountId, match![1]);
        assert.equal(record.awsRegion, match![2]);
        assert.equal(record.eventTime.slice(0, 10), `${match![3]}-${match![4]}-${match![5]}`);
      }
      records.push(...body.Records);
    }
    assert.deepEqual(manifest.files.map((f: { path: string }) => f.path.split('/').slice(1, 2)[0]), ['111122223333', '444455556666', '111122223333', '444455556666']);
    assert.deepEqual(records.map((r) => r.eventName).sort(), ['CreateKey', 'CreateKey', 'Decrypt', 'Decrypt', 'DescribeKey', 'Encrypt']);
  });
});
