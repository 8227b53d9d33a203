/**
 * GetKeyRotationStatus: whether automatic rotation is on, its period and next date. Any key state
 * (the table's "?" is about key type); imported material is UnsupportedOperationException
 * (footnote [6]); other key specs UnsupportedOperationException as for rotation.
 * Disabled rotation answers only KeyId and KeyRotationEnabled: false (RECORDED, research §12).
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyRotationStatus.html
 */
import { allKeyForms } from '../../domain/key/identifiers.js';
import { anyState } from '../../domain/key/key-state.js';
import { requireOrigin, requireSymmetric } from '../lifecycle-checks.js';
import { requireKey, type Operation } from '../operation.js';

export const getKeyRotationStatus: Operation<'GetKeyRotationStatus'> = {
  spec: {
    iamAction: 'kms:GetKeyRotationStatus',
    mutates: false,
    // The API Reference: "specify the key ID or key ARN"; for a key in another account, the ARN.
    key: { reference: (input) => input.KeyId, forms: allKeyForms.filter((f) => f === 'keyId' || f === 'keyArn'), acceptedStates: anyState },
  },
  async run(_input, ctx) {
    const key = requireKey(ctx);
    requireOrigin(key, 'AWS_KMS');
    requireSymmetric(key);
    if (key.rotationPeriodDays === undefined || key.nextRotationMs === undefined) return { KeyId: key.arn, KeyRotationEnabled: false };
    return {
      KeyId: key.arn,
      KeyRotationEnabled: true,
      RotationPeriodInDays: key.rotationPeriodDays,
      NextRotationDate: new Date(key.nextRotationMs),
    };
  },
};
