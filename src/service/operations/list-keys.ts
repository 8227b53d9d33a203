/**
 * ListKeys: the keys of the caller's account and region, paged.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeys.html
 */
import type { Operation } from '../operation.js';
import { page } from '../paging.js';

export const listKeys: Operation<'ListKeys'> = {
  spec: { iamAction: 'kms:ListKeys', mutates: false },
  async run(input, { request, deps }) {
    const { accountId, region } = request.caller;
    const result = await page(
      'keys', input.Limit, input.Marker,
      (limit, after) => deps.repository.listKeys(accountId, region, { limit, after }),
      (key) => key.keyId,
    );
    return {
      Keys: result.items.map((key) => ({ KeyId: key.keyId, KeyArn: key.arn })),
      Truncated: result.Truncated,
      ...(result.NextMarker !== undefined ? { NextMarker: result.NextMarker } : {}),
    };
  },
};
