/**
 * Access keys: the CredentialResolver SigV4 verification uses, and the bootstrap of the account
 * root's admin key on a server's first start (issue 3 item 5). Secrets are stored sealed under the
 * root key, bound to their access key id, and opened secrets are cached (SigV4 runs per request).
 */
import type { RootKey } from '../crypto/at-rest.js';
import { accountRootArn } from '../domain/key/identifiers.js';
import type { Repository } from '../storage/repository.js';
import type { Clock } from '../platform/clock.js';
import type { Random } from '../platform/random.js';
import type { CredentialResolver, ResolvedAccessKey } from './caller.js';

function secretBinding(accessKeyId: string) {
  return { purpose: 'access-key-secret', id: accessKeyId, version: 1 };
}

/** Resolves access keys from the repository, caching opened secrets. */
export class StoredCredentials implements CredentialResolver {
  private readonly cache = new Map<string, ResolvedAccessKey>();

  constructor(
    private readonly repository: Pick<Repository, 'getAccessKey'>,
    private readonly rootKey: Pick<RootKey, 'seal' | 'open'>,
  ) {}

  async resolve(accessKeyId: string): Promise<ResolvedAccessKey | undefined> {
    const cached = this.cache.get(accessKeyId);
    if (cached) return cached;
    const record = await this.repository.getAccessKey(accessKeyId);
    if (!record) return undefined;
    const secretAccessKey = this.rootKey.open(record.sealedSecret, secretBinding(accessKeyId)).toString('utf8');
    const resolved = { secretAccessKey, accountId: record.accountId, principalArn: record.principalArn };
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(accessKeyId, resolved);
    return resolved;
  }
}

const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** An AWS-shaped long-term access key id: `AKIA` + 16 base32 characters. */
function newAccessKeyId(random: Random): string {
  return 'AKIA' + [...random.bytes(16)].map((b) => base32[b % 32]).join('');
}

export interface AdminAccessKey {
  readonly accessKeyId: string;
  /** Present only when the key was created by this call: it is shown once and never again. */
  readonly secretAccessKey?: string;
}

/**
 * Creates the admin access key of `accountId`'s root on the first start, and only then: the meta
 * entry `admin-access-key-id` records that it exists (several nodes racing agree on one key).
 * `deliver` receives the new key BEFORE anything is stored, so a failure to deliver it (disk full,
 * crash) leaves no stored key whose secret nobody has: the next start simply tries again.
 */
export async function ensureAdminAccessKey(
  deps: { repository: Repository; rootKey: Pick<RootKey, 'seal' | 'open'>; random: Random; clock: Clock },
  accountId: string,
  deliver: (accessKeyId: string, secretAccessKey: string) => void,
): Promise<AdminAccessKey> {
  const existing = await deps.repository.getMeta('admin-access-key-id');
  if (existing !== undefined) return { accessKeyId: existing };
  const accessKeyId = newAccessKeyId(deps.random);
  // 40 characters like an AWS secret access key (30 random bytes in base64).
  const secretAccessKey = deps.random.bytes(30).toString('base64');
  deliver(accessKeyId, secretAccessKey);
  await deps.repository.putAccessKey({
    accessKeyId,
    accountId,
    principalArn: accountRootArn(accountId),
    sealedSecret: deps.rootKey.seal(Buffer.from(secretAccessKey, 'utf8'), secretBinding(accessKeyId)),
    createdMs: deps.clock.nowMs(),
  });
  const winner = await deps.repository.putMetaIfAbsent('admin-access-key-id', accessKeyId);
  return winner === accessKeyId ? { accessKeyId, secretAccessKey } : { accessKeyId: winner };
}
