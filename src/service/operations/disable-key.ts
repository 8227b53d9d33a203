/**
 * DisableKey: Enabled → Disabled; disabling a Disabled key succeeds and changes nothing.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_DisableKey.html
 */
import { keyIdOrArn } from '../../domain/key/identifiers.js';
import { manageableStates } from '../../domain/key/key-state.js';
import { requireKey, type Operation } from '../operation.js';
import { saveKey } from '../save-key.js';

export const disableKey: Operation<'DisableKey'> = {
  spec: {
    iamAction: 'kms:DisableKey',
    mutates: true,
    key: { reference: (input) => input.KeyId, forms: keyIdOrArn, acceptedStates: manageableStates },
  },
  async run(_input, ctx) {
    await saveKey(ctx, requireKey(ctx), (key) => (key.keyState === 'Disabled' ? undefined : { ...key, keyState: 'Disabled' }));
    return {};
  },
};
