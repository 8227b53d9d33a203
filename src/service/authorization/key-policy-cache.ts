/**
 * Parsed key policies, keyed by their text, so a request pays for a map lookup instead of a parse
 * (issue 17 "Speed": parse each policy document once). Several processes share the database and any
 * of them may PutKeyPolicy: the lookup is by the policy text of the key record the request just
 * read, so a changed policy is parsed anew, never taken from the cache. Keying by text rather than by
 * key also means the many keys that carry the same policy (every key's default policy names only its
 * account) share one parsed document: with 12,000 keys in use, one entry instead of 12,000 (issue 16's
 * memory goal).
 *
 * A stored policy this parser refuses (stored by an older version, or an operator that the grammar
 * check let through) allows nothing: evaluation fails closed rather than guessing.
 */
import type { KeyRecord } from '../../domain/key/key-record.js';
import { parsePolicy, PolicyParseError, type ParsedPolicy } from '../../domain/policy/parse-policy.js';

/** Enough for every key a server typically serves; past it the cache starts over (cheap to refill). */
const maxEntries = 10_000;

const allowsNothing: ParsedPolicy = { statements: [], conditionKeys: new Set() };

export class KeyPolicyCache {
  private readonly entries = new Map<string, ParsedPolicy>();

  /** Distinct policy texts held (tests, memory figures). */
  get size(): number {
    return this.entries.size;
  }

  /** The parsed policy of `key`, parsed now only when no key's policy had this text before. */
  get(key: Pick<KeyRecord, 'arn' | 'policy'>): ParsedPolicy {
    const cached = this.entries.get(key.policy);
    if (cached !== undefined) return cached;
    let parsed: ParsedPolicy;
    try {
      parsed = parsePolicy(key.policy, 'resource');
    } catch (error) {
      if (!(error instanceof PolicyParseError)) throw error;
      parsed = allowsNothing;
    }
    if (this.entries.size >= maxEntries) this.entries.clear();
    this.entries.set(key.policy, parsed);
    return parsed;
  }
}
