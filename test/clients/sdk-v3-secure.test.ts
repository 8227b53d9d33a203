/**
 * AWS SDK v3 (`@aws-sdk/client-kms`) against `trent serve` in secure mode, started as a real child
 * process: SigV4 is verified with the admin credentials written on first start, the authentication
 * errors have AWS's names and texts (NOTES.md §2), the credentials file is private and written once,
 * and a data folder refuses a different root key.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DecryptCommand, EncryptCommand, KMSClient, ListKeysCommand, CreateKeyCommand } from '@aws-sdk/client-kms';
import { assertKmsError } from '../helpers/assert-kms-error.js';
import { signKmsRequest } from '../helpers/sign.js';
import { adminCredentialsPath, randomRootKey, runTrent, spawnServer, type AdminCredentials, type SpawnedServer } from '../helpers/spawn-server.js';

const invalidSignature = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const rootKey = randomRootKey();
let dataDir: string;
let server: SpawnedServer;
let admin: AdminCredentials;
const clients: KMSClient[] = [];

function client(credentials: AdminCredentials = admin, endpoint = server.endpoint): KMSClient {
  const kms = new KMSClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  clients.push(kms);
  return kms;
}

/** A `POST /` of `body`, signed unless `signing` is false, answered as status and parsed JSON. */
async function raw(target: string, body: unknown, signing: { signingDate?: Date } | false): Promise<{ status: number; body: any }> {
  const payload = JSON.stringify(body);
  const headers = signing === false
    ? { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${target}` }
    : await signKmsRequest(server.endpoint, target, payload, { region: 'us-east-1', ...admin, ...signing });
  delete headers['host'];
  const response = await fetch(server.endpoint, { method: 'POST', headers, body: payload });
  return { status: response.status, body: JSON.parse(await response.text()) };
}

/** SigV4's basic ISO 8601 form, as in X-Amz-Date: 20151120T200815Z. */
function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'trent-sdk-secure-'));
  server = await spawnServer({ dataDir, rootKey });
  assert.ok(server.adminCredentials, `no admin credentials; stderr:\n${server.stderr()}`);
  admin = server.adminCredentials;
});

after(async () => {
  for (const kms of clients) kms.destroy();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (dataDir) rmSync(adminCredentialsPath(dataDir), { force: true });
});

test('the admin credentials from the credentials file sign an Encrypt/Decrypt round trip', async () => {
  const kms = client();
  const key = await kms.send(new CreateKeyCommand({}));
  const encrypted = await kms.send(new EncryptCommand({ KeyId: key.KeyMetadata!.KeyId!, Plaintext: Buffer.from('secure'), EncryptionContext: { a: 'b' } }));
  const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob!, EncryptionContext: { a: 'b' } }));
  assert.equal(decrypted.KeyId, key.KeyMetadata!.Arn);
  assert.equal(Buffer.from(decrypted.Plaintext!).toString(), 'secure');
});

test('a wrong secret access key fails with InvalidSignatureException', async () => {
  const secretAccessKey = admin.secretAccessKey.slice(0, -1) + (admin.secretAccessKey.endsWith('A') ? 'B' : 'A');
  await assertKmsError(client({ accessKeyId: admin.accessKeyId, secretAccessKey }).send(new ListKeysCommand({})), 'InvalidSignatureException', invalidSignature);
});

test('an unknown access key id fails with UnrecognizedClientException', async () => {
  await assertKmsError(client({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: admin.secretAccessKey }).send(new ListKeysCommand({})),
    'UnrecognizedClientException', 'The security token included in the request is invalid.');
});

test('an unsigned request fails with MissingAuthenticationTokenException', async () => {
  const response = await raw('ListKeys', {}, false);
  assert.deepEqual(response, { status: 400, body: { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' } });
});

test('a request signed 10 minutes ago fails with InvalidSignatureException "Signature expired: … is now earlier than … (… - 5 min.)"', async () => {
  const signingDate = new Date(Math.floor(Date.now() / 1000) * 1000 - 10 * 60_000);
  const before = Math.floor(Date.now() / 1000) * 1000;
  const response = await raw('ListKeys', {}, { signingDate });
  const after = Date.now();
  assert.equal(response.status, 400);
  assert.equal(response.body.__type, 'InvalidSignatureException');
  const match = /^Signature expired: (\d{8}T\d{6}Z) is now earlier than (\d{8}T\d{6}Z) \((\d{8}T\d{6}Z) - 5 min\.\)$/.exec(response.body.message);
  assert.ok(match, `unexpected message: ${response.body.message}`);
  const [, signed, earliest, now] = match;
  const parse = (t: string) => Date.parse(`${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 11)}:${t.slice(11, 13)}:${t.slice(13)}`);
  assert.equal(signed, amzDate(signingDate));
  assert.ok(parse(now!) >= before && parse(now!) <= after, `server time ${now} is not the time of the request`);
  assert.equal(earliest, amzDate(new Date(parse(now!) - 5 * 60_000)));
});

const announcement = (file: string) =>
  `trent: admin credentials for account 111122223333 are in ${file} (profile trent-admin); store them elsewhere and delete the file`;

test('the admin credentials file is mode 0600 and its path (never the secret) is announced on stderr', () => {
  const file = adminCredentialsPath(dataDir);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.ok(server.stderr().includes(announcement(file)), server.stderr());
  assert.doesNotMatch(server.stderr(), new RegExp(admin.secretAccessKey.replace(/[+/]/g, '.')));
});

test('a restart on the same data folder and root key keeps the credentials file unchanged and issues no new credentials', async () => {
  const file = adminCredentialsPath(dataDir);
  const contentBefore = readFileSync(file, 'utf8');
  const statBefore = statSync(file);
  const first = await server.close();
  assert.deepEqual(first, { code: 0, signal: null });
  server = await spawnServer({ dataDir, rootKey });
  assert.equal(readFileSync(file, 'utf8'), contentBefore);
  assert.equal(statSync(file).mtimeMs, statBefore.mtimeMs);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  // The path is announced again while the file exists; the secret never reaches stderr.
  assert.ok(server.stderr().includes(announcement(file)), server.stderr());
  assert.doesNotMatch(server.stderr(), new RegExp(admin.secretAccessKey.replace(/[+/]/g, '.')));
  const keys = await client().send(new ListKeysCommand({}));
  assert.equal(keys.Keys?.length, 1, 'the key created before the restart is still there and the old credentials still work');
});

test('a restart on the same data folder with a different root key refuses to start with one line', async () => {
  await server.close();
  const run = await runTrent(['serve', '--port', '0', '--data-dir', dataDir], { env: { TRENT_ROOT_KEY: randomRootKey() }, timeoutMs: 30_000 });
  assert.notEqual(run.code, 0);
  assert.equal(run.signal, null);
  assert.equal(run.stderr, 'trent: the root key does not match the one this data folder was created with\n');
});
