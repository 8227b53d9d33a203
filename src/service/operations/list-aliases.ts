/**
 * ListAliases: the aliases of the caller's account and Region by alias name, or only those of one
 * key (KeyId: key id or key ARN), paged with Limit/Marker.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ListAliases.html
 * AWS also lists its predefined aliases (`alias/aws/…`): those whose AWS managed key does not exist
 * yet have only AliasName and AliasArn ("predefined aliases … not associated with a KMS key"), merged
 * by name with the stored ones; a KeyId filter lists only stored aliases of that key.
 */
import type { AliasRecord } from '../../domain/key/key-record.js';
import { awsManagedAliasNames } from '../../domain/key/aws-managed-keys.js';
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
      async (size, after) => {
        const stored = await deps.repository.listAliases(accountId, region, { limit: size, after, ...(key ? { targetKeyId: key.keyId } : {}) });
        return key ? stored : withPredefined(stored, after, size);
      },
      (alias) => (typeof alias === 'string' ? alias : alias.aliasName),
    );
    return {
      Aliases: result.items.map((alias) => typeof alias === 'string'
        ? { AliasName: alias, AliasArn: aliasArn(region, accountId, alias) }
        : {
          AliasName: alias.aliasName,
          AliasArn: aliasArn(region, accountId, alias.aliasName),
          TargetKeyId: alias.targetKeyId,
          CreationDate: new Date(alias.creationDateMs),
          LastUpdatedDate: new Date(alias.lastUpdatedDateMs),
        }),
      Truncated: result.Truncated,
      ...(result.NextMarker !== undefined ? { NextMarker: result.NextMarker } : {}),
    };
  },
};

/**
 * The first `size` of the union of a stored page and the predefined names after `after`, by name
 * (names are ASCII, so `<` is SQLite's byte order). A predefined name already stored (its key
 * exists) appears once, as the stored alias; one stored beyond this page sorts beyond it too.
 */
function withPredefined(stored: readonly AliasRecord[], after: string | undefined, size: number): Array<AliasRecord | string> {
  const storedNames = new Set(stored.map((a) => a.aliasName));
  const virtual = awsManagedAliasNames.filter((name) => (after === undefined || name > after) && !storedNames.has(name));
  const merged: Array<AliasRecord | string> = [...stored, ...virtual];
  const nameOf = (a: AliasRecord | string): string => (typeof a === 'string' ? a : a.aliasName);
  merged.sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0));
  return merged.slice(0, size);
}
