/**
 * DisableKeyRotation: stops automatic rotation; earlier versions stay for Decrypt. Same key rules
 * and key-state answers as EnableKeyRotation.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_DisableKeyRotation.html
 */
import { keyIdOrArn } from '../../domain/key/identifiers.js';
import { anyState, usableStates } from '../../domain/key/key-state.js';
import { withRotationDisabled } from '../../domain/key/lifecycle.js';
import type { KeyRecord } from '../../domain/key/key-record.js';
import { requireOrigin, requireState, requireSymmetric } from '../lifecycle-checks.js';
import { requireKey, type Operation } from '../operation.js';
import { saveKey } from '../save-key.js';

export const disableKeyRotation: Operation<'DisableKeyRotation'> = {
  spec: {
    iamAction: 'kms:DisableKeyRotation',
    mutates: true,
    key: { reference: (input) => input.KeyId, forms: keyIdOrArn, acceptedStates: anyState },
  },
  async run(_input, ctx) {
    const check = (key: KeyRecord) => {
      requireOrigin(key, 'AWS_KMS');
      requireSymmetric(key);
      requireState(key, usableStates, 'DisableKeyRotation');
    };
    check(requireKey(ctx));
    await saveKey({ ...ctx, recheck: check }, requireKey(ctx), (key) =>
      key.rotationPeriodDays === undefined ? undefined : withRotationDisabled(key));
    return {};
  },
};
