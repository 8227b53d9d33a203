/**
 * Parsed key policies, one per key, so a request pays for a string comparison instead of a parse
 * (issue 17 "Speed": parse each policy document once). Several processes share the database and any
 * of them may PutKeyPolicy, so an entry is used only while its source text equals the policy of the
 * key record the request just read: a changed policy is re-parsed, never trusted from the cache.
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
  private readonly entries = new Map<string, { readonly text: string; readonly parsed: ParsedPolicy }>();

  /** The parsed policy of `key`, parsed now only when its text differs from the cached one. */
  get(key: Pick<KeyRecord, 'arn' | 'policy'>): ParsedPolicy {
    const cached = this.entries.get(key.arn);
    if (cached !== undefined && cached.text === key.policy) return cached.parsed;
    let parsed: ParsedPolicy;
    try {
      parsed = parsePolicy(key.policy, 'resource');
    } catch (error) {
      if (!(error instanceof PolicyParseError)) throw error;
      parsed = allowsNothing;
    }
    if (this.entries.size >= maxEntries) this.entries.clear();
    this.entries.set(key.arn, { text: key.policy, parsed });
    return parsed;
  }
}
