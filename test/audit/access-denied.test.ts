/**
 * Issue 18 item 1: authorization failures produce their event too. The access-control issue plugs
 * its evaluator into the pipeline's Authorizer seam; here an Authorizer that refuses Decrypt stands
 * in for it, and the refused call must be in the trail with the key it named.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AccessDeniedException } from '../../src/api/errors.js';
import { pendingDeletionAlarm } from '../../src/audit/alarm.js';
import { AuditTrail } from '../../src/audit/trail.js';
import { RootKey } from '../../src/crypto/at-rest.js';
import { chainHash } from '../../src/crypto/audit-chain.js';
import { systemClock } from '../../src/platform/clock.js';
import { silentLogger } from '../../src/platform/logger.js';
import { createCounters } from '../../src/platform/metrics.js';
import { systemRandom } from '../../src/platform/random.js';
import { handlers } from '../../src/service/handlers.js';
import { KeyResolver } from '../../src/service/key-resolver.js';
import { Keyring } from '../../src/service/keyring.js';
import { createKmsService, type Authorizer } from '../../src/service/pipeline.js';
import { MemoryAuditStore } from '../../src/storage/memory/memory-audit-store.js';
import { MemoryRepository } from '../../src/storage/memory/memory-repository.js';

test('a call the Authorizer refuses is recorded with AccessDeniedException and the key it named', async () => {
  const repository = new MemoryRepository();
  const store = new MemoryAuditStore(chainHash);
  const counters = createCounters();
  const trail = new AuditTrail({
    store, clock: systemClock, random: systemRandom, logger: silentLogger, counters, raiseAlarm: pendingDeletionAlarm({ logger: silentLogger, counters }).raise,
    readOnly: () => true, accountId: '111122223333', region: 'us-east-1', trackingStartMs: 0,
  });
  const refuseDecrypt: Authorizer = {
    forRequest: () => ({
      async key(action) {
        if (action === 'kms:Decrypt') throw new AccessDeniedException('User: arn:aws:iam::111122223333:user/Mallory is not authorized to perform: kms:Decrypt');
      },
      noKey: async () => {},
      beforeRun: async () => {},
      depsForRun: (deps) => deps,
    }),
  };
  const service = createKmsService({
    repository, clock: systemClock, random: systemRandom, logger: silentLogger,
    keyring: new Keyring(repository, RootKey.fromBytes(Buffer.alloc(32, 9)), systemRandom, systemClock), keys: new KeyResolver(repository), audit: trail,
  }, handlers, refuseDecrypt);
  const caller = { accountId: '111122223333', region: 'us-east-1', accessKeyId: 'AKIDMALLORY000000001', principalArn: 'arn:aws:iam::111122223333:user/Mallory' };
  const key = (await service.execute('CreateKey', {}, { requestId: 'r1', caller })).KeyMetadata!;
  const { CiphertextBlob } = await service.execute('Encrypt', { KeyId: key.KeyId!, Plaintext: Buffer.from('x') }, { requestId: 'r2', caller });
  await assert.rejects(service.execute('Decrypt', { CiphertextBlob: CiphertextBlob! }, { requestId: 'r3', caller }), AccessDeniedException);
  const [newest] = await store.lookup({ limit: 1 });
  const record = JSON.parse(newest!.json);
  assert.deepEqual(
    { name: record.eventName, code: record.errorCode, message: record.errorMessage, request: record.requestID, user: record.userIdentity.userName, keys: record.resources.map((r: { ARN: string }) => r.ARN) },
    { name: 'Decrypt', code: 'AccessDeniedException', message: 'User: arn:aws:iam::111122223333:user/Mallory is not authorized to perform: kms:Decrypt', request: 'r3', user: 'Mallory', keys: [key.Arn] },
  );
});
