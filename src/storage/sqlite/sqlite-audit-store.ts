/**
 * The audit trail on SQLite (storage/audit-store.ts): its own connection to the same database file
 * as the repository, so a burst of audit appends never waits behind, or holds up, key writes in
 * JavaScript; SQLite serialises the two writers itself.
 *
 * Owns: the chain append inside one IMMEDIATE transaction (the predecessor hash is read under the
 * write lock, so two processes appending at once still form one sequence), digests, pruning.
 * Must never: keep the chain head in memory between transactions, or build SQL from values.
 */
import type Database from 'better-sqlite3';
import {
  genesisHash,
  type AuditDigest, type AuditQuery, type AuditRow, type AuditStore, type ChainHash, type ChainHead,
  type KeyUsageRecord, type StoredAuditEvent,
} from '../audit-store.js';
import { appendTransaction } from './audit-append.js';
import { AuditWriterThread } from './audit-writer-thread.js';
import { openDatabase } from './open-database.js';

interface EventRow {
  seq: number; event_id: string; event_time_ms: number; event_name: string; principal_arn: string | null;
  access_key_id: string | null; error_code: string | null; prev_hash: string; hash: string; json: string;
}
interface DigestRow {
  digest_seq: number; head_seq: number; head_hash: string; time_ms: number; prev_signature: string; signature: string;
}
interface HeadRow { seq: number; hash: string }

const eventColumns = 'e.seq, e.event_id, e.event_time_ms, e.event_name, e.principal_arn, e.access_key_id, e.error_code, e.prev_hash, e.hash, e.json';
const filters = `(@name IS NULL OR e.event_name = @name)
  AND (@principal IS NULL OR e.principal_arn = @principal)
  AND (@start IS NULL OR e.event_time_ms >= @start)
  AND (@end IS NULL OR e.event_time_ms <= @end)`;

function prepare(db: Database.Database) {
  return {
    head: db.prepare<[], HeadRow>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1'),
    anchor: db.prepare<[], { head_seq: number; head_hash: string }>('SELECT head_seq, head_hash FROM audit_anchor WHERE id = 1'),
    usage: db.prepare<[string], { key_arn: string; operation: string; time_ms: number; event_id: string; request_id: string }>(
      'SELECT key_arn, operation, time_ms, event_id, request_id FROM audit_key_usage WHERE key_arn = ?',
    ),
    scan: db.prepare<[number, number], EventRow>(`SELECT ${eventColumns} FROM audit_events e WHERE e.seq > ? ORDER BY e.seq LIMIT ?`),
    lookup: db.prepare<[Record<string, unknown>], EventRow>(
      `SELECT ${eventColumns} FROM audit_events e WHERE ${filters} ORDER BY e.seq DESC LIMIT @limit`,
    ),
    // A key id (no "arn:") matches the ARN that ends in ":key/<id>".
    lookupByKey: db.prepare<[Record<string, unknown>], EventRow>(
      `SELECT ${eventColumns} FROM audit_events e
       WHERE e.seq IN (SELECT seq FROM audit_event_keys WHERE key_arn = @key OR key_arn LIKE '%:key/' || @key)
         AND ${filters} ORDER BY e.seq DESC LIMIT @limit`,
    ),
    lastDigest: db.prepare<[], DigestRow>('SELECT * FROM audit_digests ORDER BY digest_seq DESC LIMIT 1'),
    digests: db.prepare<[], DigestRow>('SELECT * FROM audit_digests ORDER BY digest_seq'),
    insertDigest: db.prepare<[number, number, string, number, string, string]>(
      `INSERT INTO audit_digests (digest_seq, head_seq, head_hash, time_ms, prev_signature, signature)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    // The newest digest whose head event is older than the cut-off: everything up to it may go.
    pruneTarget: db.prepare<[number], DigestRow>(
      `SELECT d.* FROM audit_digests d JOIN audit_events e ON e.seq = d.head_seq
       WHERE e.event_time_ms < ? ORDER BY d.head_seq DESC LIMIT 1`,
    ),
    deleteKeysUpTo: db.prepare<[number]>('DELETE FROM audit_event_keys WHERE seq <= ?'),
    deleteEventsUpTo: db.prepare<[number]>('DELETE FROM audit_events WHERE seq <= ?'),
    setAnchor: db.prepare<[number, string]>(
      `INSERT INTO audit_anchor (id, head_seq, head_hash) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET head_seq = excluded.head_seq, head_hash = excluded.head_hash`,
    ),
  };
}

function toEvent(row: EventRow): StoredAuditEvent {
  return {
    seq: row.seq, eventId: row.event_id, eventTimeMs: row.event_time_ms, eventName: row.event_name,
    principalArn: row.principal_arn, accessKeyId: row.access_key_id, errorCode: row.error_code,
    prevHash: row.prev_hash, hash: row.hash, json: row.json,
  };
}

function toDigest(row: DigestRow): AuditDigest {
  return {
    digestSeq: row.digest_seq, headSeq: row.head_seq, headHash: row.head_hash, timeMs: row.time_ms,
    prevSignature: row.prev_signature, signature: row.signature,
  };
}

/**
 * Opens (and migrates) the database at `path` on a connection of its own for the audit trail.
 * `writerThread: true` (the server) commits appends in a thread of their own (audit-writer-thread.ts),
 * so the fsync of each group commit never blocks the event loop; reads stay on this connection.
 */
export function openSqliteAuditStore(path: string, chain: ChainHash, options: { writerThread?: boolean } = {}): SqliteAuditStore {
  const { db } = openDatabase(path);
  // Lookups, digests and GetKeyLastUsage read little on a serving process: 4 MiB, not 16 (memory goal).
  db.pragma('cache_size = -4096');
  return new SqliteAuditStore(db, chain, options.writerThread ? new AuditWriterThread(path) : undefined);
}

export class SqliteAuditStore implements AuditStore {
  private readonly sql: ReturnType<typeof prepare>;
  private readonly appendTx: Database.Transaction<(rows: readonly AuditRow[]) => void>;
  private readonly digestTx: Database.Transaction<(sign: Parameters<AuditStore['writeDigest']>[0]) => AuditDigest | undefined>;
  private readonly pruneTx: Database.Transaction<(beforeMs: number) => number>;
  private closed = false;

  /** `db` must be a configured connection (openDatabase); a read-only one makes every append fail. */
  constructor(private readonly db: Database.Database, chain: ChainHash, private readonly writer?: AuditWriterThread) {
    this.sql = prepare(db);
    this.appendTx = appendTransaction(db, chain);
    this.digestTx = db.transaction((sign) => {
      const head = this.readHead();
      const last = this.sql.lastDigest.get();
      if (head.seq === 0 || (last !== undefined && last.head_seq === head.seq)) return undefined;
      const previous = last === undefined ? undefined : toDigest(last);
      const made = sign(head, previous);
      const digestSeq = (last?.digest_seq ?? 0) + 1;
      this.sql.insertDigest.run(digestSeq, made.headSeq, made.headHash, made.timeMs, made.prevSignature, made.signature);
      return { ...made, digestSeq };
    });
    this.pruneTx = db.transaction((beforeMs: number) => {
      const target = this.sql.pruneTarget.get(beforeMs);
      if (target === undefined) return 0;
      this.sql.deleteKeysUpTo.run(target.head_seq);
      const deleted = this.sql.deleteEventsUpTo.run(target.head_seq).changes;
      this.sql.setAnchor.run(target.head_seq, target.head_hash);
      return deleted;
    });
  }

  /** The newest event, else the pruning anchor, else genesis (what the next event will follow). */
  private readHead(): ChainHead {
    const row = this.sql.head.get();
    if (row !== undefined) return row;
    const anchor = this.sql.anchor.get();
    return anchor === undefined ? { seq: 0, hash: genesisHash } : { seq: anchor.head_seq, hash: anchor.head_hash };
  }

  async append(rows: readonly AuditRow[]): Promise<void> {
    this.checkOpen();
    if (rows.length === 0) return;
    if (this.writer !== undefined) return this.writer.append(rows);
    // IMMEDIATE: take the write lock before reading the head, so no other process appends between
    // the read and the insert (a deferred transaction could also fail to upgrade with SQLITE_BUSY).
    this.appendTx.immediate(rows);
  }

  async head(): Promise<ChainHead | undefined> {
    this.checkOpen();
    const head = this.readHead();
    return head.seq === 0 ? undefined : head;
  }

  async scan(afterSeq: number, limit: number): Promise<StoredAuditEvent[]> {
    this.checkOpen();
    return this.sql.scan.all(afterSeq, limit).map(toEvent);
  }

  async lookup(query: AuditQuery): Promise<StoredAuditEvent[]> {
    this.checkOpen();
    const params = {
      name: query.eventName ?? null, principal: query.principalArn ?? null, start: query.startTimeMs ?? null,
      end: query.endTimeMs ?? null, limit: query.limit, key: query.keyArn ?? null,
    };
    const rows = query.keyArn === undefined ? this.sql.lookup.all(params) : this.sql.lookupByKey.all(params);
    return rows.map(toEvent);
  }

  async lastUsage(keyArn: string): Promise<KeyUsageRecord | undefined> {
    this.checkOpen();
    const row = this.sql.usage.get(keyArn);
    return row === undefined ? undefined
      : { keyArn: row.key_arn, operation: row.operation, timeMs: row.time_ms, eventId: row.event_id, requestId: row.request_id };
  }

  async writeDigest(sign: Parameters<AuditStore['writeDigest']>[0]): Promise<AuditDigest | undefined> {
    this.checkOpen();
    return this.digestTx.immediate(sign);
  }

  async digests(): Promise<AuditDigest[]> {
    this.checkOpen();
    return this.sql.digests.all().map(toDigest);
  }

  async prune(beforeMs: number): Promise<number> {
    this.checkOpen();
    return this.pruneTx.immediate(beforeMs);
  }

  async anchor(): Promise<ChainHead | undefined> {
    this.checkOpen();
    const row = this.sql.anchor.get();
    return row === undefined ? undefined : { seq: row.head_seq, hash: row.head_hash };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writer?.close();
    this.db.close();
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('audit store is closed');
  }
}
