/**
 * GetKeyLastUsage, answered from the audit trail: the last successful cryptographic operation with
 * the key (operation, time, CloudTrail eventID, request id), the date tracking began for it (when
 * this trail began recording, or the key's creation, whichever is later), and its creation date.
 * Alias names are not accepted. https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyLastUsage.html
 */
import type { KeyLastUsageTrackingOperation } from '../../api/generated/shapes.js';
import { keyIdOrArn } from '../../domain/key/identifiers.js';
import { anyState } from '../../domain/key/key-state.js';
import { requireKey, type Operation } from '../operation.js';

export const getKeyLastUsage: Operation<'GetKeyLastUsage'> = {
  spec: {
    iamAction: 'kms:GetKeyLastUsage',
    mutates: false,
    key: { reference: (input) => input.KeyId, forms: keyIdOrArn, acceptedStates: anyState },
  },
  async run(_input, ctx) {
    const key = requireKey(ctx);
    const created = new Date(key.creationDateMs);
    const audit = ctx.deps.audit;
    if (audit === undefined) return { KeyId: key.keyId, KeyCreationDate: created };
    const last = await audit.lastUsage(key.arn);
    return {
      KeyId: key.keyId,
      ...(last !== undefined ? {
        KeyLastUsage: {
          Operation: last.operation as KeyLastUsageTrackingOperation,
          Timestamp: new Date(last.timeMs),
          CloudTrailEventId: last.eventId,
          KmsRequestId: last.requestId,
        },
      } : {}),
      TrackingStartDate: new Date(Math.max(audit.trackingStartMs(), key.creationDateMs)),
      KeyCreationDate: created,
    };
  },
};
