/**
 * The configured identities (config/identities.ts) as the service uses them: a CredentialResolver
 * for SigV4 (configured access keys first, then the stored ones: the admin key, STS sessions), the
 * identity policies of a caller, and the roles STS's AssumeRole reads. Secrets are sealed under the
 * root key when the directory is built, bound like stored access keys (credentials.ts), and opened
 * on use; only the opened form is cached.
 */
import type { RootKey } from '../crypto/at-rest.js';
import type { ConfiguredRole, ConfiguredUser, IdentityConfig } from '../config/identities.js';
import type { ParsedPolicy } from '../domain/policy/parse-policy.js';
import { describePrincipal, type PrincipalInfo } from '../domain/policy/principal.js';
import type { CredentialResolver, ResolvedAccessKey } from './caller.js';
import { secretBinding } from './credentials.js';

interface SealedKey {
  readonly accountId: string;
  readonly principalArn: string;
  readonly sealed: Uint8Array;
}

/** Identity policies and roles by principal; what the Authorizer and STS need to know about callers. */
export interface IdentityPolicies {
  /** The caller's identity policies: a user's own, a role session's role's; none for the account root. */
  policiesFor(principal: PrincipalInfo): readonly ParsedPolicy[];
  /** The configured role with this ARN (`arn:aws:iam::<account>:role/<name>`), if any. */
  role(roleArn: string): ConfiguredRole | undefined;
  /**
   * False for a user or role ARN of a configured account that the configuration does not declare:
   * AWS refuses key policies naming principals that do not exist. Accounts the file does not
   * declare, and every account root, are taken to exist (Trent cannot know other accounts).
   */
  principalExists(arn: string): boolean;
}

export class IdentityDirectory implements CredentialResolver, IdentityPolicies {
  private readonly keys = new Map<string, SealedKey>();
  private readonly opened = new Map<string, ResolvedAccessKey>();
  private readonly users = new Map<string, ConfiguredUser>();
  private readonly roles = new Map<string, ConfiguredRole>();
  private readonly accounts = new Set<string>();

  constructor(
    config: IdentityConfig,
    private readonly rootKey: Pick<RootKey, 'seal' | 'open'>,
    /** Access keys the file does not declare (StoredCredentials: the admin key, temporary credentials). */
    private readonly fallback?: CredentialResolver,
  ) {
    for (const account of config.accounts) {
      this.accounts.add(account.id);
      for (const user of account.users) {
        this.users.set(user.arn, user);
        for (const k of user.accessKeys) {
          const identity = { accessKeyId: k.accessKeyId, accountId: account.id, principalArn: user.arn };
          this.keys.set(k.accessKeyId, {
            accountId: account.id, principalArn: user.arn,
            sealed: rootKey.seal(Buffer.from(k.secretAccessKey, 'utf8'), secretBinding(identity)),
          });
        }
      }
      for (const role of account.roles) this.roles.set(role.arn, role);
    }
  }

  /** See CredentialResolver.issuedSession: the file declares no temporary credentials, the fallback may. */
  issuedSession(accessKeyId: string, sessionToken: string): boolean {
    return this.fallback?.issuedSession?.(accessKeyId, sessionToken) ?? false;
  }

  /** True when `accessKeyId` is declared in the file (dev mode verifies such keys; others act as the root). */
  declares(accessKeyId: string): boolean {
    return this.keys.has(accessKeyId);
  }

  async resolve(accessKeyId: string): Promise<ResolvedAccessKey | undefined> {
    const sealed = this.keys.get(accessKeyId);
    if (!sealed) return this.fallback?.resolve(accessKeyId);
    const cached = this.opened.get(accessKeyId);
    if (cached) return cached;
    const secret = this.rootKey.open(sealed.sealed, secretBinding({ accessKeyId, accountId: sealed.accountId, principalArn: sealed.principalArn }));
    const resolved = { secretAccessKey: secret.toString('utf8'), accountId: sealed.accountId, principalArn: sealed.principalArn };
    this.opened.set(accessKeyId, resolved);
    return resolved;
  }

  policiesFor(principal: PrincipalInfo): readonly ParsedPolicy[] {
    if (principal.type === 'user') return this.users.get(principal.arn)?.policies ?? [];
    if (principal.type === 'assumed-role' && principal.roleArn !== undefined) return this.roles.get(principal.roleArn)?.policies ?? [];
    return [];
  }

  role(roleArn: string): ConfiguredRole | undefined {
    return this.roles.get(roleArn);
  }

  principalExists(arn: string): boolean {
    const who = describePrincipal(arn);
    if (who.type === 'root' || who.type === 'other' || !this.accounts.has(who.accountId)) return true;
    if (who.type === 'user') return this.users.has(arn);
    if (who.type === 'role') return this.roles.has(arn);
    // A session ARN in a key policy: its role must exist (the session itself may come later).
    return who.roleArn !== undefined && this.roles.has(who.roleArn);
  }
}

/** No configured identities: every caller is an account root (or a stored key's principal) without identity policies. */
export const noIdentities: IdentityPolicies = {
  policiesFor: () => [],
  role: () => undefined,
  principalExists: () => true,
};
