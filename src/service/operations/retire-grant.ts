/**
 * RetireGrant: deletes a grant named by its GrantToken, or by KeyId and GrantId together.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_RetireGrant.html
 *
 * "Permission to retire a grant is determined primarily by the grant": its retiring principal,
 * its grantee if the grant includes RetireGrant, and the account in which it was created may
 * retire it, whatever the policies say (Developer Guide, "Retiring and revoking grants"). So the
 * spec names no key and asks the pipeline to skip policy evaluation (`authorizedInRun`); the rule
 * is applied here, to the grant, and works across accounts (a retiring principal of another account).
 */
import { AccessDeniedException, ValidationException } from '../../api/errors.js';
import { NotFoundException } from '../../api/generated/errors.js';
import { mayRetire } from '../../domain/grant/grant-rules.js';
import { keyArn, parseKeyReference } from '../../domain/key/identifiers.js';
import { invalidKeyId } from '../../domain/messages.js';
import { grantNotFound, retireGrantDenied, retireGrantWhich } from '../../domain/messages-grant.js';
import type { Operation } from '../operation.js';
import { grantIdOfToken } from '../grants/grant-token.js';

export const retireGrant: Operation<'RetireGrant'> = {
  spec: { iamAction: 'kms:RetireGrant', mutates: true, authorizedInRun: true },
  async run(input, { request, deps, dryRun }) {
    const { repository } = deps;
    let grantId: string;
    let named: { keyId: string; accountId?: string; region?: string } | undefined;
    if (input.GrantToken !== undefined) {
      grantId = grantIdOfToken(input.GrantToken);
    } else if (input.GrantId !== undefined && input.KeyId !== undefined) {
      // Key id or key ARN (API Reference, RetireGrant, KeyId); an ARN may be of another account.
      const ref = parseKeyReference(input.KeyId);
      if (ref.kind !== 'keyId' && ref.kind !== 'keyArn') throw new NotFoundException(invalidKeyId(input.KeyId));
      grantId = input.GrantId;
      named = ref.kind === 'keyArn' ? { keyId: ref.keyId, accountId: ref.accountId, region: ref.region } : { keyId: ref.keyId };
    } else {
      throw new ValidationException(retireGrantWhich);
    }
    const grant = await repository.getGrant(grantId);
    const otherKey = named !== undefined && (grant?.keyId !== named.keyId
      || (named.accountId !== undefined && (named.accountId !== grant.accountId || named.region !== grant.region)));
    if (grant === undefined || otherKey) throw new NotFoundException(grantNotFound(grantId));
    const { principalArn } = request.caller;
    if (!mayRetire(grant, principalArn)) {
      throw new AccessDeniedException(retireGrantDenied(principalArn, keyArn(grant.region, grant.accountId, grant.keyId)));
    }
    if (dryRun) return {};
    // A concurrent retire or revoke may have won: the grant is gone either way, as the caller asked.
    await repository.deleteGrant(grant.keyId, grant.grantId);
    return {};
  },
};
