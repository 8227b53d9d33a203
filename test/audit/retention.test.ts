/**
 * Issue 18 items 4 and 8: digests sign the chain head; pruning past the retention period removes
 * only events a signed digest anchors, and the trail that is left still verifies from that anchor.
 * Runs against both stores (SQLite file, memory).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { digestRound, loadDigestSigner, type DigestSigner } from '../../src/audit/digests.js';
import { verifyTrail } from '../../src/audit/verify.js';
import { RootKey } from '../../src/crypto/at-rest.js';
import { chainHash } from '../../src/crypto/audit-chain.js';
import { ManualClock } from '../../src/platform/clock.js';
import { silentLogger } from '../../src/platform/logger.js';
import type { AuditRow, AuditStore } from '../../src/storage/audit-store.js';
import { MemoryAuditStore } from '../../src/storage/memory/memory-audit-store.js';
import { MemoryRepository } from '../../src/storage/memory/memory-repository.js';
import { openSqliteAuditStore } from '../../src/storage/sqlite/sqlite-audit-store.js';

const dayMs = 86_400_000;
const t0 = Date.UTC(2026, 0, 1);
const folders: string[] = [];
after(() => { for (const f of folders) rmSync(f, { recursive: true, force: true }); });

function row(n: number, timeMs: number): AuditRow {
  const eventId = `event-${n}`;
  return { eventId, eventTimeMs: timeMs, eventName: 'Encrypt', principalArn: null, accessKeyId: null, errorCode: null, keyArns: [], json: JSON.stringify({ eventID: eventId, eventName: 'Encrypt' }) };
}

const backends: Array<[string, () => { store: AuditStore; path?: string }]> = [
  ['sqlite', () => {
    const folder = mkdtempSync(join(tmpdir(), 'trent-retention-'));
    folders.push(folder);
    const path = join(folder, 'trent.db');
    return { store: openSqliteAuditStore(path, chainHash), path };
  }],
  ['memory', () => ({ store: new MemoryAuditStore(chainHash) })],
];

for (const [name, make] of backends) {
  describe(`retention on ${name}`, () => {
    test('pruning keeps the chain verifiable from the digest that anchors the pruned prefix', async () => {
      const { store } = make();
      const clock = new ManualClock(t0);
      const signer: DigestSigner = await loadDigestSigner(new MemoryRepository(), RootKey.fromBytes(Buffer.alloc(32, 3)));
      const round = (retentionDays?: number) => digestRound({
        store, signer, clock, logger: silentLogger, intervalMs: 60_000, ...(retentionDays ? { retentionMs: retentionDays * dayMs } : {}),
      });
      // Days 0-4: two events a day, a digest at the end of each day.
      for (let d = 0; d < 5; d++) {
        await store.append([row(2 * d + 1, t0 + d * dayMs), row(2 * d + 2, t0 + d * dayMs + 1000)]);
        clock.set(t0 + d * dayMs + 2000);
        await round();
      }
      assert.equal((await store.digests()).length, 5);
      assert.equal(await store.writeDigest(() => { throw new Error('not called: the head has not moved'); }), undefined);

      // Keep 2 days at day 5: events of days 0-2 are older than the cut-off (day 3).
      clock.set(t0 + 5 * dayMs);
      await round(2);
      assert.deepEqual(await store.anchor(), { seq: 6, hash: (await store.digests())[2]!.headHash });
      assert.deepEqual((await store.scan(0, 100)).map((e) => e.seq), [7, 8, 9, 10]);
      const report = await verifyTrail(store, signer.publicKey);
      assert.deepEqual({ ok: report.ok, events: report.events, firstSeq: report.firstSeq, problem: report.problem }, { ok: true, events: 4, firstSeq: 7, problem: undefined });

      // New events chain on; a later verify still starts at the anchor.
      await store.append([row(11, t0 + 5 * dayMs)]);
      assert.equal((await store.scan(10, 10))[0]!.prevHash, (await store.scan(9, 1))[0]!.hash);
      assert.equal((await verifyTrail(store, signer.publicKey)).ok, true);
      await store.close();
    });

    test('without a digest nothing is pruned, however old', async () => {
      const { store } = make();
      await store.append([row(1, t0), row(2, t0 + 1)]);
      assert.equal(await store.prune(t0 + 365 * dayMs), 0);
      assert.equal((await store.scan(0, 10)).length, 2);
      await store.close();
    });
  });
}

test('an anchor moved by hand no longer matches a signed digest: verify fails', async () => {
  const { store, path } = backends[0]![1]();
  const clock = new ManualClock(t0);
  const signer = await loadDigestSigner(new MemoryRepository(), RootKey.fromBytes(Buffer.alloc(32, 4)));
  await store.append([row(1, t0), row(2, t0 + 1)]);
  await digestRound({ store, signer, clock, logger: silentLogger, intervalMs: 1 });
  await store.append([row(3, t0 + 2)]);
  clock.set(t0 + 10 * dayMs);
  await digestRound({ store, signer, clock, logger: silentLogger, intervalMs: 1, retentionMs: dayMs });
  assert.deepEqual((await store.anchor())?.seq, 3);
  const db = new Database(path!);
  db.prepare('UPDATE audit_anchor SET head_seq = 2').run();
  db.close();
  const report = await verifyTrail(store, signer.publicKey);
  assert.equal(report.problem, 'the pruned prefix (up to event 2) is not anchored by a signed digest');
  await store.close();
});
