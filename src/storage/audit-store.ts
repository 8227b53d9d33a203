/**
 * The storage contract of the audit trail (issue 18): an append-only, hash-chained sequence of
 * CloudTrail records plus the signed digests that anchor it.
 *
 * Owns: what every backend guarantees about the chain. Must never: compute the chain from anything
 * but what the database holds inside its own write transaction (several Trent processes append to
 * one file: an in-memory "head" would fork the chain), or interpret the record JSON beyond the
 * index columns it is given.
 *
 * Chain rule: event `seq` (1, 2, 3 … without gaps) stores `prevHash` = the hash of event `seq - 1`
 * (or of the pruning anchor, or 64 zeros for the first event ever) and `hash` = chain(prevHash, json).
 * The hash function is injected (crypto/audit-chain.ts), so storage holds no crypto of its own.
 */

/** What the writer hands over for one event; the store adds seq, prevHash and hash. */
export interface AuditRow {
  readonly eventId: string;
  readonly eventTimeMs: number;
  readonly eventName: string;
  /** The caller's ARN (userIdentity.arn), when known. */
  readonly principalArn: string | null;
  readonly accessKeyId: string | null;
  /** errorCode, or null for a successful call. */
  readonly errorCode: string | null;
  /** Key ARNs of `resources`, for lookups by key (ReEncrypt names two). */
  readonly keyArns: readonly string[];
  /**
   * Keys whose "last usage" (GetKeyLastUsage) this event is: successful cryptographic operations
   * only. Written in the same transaction as the event.
   */
  readonly usage?: { readonly keyArns: readonly string[]; readonly operation: string; readonly requestId: string };
  /** The CloudTrail record, exactly as hashed. */
  readonly json: string;
}

/** One stored event. */
export interface StoredAuditEvent extends Omit<AuditRow, 'usage' | 'keyArns'> {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** The chain position a digest or the pruning anchor refers to. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** A signed digest of the chain head (like CloudTrail's digest files). */
export interface AuditDigest {
  /** 1, 2, 3 … in the order digests were written. */
  readonly digestSeq: number;
  readonly headSeq: number;
  readonly headHash: string;
  readonly timeMs: number;
  /** Signature of the previous digest, or '' for the first: digests chain too. */
  readonly prevSignature: string;
  /** base64 Ed25519 signature over `digestMessage(...)` (crypto/audit-chain.ts). */
  readonly signature: string;
}

/** The last successful cryptographic use of a key (GetKeyLastUsage). */
export interface KeyUsageRecord {
  readonly keyArn: string;
  readonly operation: string;
  readonly timeMs: number;
  readonly eventId: string;
  readonly requestId: string;
}

/** Filters of `lookup`; every one optional. Results come newest first. */
export interface AuditQuery {
  readonly keyArn?: string;
  readonly eventName?: string;
  readonly principalArn?: string;
  readonly startTimeMs?: number;
  readonly endTimeMs?: number;
  readonly limit: number;
}

export type ChainHash = (prevHash: string, json: string) => string;

/** Hash that precedes the first event of a trail that was never pruned. */
export const genesisHash = '0'.repeat(64);

export interface AuditStore {
  /** Appends `rows` in order, in ONE write transaction (one commit, one fsync: group commit). */
  append(rows: readonly AuditRow[]): Promise<void>;
  /** The newest event's position, or undefined for an empty trail. */
  head(): Promise<ChainHead | undefined>;
  /** Events with seq > `afterSeq`, ascending, at most `limit` (verify and export walk with this). */
  scan(afterSeq: number, limit: number): Promise<StoredAuditEvent[]>;
  /** Events matching `query`, newest first. */
  lookup(query: AuditQuery): Promise<StoredAuditEvent[]>;
  /** The last successful cryptographic use of `keyArn`, if any. */
  lastUsage(keyArn: string): Promise<KeyUsageRecord | undefined>;
  /**
   * Inside one write transaction: reads the head and the last digest; when the head moved since
   * that digest, stores `sign(head, previous)` and returns it; otherwise returns undefined.
   */
  writeDigest(sign: (head: ChainHead, previous: AuditDigest | undefined) => Omit<AuditDigest, 'digestSeq'>): Promise<AuditDigest | undefined>;
  /** Every digest, ascending. */
  digests(): Promise<AuditDigest[]>;
  /**
   * Deletes events with seq <= the newest digest whose head event is older than `beforeMs`, and
   * records that digest's head as the anchor, in one transaction. Returns how many were deleted.
   */
  prune(beforeMs: number): Promise<number>;
  /** Where the stored chain starts after pruning (undefined: it starts at seq 1 from genesisHash). */
  anchor(): Promise<ChainHead | undefined>;
  close(): Promise<void>;
}
