/**
 * CreateAlias: a friendly name in the caller's account and Region for a customer managed key.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html
 *
 * The spec names no key: the alias name is validated before the target is looked up (a request
 * that is not an alias at all fails whatever its target), and the target may not be an alias,
 * which the pipeline's resolver would report as an unknown key id. kms:CreateAlias needs
 * permission on both the alias and the key: the access-control issue authorizes the target here.
 */
import { AlreadyExistsException } from '../../api/generated/errors.js';
import { aliasTargetStates, checkAliasName, checkAliasTarget } from '../../domain/alias/alias-name.js';
import { aliasArn, keyIdOrArn } from '../../domain/key/identifiers.js';
import { aliasAlreadyExists } from '../../domain/messages.js';
import { AliasExistsError } from '../../storage/repository.js';
import { checkAliasesPerKey } from '../alias-quota.js';
import type { Operation } from '../operation.js';

export const createAlias: Operation<'CreateAlias'> = {
  spec: { iamAction: 'kms:CreateAlias', mutates: true },
  async run(input, { request, deps }) {
    const { caller } = request;
    checkAliasName(input.AliasName);
    checkAliasTarget(input.TargetKeyId);
    // AWS managed keys (a later issue) will be refused here: only customer managed keys take aliases.
    const key = await deps.keys.resolve(caller, input.TargetKeyId, {
      forms: keyIdOrArn, acceptedStates: aliasTargetStates, operation: 'CreateAlias',
    });
    await checkAliasesPerKey(deps.repository, key);
    const nowMs = deps.clock.nowMs();
    try {
      await deps.repository.createAlias({
        accountId: caller.accountId, region: caller.region, aliasName: input.AliasName,
        targetKeyId: key.keyId, creationDateMs: nowMs, lastUpdatedDateMs: nowMs,
      });
    } catch (error) {
      if (error instanceof AliasExistsError) {
        throw new AlreadyExistsException(aliasAlreadyExists(aliasArn(caller.region, caller.accountId, input.AliasName)));
      }
      throw error;
    }
    return {};
  },
};
