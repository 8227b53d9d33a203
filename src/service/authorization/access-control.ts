/**
 * Builds access control for app.ts (issue 17): the key-policy cache, the PolicyAuthorizer with the
 * stored grants behind it, and the rule by which the KeyResolver lets a key of another account be named by its
 * ARN when that key's policy names the caller or its account.
 */
import { matchPrincipal, describePrincipal } from '../../domain/policy/principal.js';
import type { Clock } from '../../platform/clock.js';
import type { Repository } from '../../storage/repository.js';
import type { Caller } from '../caller.js';
import { createGrantCheck } from '../grants/stored-grant-check.js';
import type { IdentityPolicies } from '../identities.js';
import type { Authorizer } from '../pipeline.js';
import type { KeyRecord } from '../../domain/key/key-record.js';
import { KeyPolicyCache } from './key-policy-cache.js';
import { createPolicyAuthorizer } from './policy-authorizer.js';

export interface AccessControl {
  readonly authorizer: Authorizer;
  /** For the KeyResolver: a key of another account named by its ARN is visible when its policy names the caller or its account. */
  readonly visibleAcrossAccounts: (caller: Caller, key: KeyRecord) => boolean;
}

export function createAccessControl(deps: {
  readonly repository: Repository;
  readonly identities: IdentityPolicies;
  readonly clock: Clock;
}): AccessControl {
  const policies = new KeyPolicyCache();
  // Visible, not allowed: the Authorizer still evaluates the request in full. A key whose policy
  // says nothing of the caller's account stays as invisible as before cross-account use existed.
  const visible = (caller: Caller, key: KeyRecord): boolean => {
    const who = describePrincipal(caller.principalArn);
    return policies.get(key).statements.some((s) => s.effect === 'Allow' && s.principal !== undefined && matchPrincipal(s.principal, who) !== undefined);
  };
  const authorizer = createPolicyAuthorizer({
    identities: deps.identities, grants: createGrantCheck(deps.repository), policies, repository: deps.repository, clock: deps.clock,
  });
  return { authorizer, visibleAcrossAccounts: visible };
}
