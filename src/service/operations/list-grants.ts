/**
 * ListGrants: the grants of one key, by grant id, paged with Limit/Marker, optionally only the
 * grant GrantId or only those of GranteePrincipal.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ListGrants.html
 * A GrantId that names no grant of the key is a filter that matches nothing: an empty list.
 */
import { keyIdOrArn } from '../../domain/key/identifiers.js';
import { anyState } from '../../domain/key/key-state.js';
import { requireKey, type Operation } from '../operation.js';
import { page } from '../paging.js';
import { grantListEntry, grantPageDefault, grantPageMax } from '../grants/grant-entry.js';

export const listGrants: Operation<'ListGrants'> = {
  spec: {
    iamAction: 'kms:ListGrants',
    mutates: false,
    key: { reference: (input) => input.KeyId, forms: keyIdOrArn, acceptedStates: anyState },
  },
  async run(input, ctx) {
    const key = requireKey(ctx);
    const limit = Math.min(input.Limit ?? grantPageDefault, grantPageMax);
    const filters = {
      ...(input.GrantId !== undefined ? { grantId: input.GrantId } : {}),
      ...(input.GranteePrincipal !== undefined ? { granteePrincipal: input.GranteePrincipal } : {}),
    };
    const result = await page(
      'grants', limit, input.Marker,
      (size, after) => ctx.deps.repository.listGrants(key.keyId, { limit: size, ...(after !== undefined ? { after } : {}), ...filters }),
      (grant) => grant.grantId,
    );
    return {
      Grants: result.items.map(grantListEntry),
      Truncated: result.Truncated,
      ...(result.NextMarker !== undefined ? { NextMarker: result.NextMarker } : {}),
    };
  },
};
