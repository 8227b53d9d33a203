/**
 * The GrantCheck over the repository: the grants of the key whose grantee is the caller (or the
 * role of the caller's assumed-role session), plus the grants the request's tokens name, each
 * judged by domain/grant/grant-rules.ts.
 *
 * Owns: which grants are candidates. Must never: decide anything a policy decides (explicit Deny
 * is the Authorizer's), or trust a token beyond naming a grant: a named grant still has to be of
 * this key and name the caller.
 */
import { constraintsAtLeastAsStrict, grantAllows } from '../../domain/grant/grant-rules.js';
import type { GrantRecord } from '../../domain/grant/grant-record.js';
import type { Repository } from '../../storage/repository.js';
import type { GrantCheck } from '../grant-check.js';
import { grantIdsOfTokens } from './grant-token.js';

/** AWS's quota of grants per KMS key; a grantee cannot hold more on one key than the key has. */
const grantsPerKeyMax = 50_000;

/** Builds the GrantCheck app.ts hands to the Authorizer. */
export function createGrantCheck(repository: Pick<Repository, 'listGrants' | 'getGrant'>): GrantCheck {
  return {
    async allows(q) {
      const symmetricKey = q.key.keySpec === 'SYMMETRIC_DEFAULT';
      const query = { principalArn: q.principalArn, operation: q.operation, symmetricKey, ...(q.encryptionContext ? { encryptionContext: q.encryptionContext } : {}) };
      // A grant that allows CreateGrant lets its grantee pass on no more than it holds: the same or
      // fewer operations, under constraints at least as strict ("If a grant with a grant constraint
      // includes the CreateGrant operation, the constraint requires that any grants created with the
      // CreateGrant permission have an equally strict or stricter encryption context constraint",
      // API Reference, CreateGrant, Constraints).
      const passesOn = (grant: GrantRecord): boolean => q.newGrant === undefined
        || (q.newGrant.operations.every((o) => (grant.operations as readonly string[]).includes(o))
          && constraintsAtLeastAsStrict(grant.constraints, q.newGrant.constraints));
      const fits = (grant: GrantRecord | undefined): boolean => grant !== undefined && grant.keyId === q.key.keyId && grantAllows(grant, query) && passesOn(grant);
      for (const grantId of grantIdsOfTokens(q.grantTokens)) {
        if (fits(await repository.getGrant(grantId))) return true;
      }
      // A role session's grants may be stored under its role's ARN, whose path (role/path/name)
      // the session ARN does not carry: for sessions every grant of the key is a candidate.
      const session = q.principalArn.startsWith('arn:aws:sts::');
      const grants = await repository.listGrants(q.key.keyId, { limit: grantsPerKeyMax, ...(session ? {} : { granteePrincipal: q.principalArn }) });
      return grants.some(fits);
    },
  };
}
