/**
 * The dev-mode clock that tests can move (issue 14 item 7), shared by every process on one
 * database: system time plus an offset kept in the database's meta table (`dev-clock-offset-ms`),
 * never only in one process's memory.
 *
 * `nowMs()` must stay synchronous (Clock is used deep inside pure code), so each process caches the
 * offset and re-reads it with `refresh()`: the pipeline refreshes before every operation that
 * mutates or reads the clock, and the scheduler before every run, so a move made by another process
 * is seen by the next such request. Encrypt and Decrypt never read the clock, so the hot path pays
 * nothing. The offset only grows (advance takes no negative values), so time never runs backwards.
 */
import type { Clock } from '../platform/clock.js';
import type { Repository } from '../storage/repository.js';

export const clockOffsetMetaName = 'dev-clock-offset-ms';

/** A Clock whose offset can be refreshed from, and advanced in, the database. */
export interface MovableClock extends Clock {
  /** Re-reads the shared offset. */
  refresh(): Promise<void>;
  /** Adds `ms` (>= 0) to the shared offset, atomically across processes; returns the new now. */
  advance(ms: number): Promise<number>;
}

/** A clock that is never moved (secure mode): refresh is free, advance is refused. */
export function fixedClock(base: Clock): MovableClock {
  return {
    nowMs: () => base.nowMs(),
    refresh: async () => {},
    advance: async () => {
      throw new Error('the clock can be moved in dev mode only');
    },
  };
}

export class SharedClock implements MovableClock {
  private offsetMs = 0;

  constructor(
    private readonly repository: Pick<Repository, 'getMeta' | 'addToMeta'>,
    private readonly base: Clock,
  ) {}

  nowMs(): number {
    return this.base.nowMs() + this.offsetMs;
  }

  async refresh(): Promise<void> {
    const stored = await this.repository.getMeta(clockOffsetMetaName);
    const offset = stored === undefined ? 0 : Number(stored);
    // Never step back: a concurrent advance by this process may have landed after the read.
    if (Number.isSafeInteger(offset) && offset > this.offsetMs) this.offsetMs = offset;
  }

  async advance(ms: number): Promise<number> {
    if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`clock advance must be a whole number of ms >= 0, got ${ms}`);
    this.offsetMs = Math.max(this.offsetMs, await this.repository.addToMeta(clockOffsetMetaName, ms));
    return this.nowMs();
  }
}
