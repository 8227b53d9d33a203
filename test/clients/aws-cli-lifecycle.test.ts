/**
 * The key lifecycle once with the stock AWS CLI against `trent serve --dev` (issue 14 tests), the
 * clock moved with `trent dev clock advance`: enable rotation, advance 366 days, a new material
 * and old ciphertexts still decrypting; schedule deletion for 7 days, advance 6 (cancel works),
 * schedule again, advance 8 → NotFoundException. Import, expire, re-import: aws-cli-import.test.ts.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runTrent, spawnServer, type SpawnedServer } from '../helpers/spawn-server.js';
import { advanceClock, daySeconds } from '../helpers/dev-clock.js';

let server: SpawnedServer;
let scratch: string;

before(async () => {
  server = await spawnServer({ dev: true });
  scratch = mkdtempSync(join(tmpdir(), 'trent-aws-cli-life-'));
});
after(async () => {
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function aws(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'], HOME: scratch, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_MAX_ATTEMPTS: '1', AWS_EC2_METADATA_DISABLED: 'true',
  };
  return new Promise((resolve, reject) => {
    execFile('aws', ['--endpoint-url', server.endpoint, 'kms', ...args, '--output', 'json'], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(new Error(`aws did not run: ${error.message}; ${stderr}`));
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

async function ok(args: readonly string[]): Promise<any> {
  const run = await aws(args);
  assert.equal(run.code, 0, `aws ${args.join(' ')}: ${run.stderr}`);
  return run.stdout.trim() === '' ? {} : JSON.parse(run.stdout);
}

async function fails(args: readonly string[]): Promise<string> {
  const run = await aws(args);
  assert.notEqual(run.code, 0, `aws ${args.join(' ')} should fail: ${run.stdout}`);
  return run.stderr.trim();
}

/** The first move goes through `trent dev clock advance` as a user would; the rest over HTTP (faster). */
let usedCli = false;
async function advance(days: number): Promise<void> {
  if (!usedCli) {
    usedCli = true;
    const run = await runTrent(['dev', 'clock', 'advance', `${days}d`, '--endpoint', server.endpoint]);
    assert.equal(run.code, 0, run.stderr);
    return;
  }
  await advanceClock(server.endpoint, days * daySeconds);
}

test('rotation with the AWS CLI: enable, advance 366d, new CurrentKeyMaterialId, old ciphertext decrypts', async () => {
  const key = (await ok(['create-key'])).KeyMetadata;
  const plain = join(scratch, 'plain.txt');
  writeFileSync(plain, 'old secret');
  const blob = Buffer.from((await ok(['encrypt', '--key-id', key.KeyId, '--plaintext', `fileb://${plain}`])).CiphertextBlob, 'base64');
  const blobFile = join(scratch, 'old.enc');
  writeFileSync(blobFile, blob);
  await ok(['enable-key-rotation', '--key-id', key.KeyId, '--rotation-period-in-days', '365']);
  await advance(366);
  const now = (await ok(['describe-key', '--key-id', key.KeyId])).KeyMetadata.CurrentKeyMaterialId;
  assert.notEqual(now, key.CurrentKeyMaterialId);
  const decrypted = await ok(['decrypt', '--ciphertext-blob', `fileb://${blobFile}`]);
  assert.equal(Buffer.from(decrypted.Plaintext, 'base64').toString(), 'old secret');
  assert.equal(decrypted.KeyMaterialId, key.CurrentKeyMaterialId);
});

test('deletion with the AWS CLI: 7 days, advance 6d, cancel, again, advance 8d → NotFoundException', async () => {
  const key = (await ok(['create-key'])).KeyMetadata;
  const scheduled = await ok(['schedule-key-deletion', '--key-id', key.KeyId, '--pending-window-in-days', '7']);
  assert.equal(scheduled.KeyState, 'PendingDeletion');
  await advance(6);
  // Cancelling succeeds only for a key still pending deletion.
  await ok(['cancel-key-deletion', '--key-id', key.KeyId]);
  await ok(['schedule-key-deletion', '--key-id', key.KeyId, '--pending-window-in-days', '7']);
  await advance(8);
  assert.equal(await fails(['describe-key', '--key-id', key.KeyId]),
    `An error occurred (NotFoundException) when calling the DescribeKey operation: Key '${key.Arn}' does not exist`);
});

