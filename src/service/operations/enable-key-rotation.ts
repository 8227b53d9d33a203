/**
 * EnableKeyRotation: automatic rotation every RotationPeriodInDays (90–2560, default 365; the model
 * enforces the range), first due one period from now. Symmetric AWS_KMS customer managed keys only.
 * Key-state table: Enabled ✓, Disabled DisabledException, PendingDeletion KMSInvalidStateException;
 * imported material UnsupportedOperationException in every state (footnotes [6], [7]).
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html
 */
import { keyIdOrArn } from '../../domain/key/identifiers.js';
import { anyState, usableStates } from '../../domain/key/key-state.js';
import { defaultRotationPeriodDays, withRotationEnabled } from '../../domain/key/lifecycle.js';
import { requireOrigin, requireState, requireSymmetric } from '../lifecycle-checks.js';
import { requireKey, type Operation } from '../operation.js';
import { saveKey } from '../save-key.js';

export const enableKeyRotation: Operation<'EnableKeyRotation'> = {
  spec: {
    iamAction: 'kms:EnableKeyRotation',
    mutates: true,
    key: { reference: (input) => input.KeyId, forms: keyIdOrArn, acceptedStates: anyState },
  },
  async run(input, ctx) {
    const period = input.RotationPeriodInDays ?? defaultRotationPeriodDays;
    const check = (key: Parameters<typeof requireOrigin>[0]) => {
      requireOrigin(key, 'AWS_KMS');
      requireSymmetric(key);
      requireState(key, usableStates, 'EnableKeyRotation');
    };
    check(requireKey(ctx));
    const nowMs = ctx.deps.clock.nowMs();
    await saveKey({ ...ctx, recheck: check }, requireKey(ctx), (key) =>
      // Re-enabling with the same period keeps the date already scheduled (AWS does not restart it).
      key.rotationPeriodDays === period ? undefined : withRotationEnabled(key, period, nowMs));
    return {};
  },
};
