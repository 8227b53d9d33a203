/**
 * Issue 18 item 4: the chain stays ONE verifiable sequence when several processes append to the
 * same SQLite file at once (worker processes on one database): each append reads its predecessor's
 * hash inside its own write transaction, never from memory.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { verifyTrail } from '../../src/audit/verify.js';
import { chainHash } from '../../src/crypto/audit-chain.js';
import { openSqliteAuditStore } from '../../src/storage/sqlite/sqlite-audit-store.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const child = fileURLToPath(new URL('./fixtures/append-events.ts', import.meta.url));
const batches = 150;

function runAppender(path: string, tag: string): Promise<{ code: number | null; stderr: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, path, String(batches), tag], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  return new Promise((resolve) => proc.on('close', (code) => resolve({ code, stderr })));
}

test('two processes appending to one trail at once leave one unbroken chain holding every event', { timeout: 120_000 }, async (t) => {
  const folder = await mkdtemp(join(tmpdir(), 'trent-audit-two-'));
  t.after(() => rm(folder, { recursive: true, force: true }));
  const path = join(folder, 'trent.db');
  await openSqliteAuditStore(path, chainHash).close(); // create and migrate first: this test is about the chain
  const results = await Promise.all([runAppender(path, 'A'), runAppender(path, 'B')]);
  for (const result of results) assert.equal(result.code, 0, result.stderr);

  const store = openSqliteAuditStore(path, chainHash);
  t.after(() => store.close());
  const report = await verifyTrail(store, undefined);
  assert.deepEqual({ ok: report.ok, events: report.events, problem: report.problem }, { ok: true, events: 2 * batches * 3, problem: undefined });
  const events = await store.scan(0, 10_000);
  const writers = events.map((e) => (JSON.parse(e.json) as { writer: string }).writer);
  assert.equal(writers.filter((w) => w === 'A').length, batches * 3);
  const turns = writers.filter((w, i) => i > 0 && w !== writers[i - 1]).length;
  t.diagnostic(`${turns} changes of writer in chain order`);
  assert.ok(turns > 0, 'the two writers interleaved');
});
