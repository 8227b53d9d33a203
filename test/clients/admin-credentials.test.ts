/**
 * Issue 13 item 6, with the real CLI: the first admin credentials are delivered outside the data
 * folder (beside it, at a chosen path, or on stdout), a copy of the data folder carries no working
 * credential, and `trent admin rotate-access-key` issues a new key and revokes the old one at once,
 * also for a server already running on the folder.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { assertKmsError } from '../helpers/assert-kms-error.js';
import {
  adminCredentialsPath, parseCredentialsFile, randomRootKey, runTrent, spawnServer, type AdminCredentials, type SpawnedServer,
} from '../helpers/spawn-server.js';

const badToken = 'The security token included in the request is invalid.';
let scratch: string;
const servers: SpawnedServer[] = [];
const clients: KMSClient[] = [];
before(() => { scratch = mkdtempSync(join(tmpdir(), 'trent-admin-')); });
after(async () => {
  for (const kms of clients) kms.destroy();
  await Promise.all(servers.map((s) => s.close(2_000)));
  rmSync(scratch, { recursive: true, force: true });
});

function client(endpoint: string, credentials: AdminCredentials): KMSClient {
  const kms = new KMSClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  clients.push(kms);
  return kms;
}

async function start(dataDir: string, rootKey: string, args: string[] = []): Promise<SpawnedServer> {
  const server = await spawnServer({ dataDir, rootKey, args });
  servers.push(server);
  return server;
}

/** Every byte of every file under `folder`, concatenated. */
function allBytes(folder: string): Buffer {
  const parts: Buffer[] = [];
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) parts.push(readFileSync(join(entry.parentPath, entry.name)));
  }
  return Buffer.concat(parts);
}

test('the first credentials file is written beside the data folder, 0600, and no file inside the folder holds the secret', async () => {
  const dataDir = join(scratch, 'beside');
  const server = await start(dataDir, randomRootKey());
  const file = adminCredentialsPath(dataDir);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const admin = parseCredentialsFile(readFileSync(file, 'utf8'));
  assert.ok(server.stderr().includes(`admin credentials for account 111122223333 are in ${file} (profile trent-admin)`), server.stderr());
  assert.deepEqual(readdirSync(dataDir).filter((name) => name.includes('credentials')), []);
  assert.equal(allBytes(dataDir).indexOf(Buffer.from(admin.secretAccessKey)), -1, 'the secret is inside the data folder');
  assert.doesNotMatch(server.stderr() + server.stdout(), new RegExp(admin.secretAccessKey.replace(/[+/]/g, '.')));
  await client(server.endpoint, admin).send(new ListKeysCommand({}));
});

test('a copy of the data folder without the credentials file cannot call the API, and mints no new credentials', async () => {
  const dataDir = join(scratch, 'original');
  const rootKey = randomRootKey();
  const original = await start(dataDir, rootKey);
  const admin = original.adminCredentials!;
  await client(original.endpoint, admin).send(new CreateKeyCommand({ Description: 'precious' }));
  await original.close();
  const copy = join(scratch, 'copy');
  cpSync(dataDir, copy, { recursive: true });
  assert.equal(allBytes(copy).indexOf(Buffer.from(admin.secretAccessKey)), -1, 'the copy carries the secret');
  // Even with the root key (the worst case: both leaked but not the credentials).
  const server = await start(copy, rootKey);
  assert.equal(existsSync(adminCredentialsPath(copy)), false, 'a new admin key was minted for the copy');
  assert.doesNotMatch(server.stderr(), /admin credentials/);
  for (const guess of [{ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }, { accessKeyId: admin.accessKeyId, secretAccessKey: 'guessed' }]) {
    await assertKmsError(client(server.endpoint, guess).send(new ListKeysCommand({})),
      guess.secretAccessKey === 'guessed' ? 'InvalidSignatureException' : 'UnrecognizedClientException',
      guess.secretAccessKey === 'guessed'
        ? 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'
        : badToken);
  }
});

test('--admin-credentials-file inside the data folder is refused with one line; outside it is used', async () => {
  const dataDir = join(scratch, 'chosen');
  mkdirSync(dataDir);
  const inside = join(dataDir, 'creds');
  const run = await runTrent(['serve', '--port', '0', '--data-dir', dataDir, '--admin-credentials-file', inside], { env: { TRENT_ROOT_KEY: randomRootKey() } });
  assert.notEqual(run.code, 0);
  assert.equal(run.stderr, `trent: the admin credentials file ${inside} is inside the data folder ${dataDir}: a copy of the folder would carry a working credential; choose a path outside it\n`);
  const outside = join(scratch, 'chosen-creds');
  const server = await start(dataDir, randomRootKey(), ['--admin-credentials-file', outside]);
  const admin = parseCredentialsFile(readFileSync(outside, 'utf8'));
  assert.equal(existsSync(adminCredentialsPath(dataDir)), false);
  await client(server.endpoint, admin).send(new ListKeysCommand({}));
});

test('--print-admin-credentials prints the profile on stdout once and writes no file', async () => {
  const dataDir = join(scratch, 'printed');
  const rootKey = randomRootKey();
  const server = await start(dataDir, rootKey, ['--print-admin-credentials']);
  const admin = parseCredentialsFile(server.stdout());
  assert.equal(existsSync(adminCredentialsPath(dataDir)), false);
  await client(server.endpoint, admin).send(new ListKeysCommand({}));
  await server.close();
  const again = await start(dataDir, rootKey, ['--print-admin-credentials']);
  assert.equal(again.stdout(), '', 'printed a second time');
});

test('a credentials file an older version left inside the data folder is warned about at start', async () => {
  const dataDir = join(scratch, 'legacy');
  mkdirSync(dataDir);
  writeFileSync(join(dataDir, 'admin-credentials'), '[trent-admin]\n', { mode: 0o600 });
  const server = await start(dataDir, randomRootKey());
  assert.ok(server.stderr().includes(`trent: warning: ${join(dataDir, 'admin-credentials')} holds admin credentials inside the data folder`), server.stderr());
});

test('admin rotate-access-key, while a server runs on the folder: the old key stops working at once, the new one works', async () => {
  const dataDir = join(scratch, 'rotate');
  const rootKey = randomRootKey();
  const server = await start(dataDir, rootKey);
  const old = server.adminCredentials!;
  await client(server.endpoint, old).send(new CreateKeyCommand({}));
  const rootKeyFile = join(scratch, 'rotate-root.key');
  writeFileSync(rootKeyFile, rootKey + '\n', { mode: 0o600 });
  const run = await runTrent(['admin', 'rotate-access-key', '--data-dir', dataDir, '--root-key-file', rootKeyFile]);
  assert.equal(run.code, 0, run.stderr);
  const fresh = parseCredentialsFile(readFileSync(adminCredentialsPath(dataDir), 'utf8'));
  assert.notEqual(fresh.accessKeyId, old.accessKeyId);
  assert.equal(run.stderr, `trent: new admin access key ${fresh.accessKeyId} written to ${adminCredentialsPath(dataDir)} (profile trent-admin); ${old.accessKeyId} is revoked\n`);
  assert.equal(run.stdout, '');
  await assertKmsError(client(server.endpoint, old).send(new ListKeysCommand({})), 'UnrecognizedClientException', badToken);
  assert.equal((await client(server.endpoint, fresh).send(new ListKeysCommand({}))).Keys!.length, 1);
  // --print-admin-credentials rotates again and prints instead.
  const printed = await runTrent(['admin', 'rotate-access-key', '--data-dir', dataDir, '--print-admin-credentials'], { env: { TRENT_ROOT_KEY: rootKey } });
  assert.equal(printed.code, 0, printed.stderr);
  const third = parseCredentialsFile(printed.stdout);
  await assertKmsError(client(server.endpoint, fresh).send(new ListKeysCommand({})), 'UnrecognizedClientException', badToken);
  assert.equal((await client(server.endpoint, third).send(new ListKeysCommand({}))).Keys!.length, 1);
});

test('admin rotate-access-key refuses a wrong root key, a dev folder and a folder that is not one, each with one line', async () => {
  const dataDir = join(scratch, 'rotate-refused');
  const server = await start(dataDir, randomRootKey());
  const before = readFileSync(adminCredentialsPath(dataDir), 'utf8');
  const wrong = await runTrent(['admin', 'rotate-access-key', '--data-dir', dataDir], { env: { TRENT_ROOT_KEY: randomRootKey() } });
  assert.equal(wrong.code, 1);
  assert.equal(wrong.stderr, 'trent: the root key does not match the one this data folder was created with\n');
  assert.equal(readFileSync(adminCredentialsPath(dataDir), 'utf8'), before, 'the credentials file was touched');
  await client(server.endpoint, server.adminCredentials!).send(new ListKeysCommand({}));

  const devDir = join(scratch, 'rotate-dev');
  const dev = await spawnServer({ dev: true, dataDir: devDir });
  servers.push(dev);
  await dev.close();
  const onDev = await runTrent(['admin', 'rotate-access-key', '--data-dir', devDir], { env: { TRENT_ROOT_KEY: randomRootKey() } });
  assert.equal(onDev.code, 1);
  assert.match(onDev.stderr, /^trent: the data folder .* was initialised in dev mode/);

  const empty = join(scratch, 'not-a-folder');
  const none = await runTrent(['admin', 'rotate-access-key', '--data-dir', empty], { env: { TRENT_ROOT_KEY: randomRootKey() } });
  assert.equal(none.stderr, `trent: ${empty} is not a Trent data folder (no trent.db)\n`);
});
