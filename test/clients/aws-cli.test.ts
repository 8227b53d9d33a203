/**
 * The stock AWS CLI v1 (`aws kms …`, botocore's SigV4 signer) against `trent serve` in secure mode:
 * the admin credentials written on first start are really verified. Asserts on the CLI's parsed
 * JSON output, and on its stderr text for errors, exactly as a shell user would see them.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { spawnServer, type AdminCredentials, type SpawnedServer } from '../helpers/spawn-server.js';

interface AwsRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let server: SpawnedServer;
let admin: AdminCredentials;
let scratch: string;

before(async () => {
  server = await spawnServer();
  assert.ok(server.adminCredentials, `no admin credentials; stderr:\n${server.stderr()}`);
  admin = server.adminCredentials;
  scratch = mkdtempSync(join(tmpdir(), 'trent-aws-cli-'));
});

after(async () => {
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Runs `aws --endpoint-url <trent> kms <args> --output json` with only the given credentials. */
function aws(args: readonly string[], credentials: AdminCredentials = admin): Promise<AwsRun> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: scratch,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_MAX_ATTEMPTS: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  return new Promise((resolve, reject) => {
    execFile('aws', ['--endpoint-url', server.endpoint, 'kms', ...args, '--output', 'json'], { env, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(new Error(`aws ${args[0]} did not run: ${error.message}; stderr: ${stderr}`));
        return;
      }
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/** Runs an `aws` command that must succeed and returns its parsed JSON output. */
async function awsJson(args: readonly string[]): Promise<any> {
  const run = await aws(args);
  assert.equal(run.code, 0, `aws ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout.trim() === '' ? {} : JSON.parse(run.stdout);
}

/** Runs an `aws` command that must fail and returns its stderr message line. */
async function awsError(args: readonly string[], credentials?: AdminCredentials): Promise<string> {
  const run = await aws(args, credentials);
  assert.notEqual(run.code, 0, `aws ${args.join(' ')} should have failed: ${run.stdout}`);
  return run.stderr.trim();
}

/** The same secret with its last character changed. */
function wrongSecret(secret: string): string {
  return secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
}

const keyArnPattern = /^arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]{36}$/;
let keyArn: string;
let keyId: string;

test('create-key returns KeyMetadata with the key ARN, and describe-key finds it by id', async () => {
  const created = await awsJson(['create-key', '--description', 'aws cli test']);
  keyArn = created.KeyMetadata.Arn;
  keyId = created.KeyMetadata.KeyId;
  assert.match(keyArn, keyArnPattern);
  assert.equal(keyArn.endsWith(`key/${keyId}`), true);
  assert.equal(created.KeyMetadata.KeyState, 'Enabled');
  assert.equal(created.KeyMetadata.KeySpec, 'SYMMETRIC_DEFAULT');
  const described = await awsJson(['describe-key', '--key-id', keyId]);
  assert.equal(described.KeyMetadata.Arn, keyArn);
  assert.equal(described.KeyMetadata.Description, 'aws cli test');
});

test('encrypt fileb:// with --encryption-context, then decrypt with the same context gives the plaintext back', async () => {
  const plaintext = Buffer.from('the aws cli was here \u00e9\u0000\u00ff', 'utf8');
  const plaintextFile = join(scratch, 'plain.bin');
  writeFileSync(plaintextFile, plaintext);
  const encrypted = await awsJson(['encrypt', '--key-id', keyId, '--plaintext', `fileb://${plaintextFile}`, '--encryption-context', 'purpose=test,team=kms']);
  assert.equal(encrypted.KeyId, keyArn);
  assert.equal(encrypted.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
  const blobFile = join(scratch, 'blob.bin');
  writeFileSync(blobFile, Buffer.from(encrypted.CiphertextBlob, 'base64'));

  const decrypted = await awsJson(['decrypt', '--ciphertext-blob', `fileb://${blobFile}`, '--encryption-context', 'team=kms,purpose=test']);
  assert.equal(decrypted.KeyId, keyArn);
  assert.deepEqual(Buffer.from(decrypted.Plaintext, 'base64'), plaintext);

  const wrongContext = await awsError(['decrypt', '--ciphertext-blob', `fileb://${blobFile}`, '--encryption-context', 'purpose=other,team=kms']);
  // KMS sends InvalidCiphertextException with an empty message here, so the CLI's line ends at the colon.
  assert.equal(wrongContext, 'An error occurred (InvalidCiphertextException) when calling the Decrypt operation:');
});

test('generate-data-key --key-spec AES_256 returns the key ARN and a 32-byte plaintext', async () => {
  const generated = await awsJson(['generate-data-key', '--key-id', keyId, '--key-spec', 'AES_256']);
  assert.equal(generated.KeyId, keyArn);
  assert.equal(Buffer.from(generated.Plaintext, 'base64').length, 32);
  const blobFile = join(scratch, 'data-key.bin');
  writeFileSync(blobFile, Buffer.from(generated.CiphertextBlob, 'base64'));
  const decrypted = await awsJson(['decrypt', '--ciphertext-blob', `fileb://${blobFile}`]);
  assert.equal(decrypted.Plaintext, generated.Plaintext);
});

test('create-alias, list-aliases shows it, and describe-key by alias name finds the key', async () => {
  const created = await aws(['create-alias', '--alias-name', 'alias/cli-test', '--target-key-id', keyId]);
  assert.equal(created.code, 0, created.stderr);
  assert.equal(created.stdout.trim(), '');
  const listed = await awsJson(['list-aliases', '--key-id', keyId]);
  assert.deepEqual(listed.Aliases.map((a: any) => [a.AliasName, a.AliasArn, a.TargetKeyId]), [
    ['alias/cli-test', 'arn:aws:kms:us-east-1:111122223333:alias/cli-test', keyId],
  ]);
  const all = await awsJson(['list-aliases']);
  assert.ok(all.Aliases.some((a: any) => a.AliasName === 'alias/cli-test'));
  const described = await awsJson(['describe-key', '--key-id', 'alias/cli-test']);
  assert.equal(described.KeyMetadata.Arn, keyArn);
});

test('describe-key with a missing alias fails with NotFoundException naming the alias ARN', async () => {
  const message = await awsError(['describe-key', '--key-id', 'alias/missing']);
  assert.equal(message, 'An error occurred (NotFoundException) when calling the DescribeKey operation: Alias arn:aws:kms:us-east-1:111122223333:alias/missing is not found.');
});

test('a wrong secret access key fails with InvalidSignatureException', async () => {
  const message = await awsError(['list-keys'], { accessKeyId: admin.accessKeyId, secretAccessKey: wrongSecret(admin.secretAccessKey) });
  assert.equal(message, 'An error occurred (InvalidSignatureException) when calling the ListKeys operation: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.');
});

test('an unknown access key id fails with UnrecognizedClientException', async () => {
  const message = await awsError(['list-keys'], { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: admin.secretAccessKey });
  assert.equal(message, 'An error occurred (UnrecognizedClientException) when calling the ListKeys operation: The security token included in the request is invalid.');
});
