/**
 * The key lifecycle once with the stock AWS CLI against `trent serve --dev` (issue 14 tests), the
 * clock moved with `trent dev clock advance`: enable rotation, advance 366 days, a new material
 * and old ciphertexts still decrypting; schedule deletion for 7 days, advance 6 (cancel works),
 * schedule again, advance 8 → NotFoundException; import, expire, re-import.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runTrent, spawnServer, type SpawnedServer } from '../helpers/spawn-server.js';
import { wrapForImport } from '../helpers/wrap-material.js';

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

async function advance(duration: string): Promise<void> {
  const run = await runTrent(['dev', 'clock', 'advance', duration, '--endpoint', server.endpoint]);
  assert.equal(run.code, 0, run.stderr);
}

test('rotation with the AWS CLI: enable, advance 366d, new CurrentKeyMaterialId, old ciphertext decrypts', async () => {
  const key = (await ok(['create-key'])).KeyMetadata;
  const plain = join(scratch, 'plain.txt');
  writeFileSync(plain, 'old secret');
  const blob = Buffer.from((await ok(['encrypt', '--key-id', key.KeyId, '--plaintext', `fileb://${plain}`])).CiphertextBlob, 'base64');
  const blobFile = join(scratch, 'old.enc');
  writeFileSync(blobFile, blob);
  await ok(['enable-key-rotation', '--key-id', key.KeyId, '--rotation-period-in-days', '365']);
  assert.equal((await ok(['get-key-rotation-status', '--key-id', key.KeyId])).RotationPeriodInDays, 365);
  await advance('366d');
  const rotations = (await ok(['list-key-rotations', '--key-id', key.KeyId])).Rotations;
  assert.equal(rotations.length, 1);
  assert.equal(rotations[0].RotationType, 'AUTOMATIC');
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
  await advance('6d');
  assert.equal((await ok(['describe-key', '--key-id', key.KeyId])).KeyMetadata.KeyState, 'PendingDeletion');
  await ok(['cancel-key-deletion', '--key-id', key.KeyId]);
  assert.equal((await ok(['describe-key', '--key-id', key.KeyId])).KeyMetadata.KeyState, 'Disabled');
  await ok(['schedule-key-deletion', '--key-id', key.KeyId, '--pending-window-in-days', '7']);
  await advance('8d');
  assert.equal(await fails(['describe-key', '--key-id', key.KeyId]),
    `An error occurred (NotFoundException) when calling the DescribeKey operation: Key '${key.Arn}' does not exist`);
});

test('import with the AWS CLI: import with ValidTo, expire, re-import the same material', async () => {
  const key = (await ok(['create-key', '--origin', 'EXTERNAL'])).KeyMetadata;
  assert.equal(key.KeyState, 'PendingImport');
  const material = randomBytes(32);
  const importOnce = async (validTo: string) => {
    const params = await ok(['get-parameters-for-import', '--key-id', key.KeyId, '--wrapping-algorithm', 'RSA_AES_KEY_WRAP_SHA_256', '--wrapping-key-spec', 'RSA_3072']);
    const tokenFile = join(scratch, 'token.bin');
    const wrappedFile = join(scratch, 'wrapped.bin');
    writeFileSync(tokenFile, Buffer.from(params.ImportToken, 'base64'));
    writeFileSync(wrappedFile, wrapForImport('RSA_AES_KEY_WRAP_SHA_256', Buffer.from(params.PublicKey, 'base64'), material));
    return ok(['import-key-material', '--key-id', key.KeyId, '--import-token', `fileb://${tokenFile}`, '--encrypted-key-material', `fileb://${wrappedFile}`,
      '--expiration-model', 'KEY_MATERIAL_EXPIRES', '--valid-to', validTo]);
  };
  const now = new Date((await runTrent(['dev', 'clock', 'now', '--endpoint', server.endpoint])).stdout.trim());
  const first = await importOnce(new Date(now.getTime() + 2 * 86_400_000).toISOString());
  assert.equal((await ok(['describe-key', '--key-id', key.KeyId])).KeyMetadata.KeyState, 'Enabled');
  await advance('3d');
  assert.equal((await ok(['describe-key', '--key-id', key.KeyId])).KeyMetadata.KeyState, 'PendingImport');
  const later = new Date((await runTrent(['dev', 'clock', 'now', '--endpoint', server.endpoint])).stdout.trim());
  const again = await importOnce(new Date(later.getTime() + 2 * 86_400_000).toISOString());
  assert.equal(again.KeyMaterialId, first.KeyMaterialId);
  assert.equal((await ok(['describe-key', '--key-id', key.KeyId])).KeyMetadata.KeyState, 'Enabled');
});
