/**
 * Read-modify-write of a key record with optimistic concurrency (storage/repository.ts `updateKey`):
 * apply `change` to the key the pipeline read, persist it with revision + 1, and on a lost race
 * re-read, re-check the operation's rules and re-apply, a few times. The stored record is only ever
 * replaced whole, so a failed write leaves the previous state intact (DESIGN.md habit 7).
 */
import { NotFoundException } from '../api/generated/errors.js';
import type { KeyRecord } from '../domain/key/key-record.js';
import { keyNotFound } from '../domain/messages.js';
import { ConcurrentUpdateError } from '../storage/repository.js';
import type { OperationContext } from './operation.js';

const maxAttempts = 5;

/**
 * Persists `change(key)`; `change` returns undefined when there is nothing to do (e.g. enabling an
 * Enabled key). Returns the record now stored.
 */
export async function saveKey(
  ctx: Pick<OperationContext, 'deps' | 'recheck' | 'dryRun'>,
  key: KeyRecord,
  change: (current: KeyRecord) => KeyRecord | undefined,
): Promise<KeyRecord> {
  let current = key;
  for (let attempt = 1; ; attempt++) {
    const next = change(current);
    // A dry run has made every check by now (`change` included) and must not persist.
    if (!next || ctx.dryRun) return current;
    const stored = { ...next, revision: current.revision + 1 };
    try {
      await ctx.deps.repository.updateKey(stored);
      return stored;
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= maxAttempts) throw error;
      const fresh = await ctx.deps.repository.getKey(current.accountId, current.region, current.keyId);
      if (!fresh) throw new NotFoundException(keyNotFound(current.arn));
      ctx.recheck(fresh);
      current = fresh;
    }
  }
}
