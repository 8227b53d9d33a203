/**
 * A bounded cache of derived SigV4 signing keys, keyed by (secret, date, region, service). Deriving
 * costs four HMACs and roughly doubles the verify time (NOTES.md §6: 38 µs cached vs 72 µs derived);
 * a key is valid for one day, so nearly every request after a client's first of the day hits.
 *
 * Keyed by the secret itself, not the access key id, so a rotated secret can never be served a key
 * derived from the old one. Eviction is first-in-first-out: simple, O(1), and a working set larger
 * than the bound only costs derivations, never correctness.
 *
 * Must never: expose or log its keys or values.
 */
import { deriveSigningKey } from './sigv4-canonical.js';

/** Default bound: generous for a self-hosted server, ~100 KB of memory when full. */
export const SIGNING_KEY_CACHE_SIZE_DEFAULT = 1000;

/** Derives signing keys through a bounded memo; `derivations` counts misses (tests, metrics). */
export class SigningKeyCache {
  private readonly entries = new Map<string, Buffer>();
  private derivationCount = 0;

  constructor(private readonly sizeMax: number = SIGNING_KEY_CACHE_SIZE_DEFAULT) {
    if (!Number.isInteger(sizeMax) || sizeMax < 1) throw new RangeError('signing key cache size must be a positive integer');
  }

  /** The signing key for this scope, derived at most once while it stays cached. */
  get(secretAccessKey: string, date: string, region: string, service: string): Buffer {
    // '\n' cannot occur in a date, region or service that passed the scope checks.
    const id = `${date}\n${region}\n${service}\n${secretAccessKey}`;
    const cached = this.entries.get(id);
    if (cached !== undefined) return cached;
    const key = deriveSigningKey(secretAccessKey, date, region, service);
    this.derivationCount++;
    if (this.entries.size >= this.sizeMax) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(id, key);
    return key;
  }

  /** How many entries are held now (never more than the bound). */
  get size(): number { return this.entries.size; }

  /** How many keys were derived (cache misses) since construction. */
  get derivations(): number { return this.derivationCount; }
}
