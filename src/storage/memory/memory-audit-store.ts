/**
 * The audit trail in process memory, for tests: same contract as the SQLite store, plus a fault
 * switch that makes appends fail (the fail-closed tests of issue 18).
 *
 * Must never: half-apply a batch; the fault check and every hash happen before anything is stored.
 */
import {
  genesisHash,
  type AuditDigest, type AuditQuery, type AuditRow, type AuditStore, type ChainHash, type ChainHead,
  type KeyUsageRecord, type StoredAuditEvent,
} from '../audit-store.js';
import { InjectedStorageFault } from './memory-repository.js';

export class MemoryAuditStore implements AuditStore {
  private events: Array<StoredAuditEvent & { keyArns: readonly string[] }> = [];
  private readonly usage = new Map<string, KeyUsageRecord>();
  private readonly digestList: AuditDigest[] = [];
  private anchorHead: ChainHead | undefined;
  private failing: Error | undefined;
  private closed = false;

  constructor(private readonly chain: ChainHash) {}

  /** Every append rejects with `error` (and stores nothing) until clearFaults(). */
  failAppends(error: Error = new InjectedStorageFault('injected fault: audit append failed')): void {
    this.failing = error;
  }

  clearFaults(): void {
    this.failing = undefined;
  }

  private readHead(): ChainHead {
    const last = this.events.at(-1);
    if (last !== undefined) return { seq: last.seq, hash: last.hash };
    return this.anchorHead ?? { seq: 0, hash: genesisHash };
  }

  async append(rows: readonly AuditRow[]): Promise<void> {
    this.checkOpen();
    if (this.failing) throw this.failing;
    let { seq, hash } = this.readHead();
    const staged: typeof this.events = [];
    for (const row of rows) {
      seq += 1;
      const next = this.chain(hash, row.json);
      const { usage: _usage, ...rest } = row;
      staged.push({ ...rest, seq, prevHash: hash, hash: next });
      hash = next;
    }
    this.events.push(...staged);
    for (const row of rows) {
      for (const arn of row.usage?.keyArns ?? []) {
        this.usage.set(arn, { keyArn: arn, operation: row.usage!.operation, timeMs: row.eventTimeMs, eventId: row.eventId, requestId: row.usage!.requestId });
      }
    }
  }

  async head(): Promise<ChainHead | undefined> {
    this.checkOpen();
    const head = this.readHead();
    return head.seq === 0 ? undefined : head;
  }

  async scan(afterSeq: number, limit: number): Promise<StoredAuditEvent[]> {
    this.checkOpen();
    return this.events.filter((e) => e.seq > afterSeq).slice(0, limit).map(strip);
  }

  async lookup(query: AuditQuery): Promise<StoredAuditEvent[]> {
    this.checkOpen();
    const key = query.keyArn;
    return [...this.events].reverse().filter((e) =>
      (key === undefined || e.keyArns.some((arn) => arn === key || arn.endsWith(`:key/${key}`)))
      && (query.eventName === undefined || e.eventName === query.eventName)
      && (query.principalArn === undefined || e.principalArn === query.principalArn)
      && (query.startTimeMs === undefined || e.eventTimeMs >= query.startTimeMs)
      && (query.endTimeMs === undefined || e.eventTimeMs <= query.endTimeMs),
    ).slice(0, query.limit).map(strip);
  }

  async lastUsage(keyArn: string): Promise<KeyUsageRecord | undefined> {
    this.checkOpen();
    return this.usage.get(keyArn);
  }

  async writeDigest(sign: Parameters<AuditStore['writeDigest']>[0]): Promise<AuditDigest | undefined> {
    this.checkOpen();
    if (this.failing) throw this.failing;
    const head = this.readHead();
    const last = this.digestList.at(-1);
    if (head.seq === 0 || (last !== undefined && last.headSeq === head.seq)) return undefined;
    const digest = { ...sign(head, last), digestSeq: (last?.digestSeq ?? 0) + 1 };
    this.digestList.push(digest);
    return digest;
  }

  async digests(): Promise<AuditDigest[]> {
    this.checkOpen();
    return [...this.digestList];
  }

  async prune(beforeMs: number): Promise<number> {
    this.checkOpen();
    const target = [...this.digestList].reverse().find((d) => {
      const event = this.events.find((e) => e.seq === d.headSeq);
      return event !== undefined && event.eventTimeMs < beforeMs;
    });
    if (target === undefined) return 0;
    const before = this.events.length;
    this.events = this.events.filter((e) => e.seq > target.headSeq);
    this.anchorHead = { seq: target.headSeq, hash: target.headHash };
    return before - this.events.length;
  }

  async anchor(): Promise<ChainHead | undefined> {
    this.checkOpen();
    return this.anchorHead;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('audit store is closed');
  }
}

function strip(event: StoredAuditEvent & { keyArns?: readonly string[] }): StoredAuditEvent {
  const { keyArns: _keys, ...rest } = event;
  return rest;
}
