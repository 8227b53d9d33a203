/**
 * Issue 17 through the stock AWS CLI v1 (`aws kms … --endpoint-url`), with configured identities:
 * a user allowed to Encrypt but not Decrypt sees AWS's AccessDeniedException text on stderr, and a
 * grant with an EncryptionContextSubset constraint then lets that user Decrypt under the context.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

const account = '111122223333';
const dave = `arn:aws:iam::${account}:user/dave`;
const daveKey = { id: 'AKIAEXAMPLEDAVE00001', secret: 'dave-secret' };

let server: TestServer;
let scratch: string;

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'trent-access-cli-'));
  const configFile = join(scratch, 'identities.yaml');
  writeFileSync(configFile, `
accounts:
  - id: "${account}"
    users:
      - name: dave
        accessKeys: [{ accessKeyId: ${daveKey.id}, secretAccessKey: ${daveKey.secret} }]
        policies:
          - { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "kms:Encrypt", Resource: "*" }] }
`);
  server = await startTestServer({ config: { configFile, accountId: account } });
});

after(async () => {
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function aws(args: readonly string[], accessKeyId: string, secretAccessKey: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'], HOME: scratch, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_MAX_ATTEMPTS: '1', AWS_EC2_METADATA_DISABLED: 'true',
  };
  return new Promise((resolve, reject) => {
    execFile('aws', ['--endpoint-url', server.endpoint, 'kms', ...args, '--output', 'json'], { env, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') { reject(new Error(`aws did not run: ${error.message}`)); return; }
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

const asRoot = (args: readonly string[]) => aws(args, account, 'any-secret-dev-mode');
const asDave = (args: readonly string[]) => aws(args, daveKey.id, daveKey.secret);

test('aws kms: dave may encrypt but not decrypt, until a constrained grant lets him', async () => {
  const created = await asRoot(['create-key']);
  assert.equal(created.code, 0, created.stderr);
  const keyArn = JSON.parse(created.stdout).KeyMetadata.Arn as string;
  const encrypted = await asDave(['encrypt', '--key-id', keyArn, '--plaintext', 'hello', '--encryption-context', 'app=billing']);
  assert.equal(encrypted.code, 0, encrypted.stderr);
  const blob = JSON.parse(encrypted.stdout).CiphertextBlob as string;

  // AWS CLI v1 sends a blob argument's text as is: the bytes go through a file (fileb://).
  const blobFile = join(scratch, 'blob.bin');
  writeFileSync(blobFile, Buffer.from(blob, 'base64'));
  const refused = await asDave(['decrypt', '--ciphertext-blob', `fileb://${blobFile}`, '--encryption-context', 'app=billing']);
  assert.equal(refused.code, 255);
  assert.equal(refused.stderr.trim(),
    `An error occurred (AccessDeniedException) when calling the Decrypt operation: User: ${dave} is not authorized to perform: kms:Decrypt on resource: ${keyArn} because no identity-based policy allows the kms:Decrypt action`);

  const grant = await asRoot(['create-grant', '--key-id', keyArn, '--grantee-principal', dave, '--operations', 'Decrypt', '--constraints', 'EncryptionContextSubset={app=billing}']);
  assert.equal(grant.code, 0, grant.stderr);
  const decrypted = await asDave(['decrypt', '--ciphertext-blob', `fileb://${blobFile}`, '--encryption-context', 'app=billing']);
  assert.equal(decrypted.code, 0, decrypted.stderr);
  assert.equal(Buffer.from(JSON.parse(decrypted.stdout).Plaintext, 'base64').toString(), 'hello');
  const otherContext = await asDave(['decrypt', '--ciphertext-blob', `fileb://${blobFile}`, '--encryption-context', 'app=payroll']);
  assert.equal(otherContext.code, 255);
  assert.equal(otherContext.stderr.trim(),
    `An error occurred (AccessDeniedException) when calling the Decrypt operation: User: ${dave} is not authorized to perform: kms:Decrypt on resource: ${keyArn} because no identity-based policy allows the kms:Decrypt action`);
});
