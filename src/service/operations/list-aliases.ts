/**
 * ListAliases: the aliases of the caller's account and Region by alias name, or only those of one
 * key (KeyId: key id or key ARN), paged with Limit/Marker.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ListAliases.html
 * AWS also lists its managed aliases (`alias/aws/…`, some without TargetKeyId); those arrive with
 * AWS managed keys, a later issue.
 */
import { aliasArn, keyIdOrArn } from '../../domain/key/identifiers.js';
import { anyState } from '../../domain/key/key-state.js';
import type { Operation } from '../operation.js';
import { page } from '../paging.js';

/** "If you do not include a value, it defaults to 50" (API Reference, Limit). */
const aliasPageDefault = 50;
/**
 * "It must be between 1 and 100, inclusive" (API Reference). The model allows up to 1000, so a
 * larger Limit passes validation; we return at most 100, as a smaller page than asked is always
 * allowed by the List* contract (Truncated/NextMarker tell the client to go on).
 */
const aliasPageMax = 100;

export const listAliases: Operation<'ListAliases'> = {
  spec: {
    iamAction: 'kms:ListAliases',
    mutates: false,
    // Resolved only when KeyId is given; an unknown key is NotFoundException (research §9).
    key: { reference: (input) => input.KeyId, forms: keyIdOrArn, acceptedStates: anyState },
  },
  async run(input, { request, key, deps }) {
    const { accountId, region } = request.caller;
    const limit = Math.min(input.Limit ?? aliasPageDefault, aliasPageMax);
    const result = await page(
      'aliases', limit, input.Marker,
      (size, after) => deps.repository.listAliases(accountId, region, { limit: size, after, ...(key ? { targetKeyId: key.keyId } : {}) }),
      (alias) => alias.aliasName,
    );
    return {
      Aliases: result.items.map((alias) => ({
        AliasName: alias.aliasName,
        AliasArn: aliasArn(region, accountId, alias.aliasName),
        TargetKeyId: alias.targetKeyId,
        CreationDate: new Date(alias.creationDateMs),
        LastUpdatedDate: new Date(alias.lastUpdatedDateMs),
      })),
      Truncated: result.Truncated,
      ...(result.NextMarker !== undefined ? { NextMarker: result.NextMarker } : {}),
    };
  },
};
