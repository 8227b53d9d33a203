/**
 * Issue 18 item 3: when the event cannot be written, the request fails with a 500 InternalFailure
 * and returns no cryptographic result. Two real failures under the audit write: the in-memory
 * store's fault switch, and a real SQLite file the audit connection may only read.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { KmsServiceError } from '../../src/api/errors.js';
import { pendingDeletionAlarm } from '../../src/audit/alarm.js';
import { AuditTrail } from '../../src/audit/trail.js';
import { RootKey } from '../../src/crypto/at-rest.js';
import { chainHash } from '../../src/crypto/audit-chain.js';
import { systemClock } from '../../src/platform/clock.js';
import { silentLogger } from '../../src/platform/logger.js';
import { counterNames, createCounters, type Counters } from '../../src/platform/metrics.js';
import { systemRandom } from '../../src/platform/random.js';
import { createKmsServer } from '../../src/protocol/server.js';
import { createSigV4Authenticator } from '../../src/protocol/sigv4.js';
import { errorReply } from '../../src/protocol/write-error.js';
import type { Caller } from '../../src/service/caller.js';
import { handlers } from '../../src/service/handlers.js';
import { KeyResolver } from '../../src/service/key-resolver.js';
import { Keyring } from '../../src/service/keyring.js';
import type { KmsService } from '../../src/service/kms-service.js';
import { createKmsService } from '../../src/service/pipeline.js';
import type { AuditStore } from '../../src/storage/audit-store.js';
import { MemoryAuditStore } from '../../src/storage/memory/memory-audit-store.js';
import { MemoryRepository } from '../../src/storage/memory/memory-repository.js';
import type { Repository } from '../../src/storage/repository.js';
import { SqliteAuditStore } from '../../src/storage/sqlite/sqlite-audit-store.js';
import { openSqliteRepository } from '../../src/storage/sqlite/sqlite-repository.js';
import { signKmsRequest } from '../helpers/sign.js';

const caller: Caller = { accountId: '111122223333', region: 'us-east-1', accessKeyId: 'AKIDTRENTTESTKEY0001', principalArn: 'arn:aws:iam::111122223333:root' };
let n = 0;
const request = () => ({ requestId: `req-${++n}`, caller });

function serviceOver(repository: Repository, store: AuditStore, counters: Counters): { service: KmsService; trail: AuditTrail } {
  const trail = new AuditTrail({
    store, clock: systemClock, random: systemRandom, logger: silentLogger, counters,
    raiseAlarm: pendingDeletionAlarm({ logger: silentLogger, counters }).raise,
    readOnly: () => true, accountId: caller.accountId, region: caller.region, trackingStartMs: 0,
  });
  const keyring = new Keyring(repository, RootKey.fromBytes(Buffer.alloc(32, 7)), systemRandom, systemClock);
  const service = createKmsService({
    repository, clock: systemClock, random: systemRandom, logger: silentLogger, keyring, keys: new KeyResolver(repository), audit: trail,
  }, handlers);
  return { service, trail };
}

/** The call rejects with exactly InternalFailure (500) and its fixed text, and nothing else. */
async function assertInternalFailure(promise: Promise<unknown>): Promise<void> {
  let error: unknown;
  let value: unknown;
  try { value = await promise; } catch (caught) { error = caught; }
  assert.equal(value, undefined, 'no result may be returned');
  assert.ok(error instanceof KmsServiceError);
  const reply = errorReply(error, 'r', silentLogger);
  assert.deepEqual({ status: reply.status, body: reply.body }, {
    status: 500, body: '{"__type":"InternalFailure","message":"We encountered an internal error. Please try again."}',
  });
}

describe('memory store with its fault switch armed', () => {
  const store = new MemoryAuditStore(chainHash);
  const counters = createCounters();
  const { service } = serviceOver(new MemoryRepository(), store, counters);
  let keyId = '';
  let blob: Uint8Array = new Uint8Array();
  before(async () => {
    keyId = (await service.execute('CreateKey', {}, request())).KeyMetadata!.KeyId!;
    blob = (await service.execute('Encrypt', { KeyId: keyId, Plaintext: Buffer.from('before the fault') }, request())).CiphertextBlob!;
  });
  afterEach(() => store.clearFaults());

  test('Encrypt, Decrypt, GenerateDataKey, ReEncrypt and GenerateRandom answer InternalFailure and return nothing', async () => {
    store.failAppends();
    const before = counters.get(counterNames.auditWriteFailures);
    await assertInternalFailure(service.execute('Encrypt', { KeyId: keyId, Plaintext: Buffer.from('secret') }, request()));
    await assertInternalFailure(service.execute('Decrypt', { CiphertextBlob: blob }, request()));
    await assertInternalFailure(service.execute('GenerateDataKey', { KeyId: keyId, KeySpec: 'AES_256' }, request()));
    await assertInternalFailure(service.execute('ReEncrypt', { CiphertextBlob: blob, DestinationKeyId: keyId }, request()));
    await assertInternalFailure(service.execute('GenerateRandom', { NumberOfBytes: 16 }, request()));
    assert.equal(counters.get(counterNames.auditWriteFailures) - before, 5);
  });

  test('a call that fails anyway also answers InternalFailure when its failure cannot be recorded', async () => {
    store.failAppends();
    await assertInternalFailure(service.execute('DescribeKey', { KeyId: 'alias/none' }, request()));
  });

  test('with the fault cleared the same calls work and are recorded', async () => {
    const out = await service.execute('Decrypt', { CiphertextBlob: blob }, request());
    assert.equal(Buffer.from(out.Plaintext!).toString(), 'before the fault');
    const newest = (await store.lookup({ limit: 1 }))[0]!;
    assert.equal(newest.eventName, 'Decrypt');
  });
});

describe('over HTTP: a 500 with no ciphertext or plaintext in the body', () => {
  const store = new MemoryAuditStore(chainHash);
  let server: Server;
  let endpoint = '';
  before(async () => {
    const { service, trail } = serviceOver(new MemoryRepository(), store, createCounters());
    server = createKmsServer({
      service, audit: trail, logger: silentLogger, random: systemRandom, maxBodyBytes: 1 << 20,
      authenticate: createSigV4Authenticator({ clock: systemClock, credentials: { resolve: async () => undefined }, mode: 'dev', devAccountId: caller.accountId }),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function post(target: string, body: object): Promise<{ status: number; text: string }> {
    const payload = JSON.stringify(body);
    const headers = await signKmsRequest(endpoint, target, payload, { region: 'us-east-1', accessKeyId: 'AKIDTRENTTESTKEY0001', secretAccessKey: 'x' });
    delete headers['host'];
    const response = await fetch(endpoint, { method: 'POST', headers, body: payload });
    return { status: response.status, text: await response.text() };
  }

  test('GenerateDataKey and Encrypt answer 500 InternalFailure; so does a request failing validation', async () => {
    const keyId = JSON.parse((await post('CreateKey', {})).text).KeyMetadata.KeyId as string;
    store.failAppends();
    const expected = '{"__type":"InternalFailure","message":"We encountered an internal error. Please try again."}';
    for (const [target, body] of [
      ['GenerateDataKey', { KeyId: keyId, NumberOfBytes: 32 }],
      ['Encrypt', { KeyId: keyId, Plaintext: Buffer.from('http secret').toString('base64') }],
      ['Encrypt', { KeyId: keyId }],
    ] as const) {
      const reply = await post(target, body);
      assert.deepEqual(reply, { status: 500, text: expected }, target);
    }
    store.clearFaults();
    assert.equal((await post('Encrypt', { KeyId: keyId, Plaintext: Buffer.from('x').toString('base64') })).status, 200);
  });
});

describe('a SQLite file the audit connection can only read', () => {
  let dir = '';
  let repository: ReturnType<typeof openSqliteRepository>;
  let store: SqliteAuditStore;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'trent-audit-ro-'));
    repository = openSqliteRepository(join(dir, 'trent.db'));
    store = new SqliteAuditStore(new Database(join(dir, 'trent.db'), { readonly: true, fileMustExist: true }), chainHash);
  });
  after(async () => {
    await store.close();
    await repository.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every call answers InternalFailure, nothing cryptographic is returned, and no event exists', async () => {
    const { service } = serviceOver(repository, store, createCounters());
    // CreateKey's own write goes through the (writable) repository; only its event cannot be stored.
    await assertInternalFailure(service.execute('CreateKey', {}, request()));
    const [key] = await repository.listKeys(caller.accountId, caller.region, { limit: 10 });
    assert.ok(key, 'the key was created: a mutation is not undone when its event fails (documented)');
    await assertInternalFailure(service.execute('Encrypt', { KeyId: key.keyId, Plaintext: Buffer.from('ro secret') }, request()));
    await assertInternalFailure(service.execute('GenerateDataKey', { KeyId: key.keyId, NumberOfBytes: 32 }, request()));
    await assertInternalFailure(service.execute('GenerateRandom', { NumberOfBytes: 32 }, request()));
    assert.equal(await store.head(), undefined);
  });
});
