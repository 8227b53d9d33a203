/**
 * ListRetirableGrants: the grants of the caller's account and Region whose retiring principal is
 * RetiringPrincipal, paged with Limit/Marker. Names no key: identity policies decide who may call it.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ListRetirableGrants.html
 */
import type { Operation } from '../operation.js';
import { page } from '../paging.js';
import { grantListEntry, grantPageDefault, grantPageMax } from '../grants/grant-entry.js';

export const listRetirableGrants: Operation<'ListRetirableGrants'> = {
  spec: { iamAction: 'kms:ListRetirableGrants', mutates: false },
  async run(input, { request, deps }) {
    const { accountId, region } = request.caller;
    const limit = Math.min(input.Limit ?? grantPageDefault, grantPageMax);
    const result = await page(
      'retirable', limit, input.Marker,
      (size, after) => deps.repository.listRetirableGrants(accountId, region, input.RetiringPrincipal, { limit: size, ...(after !== undefined ? { after } : {}) }),
      (grant) => grant.grantId,
    );
    return {
      Grants: result.items.map(grantListEntry),
      Truncated: result.Truncated,
      ...(result.NextMarker !== undefined ? { NextMarker: result.NextMarker } : {}),
    };
  },
};
