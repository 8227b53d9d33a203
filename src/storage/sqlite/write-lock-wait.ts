/**
 * Waiting for SQLite's write lock in steps of tens of microseconds instead of SQLite's own busy
 * handler, for the audit writer thread of each worker process (issue 16: "why 2 workers ≈ 1
 * worker", and the p99 tail).
 *
 * Why: with N worker processes on one file, every worker's audit writer commits (and fsyncs) about
 * once per event-loop turn, so the write lock changes hands thousands of times a second. SQLite's
 * default busy handler (sqliteDefaultBusyCallback, used by busy_timeout) sleeps 1, 2, 5, 10, 15,
 * 20, 25 … 100 ms between attempts, so a writer that finds the lock taken sleeps at least 1 ms, often
 * 5–25 ms, while the lock was free again after one fsync: every request of its batch waits that long.
 * Retrying after 50 µs, doubling to at most 1 ms, hands the lock over within a fraction of a commit.
 * https://sqlite.org/c3ref/busy_timeout.html, https://sqlite.org/lockingv3.html
 *
 * Only for a connection that does nothing else while it waits (a worker thread: Atomics.wait blocks
 * the calling thread). Must never: wait longer than `busyTimeoutMs` in total, or retry anything but
 * SQLITE_BUSY (a failed write is a failed write).
 */
import type Database from 'better-sqlite3';
import { busyTimeoutMs } from './open-database.js';

const firstWaitMs = 0.05;
const longestWaitMs = 1;

/** Turns off SQLite's sleeping busy handler on `db`: `runWaitingForLock` waits instead. */
export function useFineGrainedLockWait(db: Database.Database): void {
  db.pragma('busy_timeout = 0');
}

/**
 * Runs `write` (which begins with BEGIN IMMEDIATE, so SQLITE_BUSY means no change was made),
 * retrying while another connection holds the write lock, for at most `busyTimeoutMs`.
 */
export function runWaitingForLock<T>(write: () => T, timeoutMs: number = busyTimeoutMs): T {
  const deadline = performance.now() + timeoutMs;
  let waitMs = firstWaitMs;
  let nap: Int32Array | undefined;
  for (;;) {
    try {
      return write();
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || performance.now() + waitMs > deadline) throw error;
      nap ??= new Int32Array(new SharedArrayBuffer(4));
      Atomics.wait(nap, 0, 0, waitMs);
      waitMs = Math.min(waitMs * 2, longestWaitMs);
    }
  }
}
