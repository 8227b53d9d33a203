/**
 * UpdateKeyDescription: replaces the description of a key in any state but PendingDeletion
 * (key-state table: a key awaiting imported material can be described too).
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_UpdateKeyDescription.html
 */
import { keyIdOrArn } from '../../domain/key/identifiers.js';
import { notPendingDeletionStates } from '../../domain/key/key-state.js';
import { requireKey, type Operation } from '../operation.js';
import { saveKey } from '../save-key.js';

export const updateKeyDescription: Operation<'UpdateKeyDescription'> = {
  spec: {
    iamAction: 'kms:UpdateKeyDescription',
    mutates: true,
    key: { reference: (input) => input.KeyId, forms: keyIdOrArn, acceptedStates: notPendingDeletionStates },
  },
  async run(input, ctx) {
    await saveKey(ctx, requireKey(ctx), (key) => ({ ...key, description: input.Description }));
    return {};
  },
};
