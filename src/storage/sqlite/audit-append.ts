/**
 * The one transaction that appends a batch of audit events to the chain, shared by the in-thread
 * store and the writer thread (audit-append-worker.ts).
 *
 * Owns: the chain rule of storage/audit-store.ts on SQLite. Must never: read the predecessor hash
 * outside the write transaction it inserts in.
 */
import type Database from 'better-sqlite3';
import { genesisHash, type AuditRow, type ChainHash, type ChainHead } from '../audit-store.js';

/** Builds the append transaction on `db` (prepared once). Run it with `.immediate(rows)`. */
export function appendTransaction(db: Database.Database, chain: ChainHash): Database.Transaction<(rows: readonly AuditRow[]) => void> {
  const head = db.prepare<[], ChainHead>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
  const anchor = db.prepare<[], ChainHead>('SELECT head_seq AS seq, head_hash AS hash FROM audit_anchor WHERE id = 1');
  const insert = db.prepare<[number, string, number, string, string | null, string | null, string | null, string, string, string]>(
    `INSERT INTO audit_events (seq, event_id, event_time_ms, event_name, principal_arn, access_key_id, error_code,
       prev_hash, hash, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertKey = db.prepare<[string, number]>('INSERT OR IGNORE INTO audit_event_keys (key_arn, seq) VALUES (?, ?)');
  const upsertUsage = db.prepare<[string, string, number, string, string]>(
    `INSERT INTO audit_key_usage (key_arn, operation, time_ms, event_id, request_id) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (key_arn) DO UPDATE SET operation = excluded.operation, time_ms = excluded.time_ms,
       event_id = excluded.event_id, request_id = excluded.request_id`,
  );
  return db.transaction((rows: readonly AuditRow[]) => {
    let { seq, hash } = head.get() ?? anchor.get() ?? { seq: 0, hash: genesisHash };
    // Only the newest use of each key in the batch matters for GetKeyLastUsage: one upsert per key.
    const lastUse = new Map<string, AuditRow>();
    for (const row of rows) {
      seq += 1;
      const next = chain(hash, row.json);
      insert.run(seq, row.eventId, row.eventTimeMs, row.eventName, row.principalArn, row.accessKeyId, row.errorCode, hash, next, row.json);
      for (const arn of row.keyArns) insertKey.run(arn, seq);
      for (const arn of row.usage?.keyArns ?? []) lastUse.set(arn, row);
      hash = next;
    }
    for (const [arn, row] of lastUse) upsertUsage.run(arn, row.usage!.operation, row.eventTimeMs, row.eventId, row.usage!.requestId);
  });
}
