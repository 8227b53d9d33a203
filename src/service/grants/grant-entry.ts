/**
 * A stored grant as ListGrants and ListRetirableGrants return it (GrantListEntry), and the paging
 * both listings share. https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantListEntry.html
 */
import type { GrantListEntry } from '../../api/generated/shapes.js';
import type { GrantRecord } from '../../domain/grant/grant-record.js';
import { accountRootArn, keyArn } from '../../domain/key/identifiers.js';

/** "If you do not include a value, it defaults to 50" (API Reference, ListGrants, Limit). */
export const grantPageDefault = 50;
/** "…between 1 and 100, inclusive" (API Reference, ListGrants, Limit); larger pages are cut to 100. */
export const grantPageMax = 100;

/** The wire form of a grant: KeyId is the key ARN, IssuingAccount the issuing account's root ARN. */
export function grantListEntry(grant: GrantRecord): GrantListEntry {
  const { constraints } = grant;
  return {
    KeyId: keyArn(grant.region, grant.accountId, grant.keyId),
    GrantId: grant.grantId,
    ...(grant.name !== undefined ? { Name: grant.name } : {}),
    CreationDate: new Date(grant.creationDateMs),
    GranteePrincipal: grant.granteePrincipal,
    ...(grant.retiringPrincipal !== undefined ? { RetiringPrincipal: grant.retiringPrincipal } : {}),
    IssuingAccount: accountRootArn(grant.accountId),
    Operations: [...grant.operations],
    ...(constraints !== undefined ? {
      Constraints: {
        ...(constraints.encryptionContextEquals !== undefined ? { EncryptionContextEquals: constraints.encryptionContextEquals } : {}),
        ...(constraints.encryptionContextSubset !== undefined ? { EncryptionContextSubset: constraints.encryptionContextSubset } : {}),
      },
    } : {}),
  };
}
