/**
 * The Authorizer that enforces key policies, identity policies and grants (issue 17 items 4, 6, 7),
 * as the KMS Developer Guide describes it ("Determining access to a KMS key"; IAM User Guide,
 * "Policy evaluation logic"): default deny, an explicit Deny wins, the key policy is the root of
 * trust, across accounts both sides must allow, and operations on no key are decided by identity
 * policies alone (domain/policy/evaluate.ts does the evaluation). When no policy allows and none
 * denies, a grant may allow (Developer Guide, "Grants in AWS KMS").
 *
 * Owns: which policies apply to a request and the AccessDeniedException it answers. Must never: be
 * called from an operation file; alias resources and keys resolved in `run` come through
 * `beforeRun` / `depsForRun` (alias-access.ts).
 */
import { AccessDeniedException } from '../../api/errors.js';
import { NotFoundException } from '../../api/generated/errors.js';
import type { OperationName } from '../../api/generated/operations.js';
import type { GrantConstraintsRecord } from '../../domain/grant/grant-record.js';
import { grantOperations } from '../../domain/grant/grant-rules.js';
import type { KeyRecord } from '../../domain/key/key-record.js';
import { keyNotFound } from '../../domain/messages.js';
import { accessDeniedMessage } from '../../domain/policy/access-denied.js';
import type { ConditionContext } from '../../domain/policy/conditions.js';
import { evaluateAccess, type Decision } from '../../domain/policy/evaluate.js';
import type { ParsedPolicy } from '../../domain/policy/parse-policy.js';
import { describePrincipal, type PrincipalInfo } from '../../domain/policy/principal.js';
import type { Clock } from '../../platform/clock.js';
import type { Repository } from '../../storage/repository.js';
import type { ServiceDeps } from '../deps.js';
import type { GrantCheck } from '../grant-check.js';
import type { IdentityPolicies } from '../identities.js';
import type { RequestInfo } from '../kms-service.js';
import type { Authorizer, RequestAccess } from '../pipeline.js';
import { aliasChecks, authorizingResolver, isAliasOperation } from './alias-access.js';
import type { KeyPolicyCache } from './key-policy-cache.js';
import { checkNewKeyPolicy } from './new-key-policy.js';
import { RequestConditions } from './request-conditions.js';

/**
 * Operations a principal of another account may call on a key whose policy allows it (Developer
 * Guide, "Allowing users in other accounts to use a KMS key"); the rest answer as for a key of
 * another account that does not exist.
 */
const crossAccountOperations: ReadonlySet<OperationName> = new Set<OperationName>([
  'CreateGrant', 'Decrypt', 'DeriveSharedSecret', 'DescribeKey', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext', 'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'GetKeyRotationStatus',
  'GetPublicKey', 'ListGrants', 'ReEncrypt', 'RetireGrant', 'RevokeGrant', 'Sign', 'Verify', 'VerifyMac',
]);

const grantable: ReadonlySet<string> = new Set(grantOperations.map((o) => `kms:${o}`));

export interface PolicyAuthorizerDeps {
  readonly identities: IdentityPolicies;
  readonly grants: GrantCheck;
  readonly policies: KeyPolicyCache;
  readonly repository: Pick<Repository, 'listAliases' | 'getAlias' | 'getKey'>;
  readonly clock: Clock;
}

/** The request's facts every check of it shares (principal, identity policies, conditions). */
export interface RequestScope {
  readonly request: RequestInfo;
  readonly operation: OperationName;
  readonly input: unknown;
  readonly principal: PrincipalInfo;
  readonly identityPolicies: readonly ParsedPolicy[];
  readonly conditions: RequestConditions;
  readonly deps: PolicyAuthorizerDeps;
  /** Authorizes `action` on `key` (key policy, identity policies, grants). */
  key(action: string, key: KeyRecord, hidden?: () => Error): Promise<void>;
  /** Authorizes `action` on a resource without a resource policy (an alias) or on none (`*`). */
  identityOnly(action: string, resource: string): void;
}

function denied(scope: Pick<RequestScope, 'principal'>, action: string, resource: string, decision: Decision): AccessDeniedException {
  if (decision.allowed) throw new Error('denied() of an allowed decision');
  return new AccessDeniedException(accessDeniedMessage(scope.principal.arn, action, resource, decision.denial));
}

/** kms:ResourceAliases costs a query: made only when a policy that applies tests it. */
async function aliasesIfAsked(
  deps: PolicyAuthorizerDeps, key: KeyRecord, policy: ParsedPolicy, identityPolicies: readonly ParsedPolicy[],
): Promise<readonly string[] | undefined> {
  const asks = (p: ParsedPolicy): boolean => p.conditionKeys.has('kms:resourcealiases');
  if (!asks(policy) && !identityPolicies.some(asks)) return undefined;
  const aliases = await deps.repository.listAliases(key.accountId, key.region, { limit: 50, targetKeyId: key.keyId });
  return aliases.map((a) => a.aliasName);
}

/** The constraints of the grant a CreateGrant asks for, to compare with the grant that allows it. */
function requestedGrant(input: unknown): { operations: readonly string[]; constraints?: GrantConstraintsRecord } {
  const i = input as { Operations?: readonly string[]; Constraints?: { EncryptionContextEquals?: Record<string, string>; EncryptionContextSubset?: Record<string, string> } };
  const c = i.Constraints;
  const constraints: GrantConstraintsRecord | undefined = c === undefined ? undefined : {
    ...(c.EncryptionContextEquals !== undefined ? { encryptionContextEquals: c.EncryptionContextEquals } : {}),
    ...(c.EncryptionContextSubset !== undefined ? { encryptionContextSubset: c.EncryptionContextSubset } : {}),
  };
  return { operations: i.Operations ?? [], ...(constraints !== undefined ? { constraints } : {}) };
}

/**
 * The request's scope. A class rather than an object literal of closures: one is made per request,
 * and its methods live once on the prototype (issue 17, Speed).
 */
class Scope implements RequestScope {
  readonly request: RequestInfo;
  readonly operation: OperationName;
  readonly input: unknown;
  readonly principal: PrincipalInfo;
  readonly identityPolicies: readonly ParsedPolicy[];
  readonly conditions: RequestConditions;

  constructor(readonly deps: PolicyAuthorizerDeps, call: Parameters<Authorizer['forRequest']>[0]) {
    this.request = call.request;
    this.operation = call.operation;
    this.input = call.input;
    this.principal = principalOf(call.request.caller.principalArn);
    this.identityPolicies = deps.identities.policiesFor(this.principal);
    this.conditions = new RequestConditions(call.request, this.principal, call.operation, call.input, () => deps.clock.nowMs(), call.keyReference);
  }

  async key(action: string, key: KeyRecord, hidden?: () => Error): Promise<void> {
    // AWS managed keys are evaluated through the policy AWS wrote on them like any key: its use
    // statement needs kms:ViaService, which no direct call carries (request-this.conditions.ts), so the
    // account may view them but not use them ("You cannot … use them in cryptographic operations
    // directly; only the service that created them can", Developer Guide, AWS managed keys).
    const policy = this.deps.policies.get(key);
    const aliases = await aliasesIfAsked(this.deps, key, policy, this.identityPolicies);
    const context: ConditionContext = this.conditions.forKey(action, key, aliases);
    const decision = evaluateAccess({
      request: { principal: this.principal, action, resource: key.arn, context },
      resource: { policy, accountId: key.accountId },
      identityPolicies: this.identityPolicies,
    });
    if (decision.allowed) return;
    // Grants only allow: an explicit Deny in the key policy or an identity policy still wins
    // (Developer Guide, "Grants in AWS KMS": "grants … cannot deny access").
    const explicit = decision.denial === 'explicit-identity-deny' || decision.denial === 'explicit-resource-deny';
    if (!explicit && grantable.has(action)) {
      const tokens = (this.input as { GrantTokens?: readonly string[] }).GrantTokens;
      const encryptionContext = this.conditions.encryptionContext(action);
      const allowed = await this.deps.grants.allows({
        key, principalArn: this.principal.arn, operation: action.slice('kms:'.length),
        ...(encryptionContext !== undefined ? { encryptionContext } : {}),
        ...(tokens !== undefined ? { grantTokens: tokens } : {}),
        ...(this.operation === 'CreateGrant' ? { newGrant: requestedGrant(this.input) } : {}),
      });
      if (allowed) return;
    }
    // Decrypt of a blob whose key's policy says nothing of the caller answers as for a blob naming
    // no key of its scope ("…does not exist, does not exist in this region, or you are not allowed
    // to access"): no existence oracle. A key that trusts the caller's account says why it refuses.
    const invisible = hidden !== undefined && decision.denial === 'no-resource-allow';
    throw invisible ? hidden() : denied(this, action, key.arn, decision);
  }

  identityOnly(action: string, resource: string): void {
    const decision = evaluateAccess({ request: { principal: this.principal, action, resource, context: this.conditions.forRequest(action) }, identityPolicies: this.identityPolicies });
    if (!decision.allowed) throw denied(this, action, resource, decision);
  }
}

/** describePrincipal, remembered per ARN: a server sees few distinct callers, each on every request. */
const principals = new Map<string, PrincipalInfo>();
function principalOf(arn: string): PrincipalInfo {
  let info = principals.get(arn);
  if (info === undefined) {
    if (principals.size >= 10_000) principals.clear();
    info = describePrincipal(arn);
    principals.set(arn, info);
  }
  return info;
}

export function createPolicyAuthorizer(deps: PolicyAuthorizerDeps): Authorizer {
  return {
    forRequest(call): RequestAccess {
      const scope = new Scope(deps, call);
      return {
        async key(action, key, hidden) {
          // A key of another account: only the operations AWS allows across accounts see it.
          if (key.accountId !== call.request.caller.accountId && !crossAccountOperations.has(call.operation)) {
            throw hidden !== undefined ? hidden() : new NotFoundException(keyNotFound(key.arn));
          }
          await scope.key(action, key, hidden);
        },
        async noKey(action) {
          if (!isAliasOperation(call.operation)) scope.identityOnly(action, '*');
        },
        async beforeRun(runDeps: ServiceDeps) {
          await aliasChecks(scope, runDeps);
          checkNewKeyPolicy(scope);
        },
        depsForRun: (runDeps) => authorizingResolver(scope, runDeps),
      };
    },
  };
}
