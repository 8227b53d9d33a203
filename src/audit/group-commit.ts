/**
 * Group commit for the audit trail: every event recorded during one turn of the event loop goes
 * into ONE batch, handed to the store at the end of the turn (NOTES.md §6: "group-commit audit rows
 * per event-loop turn"). The SQLite store merges further: its writer thread commits every batch
 * that is waiting when it becomes free in one transaction, so one fsync covers them all.
 *
 * Owns: the batch being filled and the single promise all its writers wait on. Must never: resolve
 * a writer before its batch's transaction committed, or drop a batch silently (a failed append
 * rejects every writer of that batch, and each of their requests fails closed).
 */
import type { AuditRow, AuditStore } from '../storage/audit-store.js';

export class GroupCommitWriter {
  private rows: AuditRow[] = [];
  private pending: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly store: Pick<AuditStore, 'append'>) {}

  /** Queues `row`; resolves once the batch holding it is committed. */
  write(row: AuditRow): Promise<void> {
    this.rows.push(row);
    if (this.pending === undefined) {
      // setImmediate runs after the I/O callbacks of this loop turn: every request that reached its
      // audit write in this turn is in the batch by then.
      const batch = new Promise<void>((resolve, reject) => {
        setImmediate(() => {
          const rows = this.rows;
          this.rows = [];
          this.pending = undefined;
          this.store.append(rows).then(resolve, reject);
        });
      });
      this.pending = batch;
      this.inFlight.add(batch);
      const forget = (): void => { this.inFlight.delete(batch); };
      batch.then(forget, forget);
    }
    return this.pending;
  }

  /** Waits for every batch queued so far (shutdown). Failures were already reported to their writers. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
