/**
 * The in-memory backend: the conformance suite, plus its fault switches, which other tests use to
 * prove that a failed write is survived (DESIGN.md habit 7: restore in-memory state when persisting fails).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InjectedStorageFault, MemoryRepository } from '../../src/storage/memory/memory-repository.js';
import { runRepositoryConformance } from './conformance.js';
import { accountA, makeAlias, makeKey, makeMaterial, regionA } from './records.js';

runRepositoryConformance('MemoryRepository', async () => {
  const repo = new MemoryRepository();
  return { repo, cleanup: () => repo.close() };
});

describe('MemoryRepository fault switches', () => {
  test('failNextWrite makes createKey reject with the given error and store nothing; the next write works', async () => {
    const repo = new MemoryRepository();
    const disk = new Error('disk full');
    repo.failNextWrite(disk);
    const key = makeKey();
    await assert.rejects(repo.createKey(key, makeMaterial(key.keyId)), (error) => error === disk);
    assert.equal(await repo.getKey(accountA, regionA, key.keyId), undefined);
    assert.equal(await repo.getKeyMaterial(key.keyId, 1), undefined);
    await repo.createKey(key, makeMaterial(key.keyId));
    assert.deepEqual(await repo.getKey(accountA, regionA, key.keyId), key);
  });

  test('failNextWrite without an error rejects with InjectedStorageFault, and updateKey then changes nothing', async () => {
    const repo = new MemoryRepository();
    const key = makeKey();
    await repo.createKey(key, makeMaterial(key.keyId));
    repo.failNextWrite();
    await assert.rejects(repo.updateKey({ ...key, description: 'changed', revision: 2 }), {
      name: 'InjectedStorageFault',
      message: 'injected fault: write failed',
    });
    assert.deepEqual(await repo.getKey(accountA, regionA, key.keyId), key);
    await repo.updateKey({ ...key, description: 'changed', revision: 2 });
    assert.equal((await repo.getKey(accountA, regionA, key.keyId))?.description, 'changed');
  });

  test('failNextWrite does not affect reads', async () => {
    const repo = new MemoryRepository();
    repo.failNextWrite();
    assert.equal(await repo.getMeta('x'), undefined);
    await assert.rejects(repo.putMetaIfAbsent('x', '1'), InjectedStorageFault);
    assert.equal(await repo.getMeta('x'), undefined);
  });

  test('failWritesAfter(2) lets two writes through, then rejects every write until clearFaults', async () => {
    const repo = new MemoryRepository();
    repo.failWritesAfter(2);
    await repo.createAlias(makeAlias('alias/one', 'k'));
    await repo.createAlias(makeAlias('alias/two', 'k'));
    await assert.rejects(repo.createAlias(makeAlias('alias/three', 'k')), InjectedStorageFault);
    await assert.rejects(repo.deleteAlias(accountA, regionA, 'alias/one'), InjectedStorageFault);
    assert.deepEqual((await repo.listAliases(accountA, regionA, { limit: 10 })).map((a) => a.aliasName),
      ['alias/one', 'alias/two']);
    repo.clearFaults();
    assert.equal(await repo.deleteAlias(accountA, regionA, 'alias/one'), true);
  });

  test('failNextRead makes exactly the next read reject', async () => {
    const repo = new MemoryRepository();
    const key = makeKey();
    await repo.createKey(key, makeMaterial(key.keyId));
    repo.failNextRead(new Error('read timeout'));
    await assert.rejects(repo.getKey(accountA, regionA, key.keyId), { message: 'read timeout' });
    assert.deepEqual(await repo.getKey(accountA, regionA, key.keyId), key);
  });

  test('callCount counts calls per method, including the ones that rejected', async () => {
    const repo = new MemoryRepository();
    const key = makeKey();
    await repo.createKey(key, makeMaterial(key.keyId));
    repo.failNextRead();
    await assert.rejects(repo.getKey(accountA, regionA, key.keyId));
    await repo.getKey(accountA, regionA, key.keyId);
    assert.equal(repo.callCount('getKey'), 2);
    assert.equal(repo.callCount('createKey'), 1);
    assert.equal(repo.callCount('updateKey'), 0);
  });
});
