/**
 * DeleteAlias: removes an alias; the key it points at is untouched and may be in any state
 * (Developer Guide key-state table).
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteAlias.html
 */
import { NotFoundException } from '../../api/generated/errors.js';
import { checkAliasName } from '../../domain/alias/alias-name.js';
import { aliasArn } from '../../domain/key/identifiers.js';
import { aliasNotFound } from '../../domain/messages.js';
import type { Operation } from '../operation.js';

export const deleteAlias: Operation<'DeleteAlias'> = {
  spec: { iamAction: 'kms:DeleteAlias', mutates: true },
  async run(input, { request, deps }) {
    const { accountId, region } = request.caller;
    // The same name rules as CreateAlias: `alias/aws/…` names are reserved for deletion as well.
    checkAliasName(input.AliasName);
    const deleted = await deps.repository.deleteAlias(accountId, region, input.AliasName);
    // Alias ARN with a trailing period: the text recorded for alias lookups (research §1, §5).
    if (!deleted) throw new NotFoundException(aliasNotFound(aliasArn(region, accountId, input.AliasName)));
    return {};
  },
};
