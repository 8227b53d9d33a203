/**
 * Durability of the storage layer under a real crash: a child process writes keys and reports each
 * acknowledged one, the parent kills it with SIGKILL mid-stream, reopens the file and checks that
 * every acknowledged key is there, every key has its material (createKey's transaction held), and
 * SQLite's integrity check passes. Three rounds on one file, so recovery of a crashed WAL is itself
 * followed by another crash. (kill -9 keeps the OS page cache; synchronous=FULL is what covers power
 * loss, which a test cannot simulate; settings are asserted in sqlite.test.ts.)
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { openSqliteRepository } from '../../src/storage/sqlite/sqlite-repository.js';
import { accountA, regionA } from './records.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const childScript = fileURLToPath(new URL('./fixtures/write-then-report.ts', import.meta.url));
const acksBeforeKill = 50;
const rounds = 3;

interface Round {
  readonly acknowledged: string[];
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Runs the writer until it has acknowledged `acksBeforeKill` keys, then SIGKILLs it. */
async function writeAndKill(path: string): Promise<Round> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, path], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  const acknowledged: string[] = [];
  // Lines still in the pipe after the kill are acknowledged writes too, so keep reading to the end.
  for await (const line of createInterface({ input: child.stdout })) {
    acknowledged.push(line);
    if (acknowledged.length === acksBeforeKill) child.kill('SIGKILL');
  }
  return { acknowledged, signal: await exited, stderr };
}

test('keys acknowledged before a kill -9 are all present after reopening, in a database that passes integrity_check', { timeout: 120_000 }, async (t) => {
  const folder = await mkdtemp(join(tmpdir(), 'trent-kill9-'));
  t.after(() => rm(folder, { recursive: true, force: true }));
  const path = join(folder, 'trent.db');
  const acknowledged: string[] = [];
  let keysBefore = 0;

  for (let round = 1; round <= rounds; round++) {
    const result = await writeAndKill(path);
    assert.equal(result.signal, 'SIGKILL', `round ${round}: the writer must die by the kill, mid-stream; stderr: ${result.stderr}`);
    assert.ok(result.acknowledged.length >= acksBeforeKill, `round ${round}: ${result.acknowledged.length} acks; stderr: ${result.stderr}`);
    acknowledged.push(...result.acknowledged);

    const raw = new Database(path);
    const integrity = raw.pragma('integrity_check', { simple: true });
    const keyCount = raw.prepare('SELECT count(*) FROM keys').pluck().get() as number;
    const keysWithoutMaterial = raw.prepare(
      'SELECT count(*) FROM keys LEFT JOIN key_material USING (key_id) WHERE key_material.key_id IS NULL',
    ).pluck().get() as number;
    raw.close();
    assert.equal(integrity, 'ok', `round ${round}`);
    assert.equal(keysWithoutMaterial, 0, `round ${round}: createKey is one transaction, even when killed halfway`);
    // At most one more than acknowledged per round: a commit that landed just before its id was printed.
    assert.ok(keyCount >= acknowledged.length && keyCount <= acknowledged.length + round, `round ${round}: ${keyCount} keys`);

    t.diagnostic(`round ${round}: ${result.acknowledged.length} acknowledged, ${keyCount - keysBefore} added to the file`);
    keysBefore = keyCount;

    const repo = openSqliteRepository(path);
    const missing: string[] = [];
    for (const keyId of acknowledged) {
      if ((await repo.getKey(accountA, regionA, keyId)) === undefined) missing.push(keyId);
    }
    await repo.close();
    assert.deepEqual(missing, [], `round ${round}: acknowledged keys lost`);
  }
});
