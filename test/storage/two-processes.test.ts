/**
 * Two processes writing one SQLite file at the same time (Trent may run as two processes on one
 * database): neither may fail with SQLITE_BUSY, and every acknowledged key must be in the file.
 * Uses the same child as kill-9.test.ts, this time with a key count so it exits on its own.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { openSqliteRepository } from '../../src/storage/sqlite/sqlite-repository.js';
import { accountA, regionA } from './records.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const childScript = fileURLToPath(new URL('./fixtures/write-then-report.ts', import.meta.url));
// Each writer pauses 1 ms between keys, as a server does between requests, and runs for about a
// second: far longer than the start-up jitter between the two, so their writes interleave. (Without
// pauses SQLite lets one tight loop hold the lock for long stretches; both still finish.)
const keysPerWriter = 500;
const pauseMs = 1;

/** Runs one writer to completion; resolves with its exit code, stdout and stderr. */
function runWriter(path: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, path, String(keysPerWriter), String(pauseMs)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

test('two processes creating keys in one SQLite file at once both succeed and lose nothing', { timeout: 120_000 }, async (t) => {
  const folder = await mkdtemp(join(tmpdir(), 'trent-two-'));
  t.after(() => rm(folder, { recursive: true, force: true }));
  const path = join(folder, 'trent.db');
  // Both start on a file that does not exist yet, so they also race to create and migrate it.
  const results = await Promise.all([runWriter(path), runWriter(path)]);
  for (const [i, result] of results.entries()) {
    assert.equal(result.code, 0, `writer ${i} failed: ${result.stderr}`);
  }
  const acknowledged = results.flatMap((r) => r.stdout.split('\n').filter(Boolean));
  assert.equal(acknowledged.length, 2 * keysPerWriter);
  const repo = openSqliteRepository(path);
  t.after(() => repo.close());
  const listed = await repo.listKeys(accountA, regionA, { limit: 10 * keysPerWriter });
  assert.deepEqual(listed.map((k) => k.keyId).sort(), [...acknowledged].sort());

  // The writes really were concurrent: in commit (rowid) order the two writers take turns.
  const raw = new Database(path, { readonly: true });
  const writers = raw.prepare("SELECT substr(description, 1, instr(description, ',')) FROM keys ORDER BY rowid")
    .pluck().all() as string[];
  raw.close();
  const turns = writers.filter((writer, i) => i > 0 && writer !== writers[i - 1]).length;
  t.diagnostic(`${turns} changes of writer in commit order`);
  assert.ok(turns > 10, 'the writers ran one after the other, so this test proved nothing');
});
