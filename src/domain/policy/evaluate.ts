/**
 * Policy evaluation as AWS KMS does it, for one request. Pure; grants are the caller's business
 * (service/authorizer.ts asks them only when no policy denies and none allows).
 *
 * The rules (IAM User Guide, "Policy evaluation logic"; KMS Developer Guide, "Determining access to
 * a KMS key", "Allowing users in other accounts to use a KMS key"):
 *  1. default deny;
 *  2. an explicit Deny in any applicable policy wins over every Allow;
 *  3. the key policy is the root of trust: a statement that names the caller itself allows it
 *     outright; one that names the caller's account delegates to that account's IAM policies, which
 *     must then allow too (identity policies alone never open a key);
 *  4. across accounts both sides must allow: the key policy (naming the caller or its account) and
 *     the caller's identity policies;
 *  5. operations on no key (CreateKey, ListKeys, GenerateRandom …) are decided by identity policies.
 * The account root is not governed by identity policies: within its own account it may do anything
 * the resource policy lets its account do.
 */
import type { ConditionContext } from './conditions.js';
import type { ParsedPolicy, ParsedStatement } from './parse-policy.js';
import { matchPrincipal, type PrincipalInfo } from './principal.js';
import { anyMatch } from './wildcard.js';

export interface AccessRequest {
  readonly principal: PrincipalInfo;
  /** e.g. `kms:Decrypt`, `sts:AssumeRole`. */
  readonly action: string;
  /** The resource ARN (key, alias, role), or `*` for an operation on no resource. */
  readonly resource: string;
  readonly context: ConditionContext;
}

/** Why access was refused, in the terms of AWS's AccessDeniedException messages. */
export type Denial = 'explicit-identity-deny' | 'explicit-resource-deny' | 'no-resource-allow' | 'no-identity-allow';

export type Decision =
  | { readonly allowed: true; readonly by: 'resource-policy' | 'identity-policy' }
  | { readonly allowed: false; readonly denial: Denial };

/** True when the statement's Action, Resource and Condition elements all apply to the request. */
export function statementApplies(s: ParsedStatement, request: AccessRequest, noResourceElement = false): boolean {
  if (s.actions ? !anyMatch(s.actions, request.action) : !s.notActions || anyMatch(s.notActions, request.action)) return false;
  // A trust policy has no Resource element: the role it is attached to is its resource.
  const implicitResource = noResourceElement && !s.resources && !s.notResources;
  if (!implicitResource && (s.resources ? !anyMatch(s.resources, request.resource) : !s.notResources || anyMatch(s.notResources, request.resource))) return false;
  for (const c of s.conditions) if (!c.test(request.context)) return false;
  return true;
}

/** How a resource-policy statement names the caller ('direct' / 'account'), or undefined. */
function principalMatch(s: ParsedStatement, who: PrincipalInfo): 'direct' | 'account' | undefined {
  if (s.principal) return matchPrincipal(s.principal, who);
  // NotPrincipal: every caller except those it names. A caller is excluded when named itself (or
  // its role); naming only its account does not exclude the account's users (IAM User Guide,
  // NotPrincipal with Deny: "specify the ARN of the account" as well as the user).
  if (s.notPrincipal) return matchPrincipal(s.notPrincipal, who) === 'direct' ? undefined : 'direct';
  return undefined;
}

export interface ResourcePolicyScan {
  readonly deny: boolean;
  readonly allowDirect: boolean;
  readonly allowAccount: boolean;
}

/** What a resource (key or trust) policy says about the request. */
export function scanResourcePolicy(policy: ParsedPolicy, request: AccessRequest, trust = false): ResourcePolicyScan {
  let deny = false;
  let allowDirect = false;
  let allowAccount = false;
  for (const s of policy.statements) {
    const match = principalMatch(s, request.principal);
    if (match === undefined || !statementApplies(s, request, trust)) continue;
    // A Deny naming an account applies to every principal of that account.
    if (s.effect === 'Deny') deny = true;
    else if (match === 'direct') allowDirect = true;
    else allowAccount = true;
  }
  return { deny, allowDirect, allowAccount };
}

/** What the caller's identity policies say: `allow` is implied for the account root. */
export function scanIdentityPolicies(policies: readonly ParsedPolicy[], request: AccessRequest): { deny: boolean; allow: boolean } {
  let deny = false;
  let allow = false;
  for (const policy of policies) {
    for (const s of policy.statements) {
      if (!statementApplies(s, request)) continue;
      if (s.effect === 'Deny') deny = true;
      else allow = true;
    }
  }
  return { deny, allow: allow || request.principal.type === 'root' };
}

export interface EvaluationInput {
  readonly request: AccessRequest;
  /** The key policy (or trust policy) and the account owning the resource; absent for operations on no key. */
  readonly resource?: { readonly policy: ParsedPolicy; readonly accountId: string; readonly trust?: boolean };
  /** The caller's identity policies (a role session: its role's). */
  readonly identityPolicies: readonly ParsedPolicy[];
}

/** Decides one request (rules 1–5 above). */
export function evaluateAccess(input: EvaluationInput): Decision {
  const { request, resource } = input;
  const identity = scanIdentityPolicies(input.identityPolicies, request);
  if (identity.deny) return { allowed: false, denial: 'explicit-identity-deny' };
  if (!resource) return identity.allow ? { allowed: true, by: 'identity-policy' } : { allowed: false, denial: 'no-identity-allow' };
  const key = scanResourcePolicy(resource.policy, request, resource.trust === true);
  if (key.deny) return { allowed: false, denial: 'explicit-resource-deny' };
  if (!key.allowDirect && !key.allowAccount) return { allowed: false, denial: 'no-resource-allow' };
  const sameAccount = request.principal.accountId === resource.accountId;
  if (sameAccount && key.allowDirect) return { allowed: true, by: 'resource-policy' };
  return identity.allow ? { allowed: true, by: sameAccount ? 'identity-policy' : 'resource-policy' } : { allowed: false, denial: 'no-identity-allow' };
}

/**
 * May `principal` assume the role? The role's trust policy is its resource policy for
 * `sts:AssumeRole` (IAM User Guide, "Roles terms and concepts": a trust policy naming the account
 * delegates to the account's identity policies, which must allow sts:AssumeRole on the role).
 * For STS's AssumeRole (issue 17, the grants-and-STS half).
 */
export function evaluateTrustPolicy(input: {
  readonly trustPolicy: ParsedPolicy;
  readonly roleArn: string;
  readonly roleAccountId: string;
  readonly principal: PrincipalInfo;
  readonly identityPolicies: readonly ParsedPolicy[];
  readonly context: ConditionContext;
  /** Default `sts:AssumeRole`. */
  readonly action?: string;
}): Decision {
  return evaluateAccess({
    request: { principal: input.principal, action: input.action ?? 'sts:AssumeRole', resource: input.roleArn, context: input.context },
    resource: { policy: input.trustPolicy, accountId: input.roleAccountId, trust: true },
    identityPolicies: input.identityPolicies,
  });
}

/** A condition context with nothing in it (every key absent). */
export const emptyContext: ConditionContext = { get: () => undefined };

/** A condition context over a plain record (keys in any case; values string or string[]). */
export function contextOf(values: Readonly<Record<string, string | readonly string[]>>): ConditionContext {
  const map = new Map<string, readonly string[]>();
  for (const [k, v] of Object.entries(values)) map.set(k.toLowerCase(), typeof v === 'string' ? [v] : v);
  return { get: (key) => map.get(key) };
}
