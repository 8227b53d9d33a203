/**
 * DESIGN.md habit 7: a write that fails in storage leaves the previous state intact, and the caller
 * gets a clean error. The service runs over a MemoryRepository with its fault switches (habit 8),
 * without HTTP. A storage error is not a KmsServiceError, so the protocol layer answers it as a 500
 * InternalFailure with a fixed text and logs it with the request id (protocol/write-error.ts).
 *
 * Each test: arm the fault, call the operation, see it reject with exactly the injected error, see
 * through the service's own reads (ListKeys, DescribeKey, ListResourceTags, GetKeyPolicy,
 * ListAliases) that nothing changed, then make the same call again and see it succeed.
 */
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { KmsServiceError } from '../../src/api/errors.js';
import type { OperationInput, OperationName } from '../../src/api/generated/operations.js';
import { RootKey } from '../../src/crypto/at-rest.js';
import { ManualClock } from '../../src/platform/clock.js';
import type { Logger, LogLevel } from '../../src/platform/logger.js';
import { silentLogger } from '../../src/platform/logger.js';
import { systemRandom } from '../../src/platform/random.js';
import { errorReply } from '../../src/protocol/write-error.js';
import type { Caller } from '../../src/service/caller.js';
import { handlers } from '../../src/service/handlers.js';
import { KeyResolver } from '../../src/service/key-resolver.js';
import { Keyring } from '../../src/service/keyring.js';
import type { KmsService, RequestInfo } from '../../src/service/kms-service.js';
import { createKmsService } from '../../src/service/pipeline.js';
import { InjectedStorageFault, MemoryRepository } from '../../src/storage/memory/memory-repository.js';

const caller: Caller = {
  accountId: '111122223333', region: 'us-east-1', accessKeyId: 'AKIDTRENTTESTKEY0001', principalArn: 'arn:aws:iam::111122223333:root',
};
let requestCounter = 0;
const request = (): RequestInfo => ({ requestId: `req-${++requestCounter}`, caller });

let repository: MemoryRepository;
let clock: ManualClock;
let service: KmsService;

beforeEach(() => {
  repository = new MemoryRepository();
  clock = new ManualClock(Date.UTC(2025, 0, 1));
  const keyring = new Keyring(repository, RootKey.fromBytes(Buffer.alloc(32, 1)), systemRandom, clock);
  service = createKmsService(
    { repository, clock, random: systemRandom, logger: silentLogger, keyring, keys: new KeyResolver(repository) },
    handlers,
  );
});

const call = <O extends OperationName>(name: O, input: OperationInput<O>, info: RequestInfo = request()) => service.execute(name, input, info);

const customPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }],
});

/** A key with a description, a tag and an alias, plus a second key an alias can be moved to. */
async function seed(): Promise<{ keyId: string; otherKeyId: string }> {
  const { KeyMetadata } = await call('CreateKey', { Description: 'before', Tags: [{ TagKey: 'team', TagValue: 'blue' }] });
  const other = await call('CreateKey', { Description: 'other' });
  await call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: KeyMetadata!.KeyId! });
  // Any write that slipped through after this point would carry a later date.
  clock.advance(60_000);
  return { keyId: KeyMetadata!.KeyId!, otherKeyId: other.KeyMetadata!.KeyId! };
}

/** Everything a caller can read back about the scope, through the service itself. */
async function snapshot(): Promise<unknown> {
  const keys = (await call('ListKeys', { Limit: 1000 })).Keys ?? [];
  const details = [];
  for (const { KeyId } of keys) {
    details.push({
      metadata: (await call('DescribeKey', { KeyId: KeyId! })).KeyMetadata,
      tags: (await call('ListResourceTags', { KeyId: KeyId! })).Tags,
      policy: (await call('GetKeyPolicy', { KeyId: KeyId!, PolicyName: 'default' })).Policy,
    });
  }
  return { keys, details, aliases: (await call('ListAliases', {})).Aliases };
}

function capturingLogger(): Logger & { lines: { level: LogLevel; msg: string; fields: Record<string, unknown> }[] } {
  const lines: { level: LogLevel; msg: string; fields: Record<string, unknown> }[] = [];
  return { lines, log: (level, msg, fields = {}) => { lines.push({ level, msg, fields }); } };
}

/**
 * Runs `attempt` with the next write (or read) failing: it must reject with exactly the injected
 * error, which the protocol layer answers as a bare 500 InternalFailure, logged with the request id.
 */
async function assertFailsCleanly(attempt: (info: RequestInfo) => Promise<unknown>, fault: 'write' | 'read' = 'write'): Promise<void> {
  const injected = new InjectedStorageFault(`injected fault: ${fault} failed (disk detail /var/lib/trent)`);
  if (fault === 'write') repository.failNextWrite(injected);
  else repository.failNextRead(injected);
  const info = request();
  let caught: unknown;
  await attempt(info).then(() => assert.fail('the call succeeded despite the storage fault'), (error: unknown) => { caught = error; });
  assert.equal(caught, injected);
  assert.ok(!(caught instanceof KmsServiceError));

  const logger = capturingLogger();
  const reply = errorReply(caught, info.requestId, logger);
  assert.equal(reply.status, 500);
  assert.equal(reply.name, 'InternalFailure');
  assert.equal(reply.body, '{"__type":"InternalFailure","message":"We encountered an internal error. Please try again."}');
  assert.equal(logger.lines.length, 1);
  assert.equal(logger.lines[0]!.level, 'error');
  assert.equal(logger.lines[0]!.fields['requestId'], info.requestId);
  assert.equal(logger.lines[0]!.fields['errorName'], 'InjectedStorageFault');
}

describe('a failed storage write changes nothing and the call works once storage recovers', () => {
  test('CreateKey whose write fails rejects with the storage error and creates no key', async () => {
    await seed();
    const before = await snapshot();
    await assertFailsCleanly((info) => call('CreateKey', { Description: 'new' }, info));
    assert.deepEqual(await snapshot(), before);
    assert.equal((await call('ListKeys', {})).Keys!.length, 2);

    const { KeyMetadata } = await call('CreateKey', { Description: 'new' });
    assert.equal((await call('ListKeys', {})).Keys!.length, 3);
    assert.equal((await call('DescribeKey', { KeyId: KeyMetadata!.KeyId! })).KeyMetadata!.Description, 'new');
  });

  test('UpdateKeyDescription whose write fails keeps the old description', async () => {
    const { keyId } = await seed();
    const before = await snapshot();
    await assertFailsCleanly((info) => call('UpdateKeyDescription', { KeyId: keyId, Description: 'after' }, info));
    assert.deepEqual(await snapshot(), before);
    assert.equal((await call('DescribeKey', { KeyId: keyId })).KeyMetadata!.Description, 'before');

    await call('UpdateKeyDescription', { KeyId: keyId, Description: 'after' });
    assert.equal((await call('DescribeKey', { KeyId: keyId })).KeyMetadata!.Description, 'after');
  });

  test('DisableKey whose write fails leaves the key Enabled and usable', async () => {
    const { keyId } = await seed();
    const before = await snapshot();
    await assertFailsCleanly((info) => call('DisableKey', { KeyId: keyId }, info));
    assert.deepEqual(await snapshot(), before);
    const metadata = (await call('DescribeKey', { KeyId: keyId })).KeyMetadata!;
    assert.deepEqual({ KeyState: metadata.KeyState, Enabled: metadata.Enabled }, { KeyState: 'Enabled', Enabled: true });
    await call('Encrypt', { KeyId: keyId, Plaintext: Buffer.from('still usable') });

    await call('DisableKey', { KeyId: keyId });
    assert.equal((await call('DescribeKey', { KeyId: keyId })).KeyMetadata!.KeyState, 'Disabled');
  });

  test('TagResource whose write fails keeps the old tags', async () => {
    const { keyId } = await seed();
    const before = await snapshot();
    const Tags = [{ TagKey: 'team', TagValue: 'red' }, { TagKey: 'env', TagValue: 'prod' }];
    await assertFailsCleanly((info) => call('TagResource', { KeyId: keyId, Tags }, info));
    assert.deepEqual(await snapshot(), before);
    assert.deepEqual((await call('ListResourceTags', { KeyId: keyId })).Tags, [{ TagKey: 'team', TagValue: 'blue' }]);

    await call('TagResource', { KeyId: keyId, Tags });
    assert.deepEqual((await call('ListResourceTags', { KeyId: keyId })).Tags, [{ TagKey: 'env', TagValue: 'prod' }, { TagKey: 'team', TagValue: 'red' }]);
  });

  test('PutKeyPolicy whose write fails keeps the old policy', async () => {
    const { keyId } = await seed();
    const oldPolicy = (await call('GetKeyPolicy', { KeyId: keyId, PolicyName: 'default' })).Policy;
    assert.notEqual(oldPolicy, customPolicy);
    const before = await snapshot();
    await assertFailsCleanly((info) => call('PutKeyPolicy', { KeyId: keyId, PolicyName: 'default', Policy: customPolicy }, info));
    assert.deepEqual(await snapshot(), before);
    assert.equal((await call('GetKeyPolicy', { KeyId: keyId, PolicyName: 'default' })).Policy, oldPolicy);

    await call('PutKeyPolicy', { KeyId: keyId, PolicyName: 'default', Policy: customPolicy });
    assert.equal((await call('GetKeyPolicy', { KeyId: keyId, PolicyName: 'default' })).Policy, customPolicy);
  });

  test('CreateAlias whose write fails creates no alias, and the name is still free', async () => {
    const { otherKeyId } = await seed();
    const before = await snapshot();
    await assertFailsCleanly((info) => call('CreateAlias', { AliasName: 'alias/new', TargetKeyId: otherKeyId }, info));
    assert.deepEqual(await snapshot(), before);
    assert.deepEqual((await call('ListAliases', { KeyId: otherKeyId })).Aliases, []);

    await call('CreateAlias', { AliasName: 'alias/new', TargetKeyId: otherKeyId });
    assert.deepEqual((await call('ListAliases', { KeyId: otherKeyId })).Aliases!.map((a) => a.AliasName), ['alias/new']);
  });

  test('UpdateAlias whose write fails keeps the alias on its old target with its old date', async () => {
    const { keyId, otherKeyId } = await seed();
    const before = await snapshot();
    await assertFailsCleanly((info) => call('UpdateAlias', { AliasName: 'alias/app', TargetKeyId: otherKeyId }, info));
    assert.deepEqual(await snapshot(), before);
    assert.equal((await call('DescribeKey', { KeyId: 'alias/app' })).KeyMetadata!.KeyId, keyId);

    await call('UpdateAlias', { AliasName: 'alias/app', TargetKeyId: otherKeyId });
    assert.equal((await call('DescribeKey', { KeyId: 'alias/app' })).KeyMetadata!.KeyId, otherKeyId);
  });

  test('DeleteAlias whose write fails keeps the alias resolvable', async () => {
    const { keyId } = await seed();
    const before = await snapshot();
    await assertFailsCleanly((info) => call('DeleteAlias', { AliasName: 'alias/app' }, info));
    assert.deepEqual(await snapshot(), before);
    assert.equal((await call('DescribeKey', { KeyId: 'alias/app' })).KeyMetadata!.KeyId, keyId);

    await call('DeleteAlias', { AliasName: 'alias/app' });
    // Only AWS's predefined aliases (no TargetKeyId) remain listed.
    assert.deepEqual((await call('ListAliases', {})).Aliases!.filter((a) => a.TargetKeyId !== undefined), []);
  });
});

describe('a failed storage read', () => {
  test('Encrypt whose key lookup fails rejects cleanly, and the next Encrypt works and decrypts', async () => {
    const { keyId } = await seed();
    const before = await snapshot();
    await assertFailsCleanly((info) => call('Encrypt', { KeyId: keyId, Plaintext: Buffer.from('hello') }, info), 'read');
    assert.deepEqual(await snapshot(), before);

    const { CiphertextBlob } = await call('Encrypt', { KeyId: keyId, Plaintext: Buffer.from('hello') });
    const { Plaintext } = await call('Decrypt', { CiphertextBlob: CiphertextBlob! });
    assert.equal(Buffer.from(Plaintext!).toString(), 'hello');
  });
});
