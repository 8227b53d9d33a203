/**
 * Access keys: the CredentialResolver SigV4 verification uses, the bootstrap of the account root's
 * admin key on a server's first start (issue 3 item 5), and its rotation (issue 13 item 6). Secrets
 * are stored sealed under the root key, bound to every identity field of their row.
 */
import type { RootKey, SealBinding } from '../crypto/at-rest.js';
import { accountRootArn } from '../domain/key/identifiers.js';
import type { AccessKeyRecord } from '../domain/key/key-record.js';
import type { Repository } from '../storage/repository.js';
import type { Clock } from '../platform/clock.js';
import type { Random } from '../platform/random.js';
import type { CredentialResolver, ResolvedAccessKey } from './caller.js';

/** The meta entry naming the admin access key of the account root. */
export const adminAccessKeyMeta = 'admin-access-key-id';

/**
 * The AAD binding of a sealed secret: account, principal ARN and access key id all take part, so a
 * row edited to name another account or principal (or moved onto another key id) no longer opens.
 * JSON of an array is an unambiguous encoding of the three strings. Version 2: version 1 bound the
 * access key id alone.
 */
export function secretBinding(identity: Pick<AccessKeyRecord, 'accountId' | 'principalArn' | 'accessKeyId'>): SealBinding {
  return {
    purpose: 'access-key-secret',
    id: JSON.stringify([identity.accountId, identity.principalArn, identity.accessKeyId]),
    version: 2,
  };
}

/**
 * Resolves access keys from the repository. The record is read on every call (one indexed SQLite
 * read), so a key revoked by `trent admin rotate-access-key` or another process stops working at
 * once; only the opening of the sealed secret is cached, keyed by the sealed bytes themselves.
 */
export class StoredCredentials implements CredentialResolver {
  private readonly cache = new Map<string, { sealed: Uint8Array; resolved: ResolvedAccessKey }>();

  constructor(
    private readonly repository: Pick<Repository, 'getAccessKey'>,
    private readonly rootKey: Pick<RootKey, 'seal' | 'open'>,
  ) {}

  async resolve(accessKeyId: string): Promise<ResolvedAccessKey | undefined> {
    const record = await this.repository.getAccessKey(accessKeyId);
    if (!record) return undefined;
    const cached = this.cache.get(accessKeyId);
    if (cached && sameBytes(cached.sealed, record.sealedSecret)
      && cached.resolved.accountId === record.accountId && cached.resolved.principalArn === record.principalArn) {
      return cached.resolved;
    }
    const secretAccessKey = this.rootKey.open(record.sealedSecret, secretBinding(record)).toString('utf8');
    const resolved = { secretAccessKey, accountId: record.accountId, principalArn: record.principalArn };
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(accessKeyId, { sealed: record.sealedSecret, resolved });
    return resolved;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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

interface CredentialDeps {
  readonly repository: Repository;
  readonly rootKey: Pick<RootKey, 'seal' | 'open'>;
  readonly random: Random;
  readonly clock: Clock;
}

/** A new access key of `principalArn` in `accountId`: the record to store and the secret to deliver. */
function mintAccessKey(deps: CredentialDeps, accountId: string, principalArn: string): { record: AccessKeyRecord; secretAccessKey: string } {
  const accessKeyId = newAccessKeyId(deps.random);
  // 40 characters like an AWS secret access key (30 random bytes in base64).
  const secretAccessKey = deps.random.bytes(30).toString('base64');
  const identity = { accessKeyId, accountId, principalArn };
  const record = {
    ...identity,
    sealedSecret: deps.rootKey.seal(Buffer.from(secretAccessKey, 'utf8'), secretBinding(identity)),
    createdMs: deps.clock.nowMs(),
  };
  return { record, secretAccessKey };
}

/**
 * Creates the admin access key of `accountId`'s root on the first start, and only then. `deliver`
 * receives the new key BEFORE anything is stored, so a failure to deliver it (disk full, crash)
 * leaves no stored key whose secret nobody has; the key and the meta entry naming it are then stored
 * in one transaction, so a crash between the two cannot happen, and several nodes racing agree on
 * one key (the losers' keys are never stored).
 */
export async function ensureAdminAccessKey(
  deps: CredentialDeps,
  accountId: string,
  deliver: (accessKeyId: string, secretAccessKey: string) => void,
): Promise<AdminAccessKey> {
  const existing = await deps.repository.getMeta(adminAccessKeyMeta);
  if (existing !== undefined) return { accessKeyId: existing };
  const { record, secretAccessKey } = mintAccessKey(deps, accountId, accountRootArn(accountId));
  deliver(record.accessKeyId, secretAccessKey);
  const winner = await deps.repository.createAccessKeyOnce(adminAccessKeyMeta, record);
  return winner === record.accessKeyId ? { accessKeyId: winner, secretAccessKey } : { accessKeyId: winner };
}

/** Why the admin key could not be rotated. */
export class AdminKeyRotationError extends Error {
  override readonly name = 'AdminKeyRotationError';
}

/**
 * Issues a new admin access key for the same account and principal as the current one and revokes
 * the current one, in one transaction (`replaceAccessKey`). The new key is delivered before it is
 * stored: if storing fails, the old key still works and the delivered one was never valid.
 */
export async function rotateAdminAccessKey(
  deps: CredentialDeps,
  deliver: (accessKeyId: string, secretAccessKey: string) => void,
): Promise<{ readonly revokedAccessKeyId: string; readonly accessKeyId: string }> {
  const currentId = await deps.repository.getMeta(adminAccessKeyMeta);
  if (currentId === undefined) throw new AdminKeyRotationError('this data folder has no admin access key yet: start the server on it once first');
  const current = await deps.repository.getAccessKey(currentId);
  if (current === undefined) throw new AdminKeyRotationError(`the admin access key ${currentId} is not stored in this data folder`);
  // Proves the root key opens the current secret before anything changes.
  deps.rootKey.open(current.sealedSecret, secretBinding(current));
  const { record, secretAccessKey } = mintAccessKey(deps, current.accountId, current.principalArn);
  deliver(record.accessKeyId, secretAccessKey);
  if (!(await deps.repository.replaceAccessKey(adminAccessKeyMeta, currentId, record))) {
    throw new AdminKeyRotationError('the admin access key changed while rotating it (another rotation ran at the same time); run it again');
  }
  return { revokedAccessKeyId: currentId, accessKeyId: record.accessKeyId };
}
