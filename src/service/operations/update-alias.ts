/**
 * UpdateAlias: points an existing alias at another key of the same type and key usage.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_UpdateAlias.html
 *
 * Like CreateAlias the spec names no key: the alias is checked before the keys are looked up, and
 * AWS requires kms:UpdateAlias on the alias, the current key and the new key, which the single-key
 * pipeline cannot express yet (access-control issue).
 */
import { NotFoundException } from '../../api/generated/errors.js';
import { aliasTargetStates, checkAliasName, checkAliasRetarget, checkAliasTarget } from '../../domain/alias/alias-name.js';
import { aliasArn, keyIdOrArn } from '../../domain/key/identifiers.js';
import { aliasNotFound } from '../../domain/messages.js';
import type { Operation } from '../operation.js';
import { checkAliasesPerKey } from '../alias-quota.js';

export const updateAlias: Operation<'UpdateAlias'> = {
  spec: { iamAction: 'kms:UpdateAlias', mutates: true },
  async run(input, { request, deps }) {
    const { accountId, region } = request.caller;
    checkAliasName(input.AliasName);
    checkAliasTarget(input.TargetKeyId);
    const notFound = () => new NotFoundException(aliasNotFound(aliasArn(region, accountId, input.AliasName)));
    const alias = await deps.repository.getAlias(accountId, region, input.AliasName);
    if (!alias) throw notFound();
    // Key-state table footnote [10]: a PendingDeletion *destination* is KMSInvalidStateException,
    // while the current target may be in any state.
    const target = await deps.keys.resolve(request.caller, input.TargetKeyId, {
      forms: keyIdOrArn, acceptedStates: aliasTargetStates, operation: 'UpdateAlias',
    });
    if (target.keyId === alias.targetKeyId) return {};
    // A current target that no longer exists (deleted key) constrains nothing.
    const current = await deps.repository.getKey(accountId, region, alias.targetKeyId);
    if (current) checkAliasRetarget(current, target);
    await checkAliasesPerKey(deps.repository, target);
    const updated = await deps.repository.updateAlias({ ...alias, targetKeyId: target.keyId, lastUpdatedDateMs: deps.clock.nowMs() });
    // Deleted by a concurrent DeleteAlias between our read and our write.
    if (!updated) throw notFound();
    return {};
  },
};
