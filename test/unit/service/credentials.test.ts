/**
 * Issue 13 item 6: the sealed secret of an access key is bound to its account, principal ARN and
 * access key id, so a row edited or moved to another identity no longer opens; revocation is seen
 * at once despite the cache; the admin key is stored with its meta entry in one step.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RootKey } from '../../../src/crypto/at-rest.js';
import { ManualClock } from '../../../src/platform/clock.js';
import { systemRandom } from '../../../src/platform/random.js';
import { ensureAdminAccessKey, rotateAdminAccessKey, StoredCredentials } from '../../../src/service/credentials.js';
import { MemoryRepository } from '../../../src/storage/memory/memory-repository.js';

const rootKey = RootKey.parse('e'.repeat(64));

async function withAdmin() {
  const repository = new MemoryRepository();
  let delivered: { accessKeyId: string; secretAccessKey: string } | undefined;
  await ensureAdminAccessKey({ repository, rootKey, random: systemRandom, clock: new ManualClock(0) }, '111122223333', (accessKeyId, secretAccessKey) => {
    delivered = { accessKeyId, secretAccessKey };
  });
  return { repository, delivered: delivered! };
}

test('a stored admin key resolves to its secret, account and principal', async () => {
  const { repository, delivered } = await withAdmin();
  const resolved = await new StoredCredentials(repository, rootKey).resolve(delivered.accessKeyId);
  assert.deepEqual(resolved, { secretAccessKey: delivered.secretAccessKey, accountId: '111122223333', principalArn: 'arn:aws:iam::111122223333:root' });
});

for (const [field, value] of [['accountId', '444455556666'], ['principalArn', 'arn:aws:iam::111122223333:user/mallory'], ['accessKeyId', 'AKIAMOVEDELSEWHERE00']] as const) {
  test(`the sealed secret does not open once the row's ${field} is changed`, async () => {
    const { repository, delivered } = await withAdmin();
    const record = (await repository.getAccessKey(delivered.accessKeyId))!;
    const moved = new MemoryRepository();
    await moved.putAccessKey({ ...record, [field]: value });
    const id = field === 'accessKeyId' ? value : delivered.accessKeyId;
    await assert.rejects(new StoredCredentials(moved, rootKey).resolve(id), /sealed value failed to open/);
  });
}

test('a key revoked by rotation stops resolving at once, though its secret was cached', async () => {
  const { repository, delivered } = await withAdmin();
  const credentials = new StoredCredentials(repository, rootKey);
  assert.ok(await credentials.resolve(delivered.accessKeyId));
  let fresh: string | undefined;
  const result = await rotateAdminAccessKey({ repository, rootKey, random: systemRandom, clock: new ManualClock(0) }, (id) => { fresh = id; });
  assert.equal(result.revokedAccessKeyId, delivered.accessKeyId);
  assert.equal(result.accessKeyId, fresh);
  assert.equal(await credentials.resolve(delivered.accessKeyId), undefined);
  assert.equal((await credentials.resolve(fresh!))?.accountId, '111122223333');
});

test('a delivery that fails stores nothing, and the next attempt mints the only key', async () => {
  const repository = new MemoryRepository();
  const deps = { repository, rootKey, random: systemRandom, clock: new ManualClock(0) };
  await assert.rejects(ensureAdminAccessKey(deps, '111122223333', () => { throw new Error('disk full'); }), /disk full/);
  assert.equal(await repository.getMeta('admin-access-key-id'), undefined);
  let delivered: string | undefined;
  const created = await ensureAdminAccessKey(deps, '111122223333', (id) => { delivered = id; });
  assert.equal(created.accessKeyId, delivered);
  assert.equal(repository.callCount('putAccessKey'), 0, 'the key went in through createAccessKeyOnce only');
  // A later start finds the entry and delivers nothing.
  const again = await ensureAdminAccessKey(deps, '111122223333', () => assert.fail('delivered twice'));
  assert.deepEqual(again, { accessKeyId: delivered });
});
