/**
 * Imported key material once with the stock AWS CLI against `trent serve --dev` (issue 14 tests):
 * import with an expiry (RSA_AES_KEY_WRAP_SHA_256, RSA_3072), move the clock past it, see the key
 * PendingImport, re-import the same material and get the same KeyMaterialId back; and an asymmetric
 * import (issue 15): an ECC_NIST_P256 private key as PKCS#8 DER, its public key from get-public-key,
 * a CLI signature verified by node:crypto.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createHash, generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import { spawnServer, type SpawnedServer } from '../helpers/spawn-server.js';
import { wrapForImport } from '../helpers/wrap-material.js';
import { advanceClock, daySeconds, serverNow } from '../helpers/dev-clock.js';

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

async function advance(days: number): Promise<void> {
  await advanceClock(server.endpoint, days * daySeconds);
}

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
  const now = await serverNow(server.endpoint);
  const first = await importOnce(new Date(now.getTime() + 2 * 86_400_000).toISOString());
  await advance(3);
  assert.equal((await ok(['describe-key', '--key-id', key.KeyId])).KeyMetadata.KeyState, 'PendingImport');
  const later = await serverNow(server.endpoint);
  const again = await importOnce(new Date(later.getTime() + 2 * 86_400_000).toISOString());
  assert.equal(again.KeyMaterialId, first.KeyMaterialId);
  assert.equal((await ok(['describe-key', '--key-id', key.KeyId])).KeyMetadata.KeyState, 'Enabled');
});

test('asymmetric import with the AWS CLI: a local P-256 private key, get-public-key, sign --message-type DIGEST', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const key = (await ok(['create-key', '--origin', 'EXTERNAL', '--key-spec', 'ECC_NIST_P256', '--key-usage', 'SIGN_VERIFY'])).KeyMetadata;
  const params = await ok(['get-parameters-for-import', '--key-id', key.KeyId, '--wrapping-algorithm', 'RSAES_OAEP_SHA_256', '--wrapping-key-spec', 'RSA_2048']);
  const tokenFile = join(scratch, 'ecc-token.bin');
  const wrappedFile = join(scratch, 'ecc-wrapped.bin');
  writeFileSync(tokenFile, Buffer.from(params.ImportToken, 'base64'));
  writeFileSync(wrappedFile, wrapForImport('RSAES_OAEP_SHA_256', Buffer.from(params.PublicKey, 'base64'), privateKey.export({ type: 'pkcs8', format: 'der' })));
  await ok(['import-key-material', '--key-id', key.KeyId, '--import-token', `fileb://${tokenFile}`, '--encrypted-key-material', `fileb://${wrappedFile}`,
    '--expiration-model', 'KEY_MATERIAL_DOES_NOT_EXPIRE']);
  const got = await ok(['get-public-key', '--key-id', key.KeyId]);
  assert.deepEqual(Buffer.from(got.PublicKey, 'base64'), publicKey.export({ type: 'spki', format: 'der' }));
  const message = Buffer.from('signed through the AWS CLI');
  const digestFile = join(scratch, 'digest.bin');
  writeFileSync(digestFile, createHash('sha256').update(message).digest());
  const signed = await ok(['sign', '--key-id', key.KeyId, '--message', `fileb://${digestFile}`, '--message-type', 'DIGEST', '--signing-algorithm', 'ECDSA_SHA_256']);
  assert.equal(verify('sha256', message, publicKey, Buffer.from(signed.Signature, 'base64')), true);
});
