/**
 * The audit writer thread: runs the append transaction (audit-append.ts) on its own connection, so
 * that the commit's fsync (synchronous=FULL) blocks this thread, not the event loop serving
 * requests. While it commits one batch, the main thread fills the next: that is the group commit.
 *
 * Messages in: { id, rows } or { close: true }. Out: { id } when committed, { id, error } when not.
 * Every batch waiting when the thread becomes free is committed in one transaction.
 * The chain hash is imported from crypto/ directly (an exception the architecture test names): the
 * predecessor hash is read inside this thread's transaction, so the hash must be computed here too.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { chainHash } from '../../crypto/audit-chain.js';
import type { AuditRow } from '../audit-store.js';
import { appendTransaction } from './audit-append.js';
import { openDatabase } from './open-database.js';
import { runWaitingForLock, useFineGrainedLockWait } from './write-lock-wait.js';

const port = parentPort!;
const { db } = openDatabase((workerData as { path: string }).path);
const append = appendTransaction(db, chainHash);
// Lock hand-overs between workers' writers in microseconds, not SQLite's 1–100 ms sleeps (write-lock-wait.ts).
useFineGrainedLockWait(db);
// 4 MiB of page cache instead of the build's 16 MiB: appends touch the tail of the event table and
// one usage row per key, not the whole file (issue 16's memory goal, per worker process).
db.pragma('cache_size = -4096');

type Message = { id: number; rows: AuditRow[] } | { close: true };

/**
 * Commits `first` together with every batch already waiting in the port's queue: batches that
 * arrived while the previous commit was being fsynced share this commit (group commit).
 */
function commitWaiting(first: { id: number; rows: AuditRow[] }): boolean {
  const batches = [first];
  let closing = false;
  for (let next = receiveMessageOnPort(port); next !== undefined; next = receiveMessageOnPort(port)) {
    const message = next.message as Message;
    if ('close' in message) { closing = true; break; }
    batches.push(message);
  }
  try {
    const rows = batches.flatMap((b) => b.rows);
    runWaitingForLock(() => append.immediate(rows));
    for (const b of batches) port.postMessage({ id: b.id });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    for (const b of batches) port.postMessage({ id: b.id, error: text });
  }
  return closing;
}

function close(): void {
  db.close();
  port.close();
}

port.on('message', (message: Message) => {
  if ('close' in message) { close(); return; }
  if (commitWaiting(message)) close();
});
