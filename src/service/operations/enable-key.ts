/**
 * EnableKey: Disabled → Enabled; enabling an Enabled key succeeds and changes nothing.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKey.html
 */
import { keyIdOrArn } from '../../domain/key/identifiers.js';
import { manageableStates } from '../../domain/key/key-state.js';
import { requireKey, type Operation } from '../operation.js';
import { saveKey } from '../save-key.js';

export const enableKey: Operation<'EnableKey'> = {
  spec: {
    iamAction: 'kms:EnableKey',
    mutates: true,
    key: { reference: (input) => input.KeyId, forms: keyIdOrArn, acceptedStates: manageableStates },
  },
  async run(_input, ctx) {
    await saveKey(ctx, requireKey(ctx), (key) => (key.keyState === 'Enabled' ? undefined : { ...key, keyState: 'Enabled' }));
    return {};
  },
};
