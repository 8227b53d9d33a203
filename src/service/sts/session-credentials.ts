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
import type { Random } from '../../platform/random.js';
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

/**
 * Every session token Trent issues is base64 of these 12 bytes followed by 96 random ones, so it
 * begins with the same 16 characters (12 bytes are a whole number of base64 groups) and still looks
 * like AWS's base64 tokens. Why it is recognisable: a session is deleted a day after it expires
 * (jobs/scheduler.ts), and in dev mode an access key nobody knows acts as the account root; the mark
 * tells a token of ours whose session is gone (refused, as AWS refuses a token it does not know)
 * from a stranger's credentials (a developer's real AWS session: still the dev-mode root). A foreign
 * token begins with these 16 characters by chance with probability 2^-96.
 */
const tokenMark = Buffer.from('trent-sts-v1', 'utf8');
const tokenMarkBase64 = tokenMark.toString('base64');

/** A new session token: the mark and 96 random bytes, base64. */
export function newSessionToken(random: Pick<Random, 'bytes'>): string {
  return Buffer.concat([tokenMark, random.bytes(96)]).toString('base64');
}

/** True for an `ASIA…` key with a token of the form newSessionToken writes. */
export function isIssuedSession(accessKeyId: string, sessionToken: string): boolean {
  return accessKeyId.startsWith('ASIA') && sessionToken.startsWith(tokenMarkBase64);
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

  /** See CredentialResolver.issuedSession; long-term keys are the fallback's to judge. */
  issuedSession(accessKeyId: string, sessionToken: string): boolean {
    return isIssuedSession(accessKeyId, sessionToken) || (this.fallback?.issuedSession?.(accessKeyId, sessionToken) ?? false);
  }

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
