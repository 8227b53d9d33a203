/**
 * Loading Project Wycheproof files (vendored in ./wycheproof/, Apache-2.0, LICENSE beside them) and
 * tallying what a runner did with them, so every runner asserts that it ran every vector of a file
 * and prints the counts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

export interface WycheproofVector { tcId: number; comment: string; flags: string[]; result: 'valid' | 'invalid' | 'acceptable'; [field: string]: unknown }
export interface WycheproofGroup { tests: WycheproofVector[]; [field: string]: unknown }
export interface WycheproofFile { algorithm: string; numberOfTests: number; testGroups: WycheproofGroup[] }

export function loadWycheproof(name: string): WycheproofFile {
  return JSON.parse(readFileSync(new URL(`./wycheproof/${name}`, import.meta.url), 'utf8')) as WycheproofFile;
}

export const hex = (s: unknown): Buffer => Buffer.from(String(s ?? ''), 'hex');
export const label = (v: WycheproofVector): string => `tcId ${v.tcId} ${v.comment} [${v.flags.join(',')}]`;

/** Counts of one file: valid accepted, invalid rejected, acceptable either way, and not applicable. */
export class Tally {
  valid = 0;
  invalid = 0;
  acceptable = 0;
  notApplicable = 0;
  constructor(private readonly file: string, private readonly suite: WycheproofFile) {}

  /** Records the outcome of one vector; `accepted` is what the code under test said. */
  check(v: WycheproofVector, accepted: boolean): void {
    if (v.result === 'valid') { assert.equal(accepted, true, `valid vector refused: ${label(v)}`); this.valid++; }
    else if (v.result === 'invalid') { assert.equal(accepted, false, `invalid vector accepted: ${label(v)}`); this.invalid++; }
    else this.acceptable++;
  }

  /** A vector outside what the API can express (e.g. an ML-DSA context), counted apart. */
  skip(): void {
    this.notApplicable++;
  }

  /** Asserts every vector of the file was counted, and prints the counts. */
  done(): void {
    const total = this.valid + this.invalid + this.acceptable + this.notApplicable;
    console.log(`wycheproof ${this.file}: ${this.valid} valid accepted, ${this.invalid} invalid rejected, ${this.acceptable} acceptable, ${this.notApplicable} not applicable`);
    assert.equal(total, this.suite.numberOfTests, `${this.file}: ran ${total} of ${this.suite.numberOfTests} vectors`);
    assert.ok(this.valid > 0 && this.invalid > 0, `${this.file}: both valid and invalid vectors ran`);
  }
}
