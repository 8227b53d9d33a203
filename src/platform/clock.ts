/**
 * Time as a dependency (DESIGN.md habit 11): schedules and SigV4 clock-skew checks read `Clock`, so
 * tests move a fake clock instead of sleeping. Imports nothing of ours.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

/** A clock tests can set and advance. */
export class ManualClock implements Clock {
  constructor(private ms: number) {}
  nowMs(): number { return this.ms; }
  set(ms: number): void { this.ms = ms; }
  advance(ms: number): void { this.ms += ms; }
}
