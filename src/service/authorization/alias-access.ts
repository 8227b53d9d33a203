/**
 * Authorization of the alias operations, which resolve their keys inside `run` (Developer Guide,
 * "Controlling access to aliases"): CreateAlias needs kms:CreateAlias on the alias and on the target
 * key; UpdateAlias kms:UpdateAlias on the alias, the current key and the new key; DeleteAlias
 * kms:DeleteAlias on the alias and its key. An alias has no resource policy: "You can control
 * access to aliases only in IAM policies", so its ARN is checked against identity policies alone
 * (the account root is allowed by its account). Keys that `run` resolves go through a resolver that
 * authorizes them (`authorizingResolver`), so no operation file knows about policies.
 * https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html
 */
import type { OperationName } from '../../api/generated/operations.js';
import { reservedAliasPrefix } from '../../domain/alias/alias-name.js';
import { aliasArn } from '../../domain/key/identifiers.js';
import type { KeyResolver } from '../key-resolver.js';
import type { ServiceDeps } from '../deps.js';
import type { RequestScope } from './policy-authorizer.js';

/** The action a key resolved by `run` (KeyResolver.resolve) is authorized for, per operation. */
const keysResolvedInRun: { readonly [O in OperationName]?: string } = {
  CreateAlias: 'kms:CreateAlias',
  UpdateAlias: 'kms:UpdateAlias',
  // ReEncrypt's destination: kms:ReEncryptTo (API Reference, ReEncrypt, "Required permissions").
  ReEncrypt: 'kms:ReEncryptTo',
};

const aliasOperations: { readonly [O in OperationName]?: { action: string; currentKey: boolean } } = {
  CreateAlias: { action: 'kms:CreateAlias', currentKey: false },
  UpdateAlias: { action: 'kms:UpdateAlias', currentKey: true },
  DeleteAlias: { action: 'kms:DeleteAlias', currentKey: true },
};

/** True for the alias operations: their resources are the alias and its keys, not `*`. */
export function isAliasOperation(operation: OperationName): boolean {
  return aliasOperations[operation] !== undefined;
}

/** The alias resource and, for UpdateAlias and DeleteAlias, the key the alias points at now. */
export async function aliasChecks(scope: RequestScope, deps: ServiceDeps): Promise<void> {
  const rule = aliasOperations[scope.operation];
  if (rule === undefined) return;
  const name = (scope.input as { AliasName?: unknown }).AliasName;
  // A name that is no alias fails the operation's own validation, whoever asks; so does a reserved
  // `alias/aws/` name (InvalidAliasNameException in checkAliasName), which would otherwise be refused
  // here for its AWS managed key, whose policy allows no alias action to anyone.
  if (typeof name !== 'string' || !name.startsWith('alias/') || name.startsWith(reservedAliasPrefix)) return;
  const { accountId, region } = scope.request.caller;
  scope.identityOnly(rule.action, aliasArn(region, accountId, name));
  if (!rule.currentKey) return;
  const alias = await deps.repository.getAlias(accountId, region, name);
  const current = alias === undefined ? undefined : await deps.repository.getKey(accountId, region, alias.targetKeyId);
  if (current !== undefined) await scope.key(rule.action, current);
}

/** `deps` whose `keys.resolve` authorizes every key it returns, for operations that resolve keys in `run`. */
export function authorizingResolver(scope: RequestScope, deps: ServiceDeps): ServiceDeps {
  const action = keysResolvedInRun[scope.operation];
  if (action === undefined) return deps;
  const inner = deps.keys;
  const keys = Object.create(inner) as KeyResolver;
  keys.resolve = async (caller, text, requirements) => {
    const key = await inner.resolve(caller, text, requirements);
    await scope.key(action, key);
    return key;
  };
  return { ...deps, keys };
}
