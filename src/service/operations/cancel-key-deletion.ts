/**
 * CancelKeyDeletion: a PendingDeletion key returns Disabled (RECORDED, research §2), or
 * PendingImport when it is an imported-material key without material. Any other state is
 * KMSInvalidStateException `<arn> is not pending deletion.` (table footnote [4]).
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_CancelKeyDeletion.html
 */
import { KMSInvalidStateException } from '../../api/generated/errors.js';
import { keyIdOrArn } from '../../domain/key/identifiers.js';
import type { KeyRecord } from '../../domain/key/key-record.js';
import { anyState } from '../../domain/key/key-state.js';
import { withDeletionCancelled } from '../../domain/key/lifecycle.js';
import { keyNotPendingDeletion } from '../../domain/messages-lifecycle.js';
import { requireKey, type Operation } from '../operation.js';
import { saveKey } from '../save-key.js';

function check(key: KeyRecord): void {
  if (key.keyState !== 'PendingDeletion') throw new KMSInvalidStateException(keyNotPendingDeletion(key.arn));
}

export const cancelKeyDeletion: Operation<'CancelKeyDeletion'> = {
  spec: {
    iamAction: 'kms:CancelKeyDeletion',
    mutates: true,
    key: { reference: (input) => input.KeyId, forms: keyIdOrArn, acceptedStates: anyState },
  },
  async run(_input, ctx) {
    const key = requireKey(ctx);
    check(key);
    const hasMaterial = key.origin !== 'EXTERNAL' || (await ctx.deps.repository.getKeyMaterial(key.keyId, key.currentVersion))?.sealed !== undefined;
    await saveKey({ ...ctx, recheck: check }, key, (current) => withDeletionCancelled(current, hasMaterial));
    return { KeyId: key.arn };
  },
};
