/**
 * Jobs exactly once across processes, and across a restart (issue 14 item 6), with real `trent
 * serve --dev` children on one data folder, and the `trent dev clock` CLI (item 7):
 * - two servers share the database; keys are scheduled for deletion and rotation through one, the
 *   clock is advanced through the CLI against the other, then both run their due jobs: each key
 *   is deleted once and rotated exactly once (one new version, one ListKeyRotations entry);
 * - a server is stopped between scheduling and the due date, the clock moved, a server started
 *   again on the folder: the job runs on start-up, once.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  CreateKeyCommand, DescribeKeyCommand, EnableKeyRotationCommand, KMSClient, ListKeyRotationsCommand, ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { runTrent, spawnServer, type SpawnedServer } from '../helpers/spawn-server.js';
import { advanceClock, daySeconds, serverNow } from '../helpers/dev-clock.js';
import { assertKmsError } from '../helpers/assert-kms-error.js';

const dataDir = mkdtempSync(join(tmpdir(), 'trent-two-'));
const servers: SpawnedServer[] = [];
/** Keys of the first test with 90-day rotation (rotated at day 91, due again at day 181). */
const rotating: string[] = [];
after(async () => {
  for (const s of servers) await s.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function client(endpoint: string): KMSClient {
  return new KMSClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
}

test('two servers on one folder: the CLI moves both clocks; every due deletion and rotation runs exactly once', async () => {
  const [a, b] = await Promise.all([spawnServer({ dev: true, dataDir }), spawnServer({ dev: true, dataDir })]);
  servers.push(a!, b!);
  const kmsA = client(a!.endpoint);
  const kmsB = client(b!.endpoint);
  const doomed: string[] = [];
  for (let i = 0; i < 5; i++) {
    const d = (await kmsA.send(new CreateKeyCommand({}))).KeyMetadata!;
    await kmsA.send(new ScheduleKeyDeletionCommand({ KeyId: d.KeyId, PendingWindowInDays: 7 }));
    doomed.push(d.Arn!);
    const r = (await kmsA.send(new CreateKeyCommand({}))).KeyMetadata!;
    await kmsA.send(new EnableKeyRotationCommand({ KeyId: r.KeyId, RotationPeriodInDays: 90 }));
    rotating.push(r.KeyId!);
  }
  const before = await serverNow(a!.endpoint);
  const cli = await runTrent(['dev', 'clock', 'advance', '91d', '--endpoint', b!.endpoint]);
  assert.equal(cli.code, 0, cli.stderr);
  assert.match(cli.stdout, /^\d{4}-\d\d-\d\dT.*Z \(\d+ due jobs run\)\n$/);
  // A's clock moved too (it lives in the database); A runs its due jobs as well: nothing is left.
  const seenByA = await serverNow(a!.endpoint);
  assert.ok(seenByA.getTime() - before.getTime() >= 91 * daySeconds * 1000);
  const { jobsRun } = await advanceClock(a!.endpoint, 0);
  assert.equal(jobsRun, 0, 'B ran every job; A finds none left');
  for (const arn of doomed) {
    await assertKmsError(kmsA.send(new DescribeKeyCommand({ KeyId: arn })), 'NotFoundException', `Key '${arn}' does not exist`);
  }
  for (const keyId of rotating) {
    const rotations = await kmsB.send(new ListKeyRotationsCommand({ KeyId: keyId }));
    assert.equal(rotations.Rotations!.length, 1, 'rotated exactly once');
  }
  const read = await runTrent(['dev', 'clock', 'now', '--endpoint', a!.endpoint]);
  assert.equal(read.code, 0, read.stderr);
  assert.equal(new Date(read.stdout.trim()).getTime() >= seenByA.getTime(), true);
});

test('racing: both servers advance at once; each due job still runs once', async () => {
  const [a, b] = servers;
  const kmsA = client(a!.endpoint);
  const keys: string[] = [];
  for (let i = 0; i < 8; i++) {
    const r = (await kmsA.send(new CreateKeyCommand({}))).KeyMetadata!;
    await kmsA.send(new EnableKeyRotationCommand({ KeyId: r.KeyId, RotationPeriodInDays: 90 }));
    keys.push(r.KeyId!);
  }
  // 45 + 46 days: the 8 new keys (due in 90 days) and the first test's 5 (due again at day 181) rotate.
  const [ra, rb] = await Promise.all([advanceClock(a!.endpoint, 45 * daySeconds), advanceClock(b!.endpoint, 46 * daySeconds)]);
  const { jobsRun } = await advanceClock(a!.endpoint, 0);
  assert.equal(ra.jobsRun + rb.jobsRun + jobsRun, 13, 'thirteen jobs, each run by exactly one server');
  for (const keyId of keys) {
    assert.equal((await kmsA.send(new ListKeyRotationsCommand({ KeyId: keyId }))).Rotations!.length, 1, keyId);
  }
  for (const keyId of rotating) {
    assert.equal((await kmsA.send(new ListKeyRotationsCommand({ KeyId: keyId }))).Rotations!.length, 2, keyId);
  }
});

test('stopped between scheduling and the due date: the next start runs the job, once', async () => {
  for (const s of servers.splice(0)) await s.close();
  const first = await spawnServer({ dev: true, dataDir });
  servers.push(first);
  const kms = client(first.endpoint);
  const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
  await advanceClock(first.endpoint, 6 * daySeconds);
  assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.KeyState, 'PendingDeletion');
  await first.close();
  servers.splice(0);
  // The offset is in the database: a restarted server keeps the moved time, and moving it further
  // while it starts is what a CI job does. Advance through a second server, stop it, start a third.
  const second = await spawnServer({ dev: true, dataDir });
  servers.push(second);
  assert.equal((await client(second.endpoint).send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.KeyState, 'PendingDeletion');
  const { jobsRun } = await advanceClock(second.endpoint, 2 * daySeconds);
  assert.equal(jobsRun, 1);
  await assertKmsError(client(second.endpoint).send(new DescribeKeyCommand({ KeyId: key.KeyId })), 'NotFoundException', `Key '${key.Arn}' does not exist`);
});
