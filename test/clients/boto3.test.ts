/**
 * boto3 (botocore's SigV4 signer and JSON 1.1 parser) against `trent serve` in secure mode. The
 * Python side (fixtures/boto3_roundtrip.py) runs the calls and prints a JSON summary; every value
 * is asserted here.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { spawnServer, type SpawnedServer } from '../helpers/spawn-server.js';

const script = fileURLToPath(new URL('./fixtures/boto3_roundtrip.py', import.meta.url));

let server: SpawnedServer;
let summary: any;

before(async () => {
  server = await spawnServer();
  const admin = server.adminCredentials;
  assert.ok(admin, `no admin credentials; stderr:\n${server.stderr()}`);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    TRENT_ENDPOINT: server.endpoint,
    AWS_ACCESS_KEY_ID: admin.accessKeyId,
    AWS_SECRET_ACCESS_KEY: admin.secretAccessKey,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile('python3', [script], { env, timeout: 45_000 }, (error, out, err) => {
      if (error) reject(new Error(`boto3 script failed: ${error.message}\n${err}`));
      else resolve(out);
    });
  });
  summary = JSON.parse(stdout);
});

after(async () => {
  await server?.close();
});

const keyArnPattern = /^arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]{36}$/;

test('boto3 create_key returns an Enabled key whose Arn ends in its KeyId', () => {
  const { KeyId, Arn, KeyState } = summary.create_key;
  assert.match(Arn, keyArnPattern);
  assert.equal(Arn, `arn:aws:kms:us-east-1:111122223333:key/${KeyId}`);
  assert.equal(KeyState, 'Enabled');
});

test('boto3 encrypt and decrypt with an EncryptionContext (pairs in another order) round-trip and return the key ARN', () => {
  assert.deepEqual(summary.encrypt, { KeyId: summary.create_key.Arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
  assert.deepEqual(summary.decrypt, { KeyId: summary.create_key.Arn, PlaintextMatches: true });
});

test('boto3 decrypt with an EncryptionContext differing in case raises ClientError InvalidCiphertextException', () => {
  assert.deepEqual(summary.decrypt_wrong_context, { code: 'InvalidCiphertextException', message: '' });
});

test('boto3 generate_data_key AES_256 returns the key ARN and 32 plaintext bytes that decrypt back', () => {
  assert.deepEqual(summary.generate_data_key, { KeyId: summary.create_key.Arn, PlaintextBytes: 32, DecryptsBack: true });
});

test('boto3 create_alias, list_aliases and describe_key by alias name', () => {
  assert.deepEqual(summary.list_aliases, [
    ['alias/boto3-test', 'arn:aws:kms:us-east-1:111122223333:alias/boto3-test', summary.create_key.KeyId],
  ]);
  assert.equal(summary.describe_key_by_alias, summary.create_key.Arn);
});

test('boto3 describe_key of a missing alias raises NotFoundException with the alias ARN', () => {
  assert.deepEqual(summary.describe_missing_alias, {
    code: 'NotFoundException',
    message: 'Alias arn:aws:kms:us-east-1:111122223333:alias/missing is not found.',
  });
});
