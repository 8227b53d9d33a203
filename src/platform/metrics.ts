/**
 * Named monotonic counters kept in process memory. There is no /metrics endpoint yet: a later one
 * reads `snapshot()` (Prometheus text is one line per counter). Imports nothing of ours.
 */
export interface Counters {
  increment(name: string, by?: number): void;
  get(name: string): number;
  snapshot(): Readonly<Record<string, number>>;
}

/** A fresh set of counters (app.ts makes one per server). */
export function createCounters(): Counters {
  const values = new Map<string, number>();
  return {
    increment(name, by = 1) { values.set(name, (values.get(name) ?? 0) + by); },
    get(name) { return values.get(name) ?? 0; },
    snapshot() { return Object.fromEntries(values); },
  };
}

/** Counter names in use, so a later /metrics and the tests agree on them. */
export const counterNames = {
  /** Attempts to use a key that is pending deletion (issue 18 item 7). */
  keyPendingDeletionUse: 'trent_key_pending_deletion_use_total',
  /** Audit events that could not be written (each failed the request). */
  auditWriteFailures: 'trent_audit_write_failures_total',
} as const;
