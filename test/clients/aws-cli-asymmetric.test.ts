/**
 * The stock AWS CLI v1 with asymmetric and HMAC keys against `trent serve` in secure mode:
 * `aws kms sign --message-type DIGEST`, `verify`, `get-public-key` (the DER key verifies with
 * node:crypto), RSA `encrypt`/`decrypt`, and `generate-mac`/`verify-mac`, with AWS's error texts on
 * stderr for a wrong digest length and a wrong key usage.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { spawnServer, type SpawnedServer } from '../helpers/spawn-server.js';

let server: SpawnedServer;
let scratch: string;
before(async () => {
  server = await spawnServer();
  assert.ok(server.adminCredentials, `no admin credentials; stderr:\n${server.stderr()}`);
  scratch = mkdtempSync(join(tmpdir(), 'trent-aws-cli-asym-'));
});
after(async () => {
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function aws(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'], HOME: scratch,
    AWS_ACCESS_KEY_ID: server.adminCredentials!.accessKeyId, AWS_SECRET_ACCESS_KEY: server.adminCredentials!.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_MAX_ATTEMPTS: '1', AWS_EC2_METADATA_DISABLED: 'true',
  };
  return new Promise((resolve, reject) => {
    execFile('aws', ['--endpoint-url', server.endpoint, 'kms', ...args, '--output', 'json'], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') { reject(new Error(`aws did not run: ${error.message}`)); return; }
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}
async function awsJson(args: readonly string[]): Promise<any> {
  const run = await aws(args);
  assert.equal(run.code, 0, `aws ${args.join(' ')} failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}
function file(name: string, bytes: Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, bytes);
  return `fileb://${path}`;
}

test('create-key ECC_SECG_P256K1, sign --message-type DIGEST, verify, and get-public-key whose DER verifies the signature', async () => {
  const { KeyMetadata } = await awsJson(['create-key', '--key-spec', 'ECC_SECG_P256K1', '--key-usage', 'SIGN_VERIFY']);
  assert.deepEqual(KeyMetadata.SigningAlgorithms, ['ECDSA_SHA_256']);
  const message = Buffer.from('transfer 1 ether');
  const digest = createHash('sha256').update(message).digest();
  const signed = await awsJson(['sign', '--key-id', KeyMetadata.KeyId, '--message', file('digest', digest), '--message-type', 'DIGEST', '--signing-algorithm', 'ECDSA_SHA_256']);
  assert.equal(signed.KeyId, KeyMetadata.Arn);
  const pub = await awsJson(['get-public-key', '--key-id', KeyMetadata.KeyId]);
  assert.deepEqual({ KeySpec: pub.KeySpec, KeyUsage: pub.KeyUsage, SigningAlgorithms: pub.SigningAlgorithms },
    { KeySpec: 'ECC_SECG_P256K1', KeyUsage: 'SIGN_VERIFY', SigningAlgorithms: ['ECDSA_SHA_256'] });
  const publicKey = createPublicKey({ key: Buffer.from(pub.PublicKey, 'base64'), format: 'der', type: 'spki' });
  assert.equal(verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, Buffer.from(signed.Signature, 'base64')), true);
  const verified = await awsJson(['verify', '--key-id', KeyMetadata.KeyId, '--message', file('digest', digest), '--message-type', 'DIGEST',
    '--signing-algorithm', 'ECDSA_SHA_256', '--signature', file('sig', Buffer.from(signed.Signature, 'base64'))]);
  assert.equal(verified.SignatureValid, true);

  const short = await aws(['sign', '--key-id', KeyMetadata.KeyId, '--message', file('short', digest.subarray(1)), '--message-type', 'DIGEST', '--signing-algorithm', 'ECDSA_SHA_256']);
  assert.notEqual(short.code, 0);
  assert.match(short.stderr, /An error occurred \(ValidationException\) when calling the Sign operation: Digest is invalid length for algorithm ECDSA_SHA_256\./);
});

test('RSA_2048 PSS sign from the CLI verifies locally; RSA encrypt/decrypt round-trips; a signing key cannot encrypt', async () => {
  const { KeyMetadata } = await awsJson(['create-key', '--key-spec', 'RSA_2048', '--key-usage', 'SIGN_VERIFY']);
  const message = Buffer.from('{"sub":"cli"}');
  const signed = await awsJson(['sign', '--key-id', KeyMetadata.KeyId, '--message', file('msg', message), '--signing-algorithm', 'RSASSA_PSS_SHA_256']);
  const pub = await awsJson(['get-public-key', '--key-id', KeyMetadata.KeyId]);
  const key = createPublicKey({ key: Buffer.from(pub.PublicKey, 'base64'), format: 'der', type: 'spki' });
  assert.equal(verify('sha256', message, { key, padding: 6, saltLength: 32 }, Buffer.from(signed.Signature, 'base64')), true);
  const wrong = await aws(['encrypt', '--key-id', KeyMetadata.KeyId, '--plaintext', file('p', Buffer.from('x'))]);
  assert.match(wrong.stderr, new RegExp(`\\(InvalidKeyUsageException\\) when calling the Encrypt operation: ${KeyMetadata.Arn} key usage is SIGN_VERIFY which is not valid for Encrypt\\.`));

  const enc = (await awsJson(['create-key', '--key-spec', 'RSA_3072', '--key-usage', 'ENCRYPT_DECRYPT'])).KeyMetadata;
  const ct = await awsJson(['encrypt', '--key-id', enc.KeyId, '--plaintext', file('p', Buffer.from('secret')), '--encryption-algorithm', 'RSAES_OAEP_SHA_256']);
  const pt = await awsJson(['decrypt', '--key-id', enc.KeyId, '--ciphertext-blob', file('ct', Buffer.from(ct.CiphertextBlob, 'base64')), '--encryption-algorithm', 'RSAES_OAEP_SHA_256']);
  assert.equal(Buffer.from(pt.Plaintext, 'base64').toString(), 'secret');
});

test('HMAC_384 generate-mac and verify-mac; a tampered MAC is KMSInvalidMacException', async () => {
  const { KeyMetadata } = await awsJson(['create-key', '--key-spec', 'HMAC_384', '--key-usage', 'GENERATE_VERIFY_MAC']);
  const mac = await awsJson(['generate-mac', '--key-id', KeyMetadata.KeyId, '--message', file('m', Buffer.from('hello')), '--mac-algorithm', 'HMAC_SHA_384']);
  const bytes = Buffer.from(mac.Mac, 'base64');
  assert.equal(bytes.length, 48);
  const ok = await awsJson(['verify-mac', '--key-id', KeyMetadata.KeyId, '--message', file('m', Buffer.from('hello')), '--mac-algorithm', 'HMAC_SHA_384', '--mac', file('mac', bytes)]);
  assert.equal(ok.MacValid, true);
  bytes[0]! ^= 1;
  const bad = await aws(['verify-mac', '--key-id', KeyMetadata.KeyId, '--message', file('m', Buffer.from('hello')), '--mac-algorithm', 'HMAC_SHA_384', '--mac', file('mac', bytes)]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /\(KMSInvalidMacException\) when calling the VerifyMac operation/);
});
