/**
 * Builds the KeyResolver the server uses: the repository's lookups plus the AWS managed keys a
 * predefined alias creates on first use (service/aws-managed-keys.ts). Kept out of app.ts, which is
 * long enough.
 */
import { AwsManagedKeys, type AwsManagedKeyDeps } from './aws-managed-keys.js';
import { KeyResolver } from './key-resolver.js';
import type { Repository } from '../storage/repository.js';

export function buildKeyResolver(
  deps: AwsManagedKeyDeps & { readonly repository: Pick<Repository, 'getKey' | 'getKeyInRegion' | 'getAlias' | 'createKeyWithAlias'> },
  /** Access control's rule for key ARNs of other accounts (service/authorization/access-control.ts). */
  visibleAcrossAccounts?: ConstructorParameters<typeof KeyResolver>[2],
): KeyResolver {
  return new KeyResolver(deps.repository, new AwsManagedKeys(deps), visibleAcrossAccounts);
}
