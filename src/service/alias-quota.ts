/**
 * The aliases-per-key quota shared by CreateAlias and UpdateAlias (an alias moved onto a full key).
 * https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html#aliases-per-key
 */
import { LimitExceededException } from '../api/generated/errors.js';
import { aliasesPerKeyMax } from '../domain/alias/alias-name.js';
import type { KeyRecord } from '../domain/key/key-record.js';
import { aliasesPerKeyExceeded } from '../domain/messages.js';
import type { Repository } from '../storage/repository.js';

/**
 * LimitExceededException when `key` already has the quota's number of aliases (CreateAlias, and
 * UpdateAlias moving an alias onto another key). Counted before the write, not atomically with it:
 * two concurrent requests can overshoot by one, which a quota (unlike a uniqueness rule) tolerates.
 */
export async function checkAliasesPerKey(repository: Pick<Repository, 'listAliases'>, key: KeyRecord): Promise<void> {
  const aliases = await repository.listAliases(key.accountId, key.region, { limit: aliasesPerKeyMax + 1, targetKeyId: key.keyId });
  if (aliases.length >= aliasesPerKeyMax) {
    throw new LimitExceededException(aliasesPerKeyExceeded(aliasesPerKeyMax, aliases.length));
  }
}
