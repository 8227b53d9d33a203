/**
 * RevokeGrant: deletes a grant of a key; authorized like any key operation (kms:RevokeGrant in
 * the key policy or an IAM policy), unlike RetireGrant, which the grant itself authorizes.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_RevokeGrant.html
 * An id that names no grant of the key is NotFoundException (moto#5410 aligned its code with AWS).
 */
import { NotFoundException } from '../../api/generated/errors.js';
import { keyIdOrArn } from '../../domain/key/identifiers.js';
import { anyState } from '../../domain/key/key-state.js';
import { grantNotFound } from '../../domain/messages-grant.js';
import { requireKey, type Operation } from '../operation.js';

export const revokeGrant: Operation<'RevokeGrant'> = {
  spec: {
    iamAction: 'kms:RevokeGrant',
    mutates: true,
    key: { reference: (input) => input.KeyId, forms: keyIdOrArn, acceptedStates: anyState },
  },
  async run(input, ctx) {
    const key = requireKey(ctx);
    const { repository } = ctx.deps;
    if (ctx.dryRun) {
      const grant = await repository.getGrant(input.GrantId);
      if (grant === undefined || grant.keyId !== key.keyId) throw new NotFoundException(grantNotFound(input.GrantId));
      return {};
    }
    if (!(await repository.deleteGrant(key.keyId, input.GrantId))) throw new NotFoundException(grantNotFound(input.GrantId));
    return {};
  },
};
