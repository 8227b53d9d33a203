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
import { createSecretKey, type KeyObject } from 'node:crypto';
import { deriveSigningKey } from './sigv4-canonical.js';

/** Default bound: generous for a self-hosted server, ~100 KB of memory when full. */
export const SIGNING_KEY_CACHE_SIZE_DEFAULT = 1000;

interface Entry {
  readonly secret: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  /**
   * A KeyObject rather than a Buffer: createHmac takes its native handle as is, where a Buffer key is
   * wrapped anew on every request (~5 % of an HMAC, measured on Node 20); the bytes also stay out of
   * the JavaScript heap.
   */
  readonly key: KeyObject;
}

/** Derives signing keys through a bounded memo; `derivations` counts misses (tests, metrics). */
export class SigningKeyCache {
  /** Every cached key by (date, region, service, secret); insertion order is age, for eviction. */
  private readonly entries = new Map<string, Entry>();
  /**
   * The entry each secret used last: the hot path. A resolver hands back the same secret string on
   * every request, whose hash V8 keeps, so this lookup hashes nothing and builds no key string; the
   * scope is then compared field by field. Holds only entries that are also in `entries`.
   */
  private readonly latest = new Map<string, Entry>();
  private derivationCount = 0;

  constructor(private readonly sizeMax: number = SIGNING_KEY_CACHE_SIZE_DEFAULT) {
    if (!Number.isInteger(sizeMax) || sizeMax < 1) throw new RangeError('signing key cache size must be a positive integer');
  }

  /** The signing key for this scope, derived at most once while it stays cached. */
  get(secretAccessKey: string, date: string, region: string, service: string): KeyObject {
    const recent = this.latest.get(secretAccessKey);
    if (recent !== undefined && recent.date === date && recent.region === region && recent.service === service) return recent.key;
    // '\n' cannot occur in a date, region or service that passed the scope checks.
    const id = `${date}\n${region}\n${service}\n${secretAccessKey}`;
    let entry = this.entries.get(id);
    if (entry === undefined) {
      entry = { secret: secretAccessKey, date, region, service, key: createSecretKey(deriveSigningKey(secretAccessKey, date, region, service)) };
      this.derivationCount++;
      if (this.entries.size >= this.sizeMax) this.evictOldest();
      this.entries.set(id, entry);
    }
    this.latest.set(secretAccessKey, entry);
    return entry.key;
  }

  private evictOldest(): void {
    const oldest = this.entries.entries().next();
    if (oldest.done === true) return;
    const [id, entry] = oldest.value;
    this.entries.delete(id);
    if (this.latest.get(entry.secret) === entry) this.latest.delete(entry.secret);
  }

  /** How many entries are held now (never more than the bound). */
  get size(): number { return this.entries.size; }

  /** How many keys were derived (cache misses) since construction. */
  get derivations(): number { return this.derivationCount; }
}
