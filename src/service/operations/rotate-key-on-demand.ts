/**
 * RotateKeyOnDemand: rotates now, whether or not automatic rotation is on (which then restarts its
 * period). AWS_KMS keys get a new generated version; imported-material keys make the material
 * imported with ImportType NEW_KEY_MATERIAL current. At most 10 on-demand rotations per key
 * (LimitExceededException). Order of checks as recorded (research §2): key state first (a
 * PendingImport key is "pending import" whatever its spec), then key spec, then the rest.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_RotateKeyOnDemand.html
 */
import { KMSInvalidStateException, LimitExceededException } from '../../api/generated/errors.js';
import { keyIdOrArn } from '../../domain/key/identifiers.js';
import type { KeyRecord } from '../../domain/key/key-record.js';
import { usableStates } from '../../domain/key/key-state.js';
import { onDemandRotationLimit } from '../../domain/key/lifecycle.js';
import { noMaterialPendingRotation, onDemandRotationLimit as limitMessage } from '../../domain/messages-lifecycle.js';
import { ConcurrentUpdateError } from '../../storage/repository.js';
import { requireSymmetric } from '../lifecycle-checks.js';
import { requireKey, type Operation, type OperationContext } from '../operation.js';
import { rotateGenerated, rotateToImported } from '../rotation.js';

const maxAttempts = 5;

async function rotateOnce(ctx: OperationContext, key: KeyRecord): Promise<void> {
  requireSymmetric(key);
  const materials = await ctx.deps.repository.listKeyMaterials(key.keyId);
  if (materials.filter((m) => m.rotationType === 'ON_DEMAND').length >= onDemandRotationLimit) {
    throw new LimitExceededException(limitMessage(key.arn));
  }
  const nowMs = ctx.deps.clock.nowMs();
  if (key.origin === 'EXTERNAL') {
    const pending = materials.find((m) => m.version > key.currentVersion && m.sealed !== undefined);
    if (!pending) throw new KMSInvalidStateException(noMaterialPendingRotation(key.arn));
    if (!ctx.dryRun) await rotateToImported(ctx.deps.repository, key, pending, nowMs);
    return;
  }
  if (!ctx.dryRun) await rotateGenerated(ctx.deps, key, 'ON_DEMAND', nowMs);
}

export const rotateKeyOnDemand: Operation<'RotateKeyOnDemand'> = {
  spec: {
    iamAction: 'kms:RotateKeyOnDemand',
    mutates: true,
    key: { reference: (input) => input.KeyId, forms: keyIdOrArn, acceptedStates: usableStates },
  },
  async run(_input, ctx) {
    let key = requireKey(ctx);
    for (let attempt = 1; ; attempt++) {
      try {
        await rotateOnce(ctx, key);
        return { KeyId: key.arn };
      } catch (error) {
        // Lost a race with another writer (an automatic rotation, a DisableKey): re-read and re-check.
        if (!(error instanceof ConcurrentUpdateError) || attempt >= maxAttempts) throw error;
        const fresh = await ctx.deps.keys.find(ctx.request.caller, key.arn, keyIdOrArn);
        ctx.recheck(fresh);
        key = fresh;
      }
    }
  },
};
