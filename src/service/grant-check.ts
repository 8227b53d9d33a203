/**
 * The seam between the Authorizer (access control, issue 17) and grants: when no policy allows a
 * call, the Authorizer asks this whether a grant does. An explicit Deny in a policy still wins;
 * that is the Authorizer's rule, not this one's. Implemented by service/grants/stored-grant-check.ts.
 */
import type { GrantConstraintsRecord } from '../domain/grant/grant-record.js';
import type { KeyRecord } from '../domain/key/key-record.js';

export interface GrantCheck {
  /** True when a grant on the key, or one named by a grant token of the request, gives the caller
   *  this operation under the grant's constraints (EncryptionContextEquals / Subset). */
  allows(q: { key: KeyRecord; principalArn: string; operation: string; // e.g. 'Decrypt'
              encryptionContext?: Readonly<Record<string, string>>; grantTokens?: readonly string[];
              /** CreateGrant through a grant: the new grant may not exceed the allowing grant (API Reference, CreateGrant). */
              newGrant?: { readonly operations: readonly string[]; readonly constraints?: GrantConstraintsRecord } }): Promise<boolean>;
}
