/**
 * Temporary credentials of STS role sessions as a CredentialResolver: `ASIA…` access keys looked up
 * in the database (every worker honours a session any worker issued: nothing is kept only in a
 * process), their secrets opened from the root key's seal. The token itself is never stored; the
 * resolver hands SigV4 the token's digest and the expiry, which protocol/sigv4.ts checks.
 *
 * A session never changes once stored (it only expires), so its opened secret is cached by access
 * key id; the row is still read on every request, so a session removed from the database stops
 * working at once.
 */
import type { RootKey, SealBinding } from '../../crypto/at-rest.js';
import type { StsSessionRecord } from '../../domain/sts/session-record.js';
import type { Repository } from '../../storage/repository.js';
import type { CredentialResolver, ResolvedAccessKey } from '../caller.js';

/**
 * The AAD of a session's sealed secret: every identity field and the expiry take part, so a row
 * edited to name another principal or to live longer no longer opens.
 */
export function sessionSecretBinding(s: Omit<StsSessionRecord, 'sealedSecret' | 'createdMs'>): SealBinding {
  return {
    purpose: 'sts-session-secret',
    id: JSON.stringify([s.accountId, s.principalArn, s.roleArn, s.sessionName, s.accessKeyId, s.tokenHash, s.expiresMs]),
    version: 1,
  };
}

export class SessionCredentials implements CredentialResolver {
  private readonly opened = new Map<string, ResolvedAccessKey>();

  constructor(
    private readonly repository: Pick<Repository, 'getSession'>,
    private readonly rootKey: Pick<RootKey, 'open'>,
    /** Where other access keys are looked up (StoredCredentials). */
    private readonly fallback?: CredentialResolver,
    /** Re-reads the dev clock other processes may have moved, before SigV4 judges the expiry. */
    private readonly syncClock?: () => Promise<void>,
  ) {}

  async resolve(accessKeyId: string): Promise<ResolvedAccessKey | undefined> {
    // AWS's temporary access key ids start with ASIA; only those can be sessions.
    if (!accessKeyId.startsWith('ASIA')) return this.fallback?.resolve(accessKeyId);
    const session = await this.repository.getSession(accessKeyId);
    if (session === undefined) return this.fallback?.resolve(accessKeyId);
    if (this.syncClock) await this.syncClock();
    const cached = this.opened.get(accessKeyId);
    if (cached !== undefined && cached.session?.tokenHash === session.tokenHash && cached.session.expiresMs === session.expiresMs
      && cached.principalArn === session.principalArn) {
      return cached;
    }
    const secret = this.rootKey.open(session.sealedSecret, sessionSecretBinding(session)).toString('utf8');
    const resolved: ResolvedAccessKey = {
      secretAccessKey: secret, accountId: session.accountId, principalArn: session.principalArn,
      session: { tokenHash: session.tokenHash, expiresMs: session.expiresMs },
    };
    if (this.opened.size > 10_000) this.opened.clear();
    this.opened.set(accessKeyId, resolved);
    return resolved;
  }
}
