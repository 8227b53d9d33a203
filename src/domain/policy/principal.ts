/**
 * Who a caller is, as policy evaluation needs it, derived from its principal ARN alone (so every
 * process, and every way of authenticating, agrees), and how a Principal element names callers.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html (Principal element)
 * Pure.
 */

export type PrincipalType = 'root' | 'user' | 'assumed-role' | 'role' | 'other';

export interface PrincipalInfo {
  readonly arn: string;
  readonly accountId: string;
  readonly type: PrincipalType;
  /** The IAM user name (`aws:username` exists for IAM users only). */
  readonly userName?: string;
  /** For an assumed-role session: the role's ARN, whose Principal entries match the session. */
  readonly roleArn?: string;
  readonly sessionName?: string;
}

const arnPattern = /^arn:(aws[a-z-]*):(iam|sts)::(\d{12}):(.+)$/;

/** Parses a caller's principal ARN; unknown forms are type 'other' (they match only themselves). */
export function describePrincipal(arn: string): PrincipalInfo {
  const m = arnPattern.exec(arn);
  if (!m) return { arn, accountId: '', type: 'other' };
  const [, partition, service, accountId, rest] = m as unknown as [string, string, string, string, string];
  if (service === 'iam' && rest === 'root') return { arn, accountId, type: 'root' };
  if (service === 'iam' && rest.startsWith('user/')) {
    return { arn, accountId, type: 'user', userName: rest.slice(rest.lastIndexOf('/') + 1) };
  }
  if (service === 'iam' && rest.startsWith('role/')) return { arn, accountId, type: 'role' };
  if (service === 'sts' && rest.startsWith('assumed-role/')) {
    const [, role, session] = rest.split('/');
    if (role && session) {
      return { arn, accountId, type: 'assumed-role', roleArn: `arn:${partition}:iam::${accountId}:role/${role}`, sessionName: session };
    }
  }
  return { arn, accountId, type: 'other' };
}

/** The account root ARN for a 12-digit account id. */
export function rootArnOf(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

/** The principals of one Principal / NotPrincipal element, normalised at parse time. */
export interface PrincipalSet {
  /** `"Principal": "*"` or `{"AWS": "*"}`: every caller, of any account. */
  readonly everyone: boolean;
  /** Accounts named by id or root ARN: in a resource policy, the account delegates to its IAM policies. */
  readonly accounts: ReadonlySet<string>;
  /** User, role and session ARNs named exactly (Principal allows no wildcards but `*`). */
  readonly arns: ReadonlySet<string>;
  /** Service principals (`kms.amazonaws.com`): Trent has no callers that are AWS services. */
  readonly services: readonly string[];
}

const accountRootArn = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;

export function principalSet(aws: readonly string[], services: readonly string[], everyone: boolean): PrincipalSet {
  const accounts = new Set<string>();
  const arns = new Set<string>();
  let all = everyone;
  for (const entry of aws) {
    if (entry === '*') all = true;
    else if (/^\d{12}$/.test(entry)) accounts.add(entry);
    else {
      const root = accountRootArn.exec(entry);
      if (root) accounts.add(root[1]!);
      else arns.add(entry);
    }
  }
  return { everyone: all, accounts, arns, services };
}

/**
 * How a Principal element matches the caller:
 *  - 'direct': it names the caller itself (its ARN, the role of its session, `*`, or for the account
 *    root the account);
 *  - 'account': it names the caller's account, which for a user or a role session means "the
 *    account's IAM policies decide" (Developer Guide, "Allows access to the AWS account and enables
 *    IAM policies");
 *  - undefined: it does not name the caller.
 */
export function matchPrincipal(set: PrincipalSet, who: PrincipalInfo): 'direct' | 'account' | undefined {
  if (set.everyone) return 'direct';
  if (set.arns.has(who.arn)) return 'direct';
  if (who.roleArn !== undefined && set.arns.has(who.roleArn)) return 'direct';
  if (set.accounts.has(who.accountId)) return who.type === 'root' ? 'direct' : 'account';
  return undefined;
}
