/**
 * DeleteImportedKeyMaterial: deletes imported material now (default: the current one; or the
 * version KeyMaterialId names). Deleting the current material makes the key PendingImport, and
 * every ciphertext under it fails until the same material is imported again; the version's row
 * keeps its id for that re-import. Keys without imported material: UnsupportedOperationException
 * (footnote [9]); any state otherwise (PendingImport: nothing to delete, no effect).
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html
 */
import { KMSInvalidStateException } from '../../api/generated/errors.js';
import { keyIdOrArn } from '../../domain/key/identifiers.js';
import type { KeyRecord } from '../../domain/key/key-record.js';
import { anyState } from '../../domain/key/key-state.js';
import { withMaterialRemoved } from '../../domain/key/lifecycle.js';
import { unknownKeyMaterialId } from '../../domain/messages-lifecycle.js';
import { ConcurrentUpdateError } from '../../storage/repository.js';
import { requireOrigin } from '../lifecycle-checks.js';
import { requireKey, type Operation } from '../operation.js';

export const deleteImportedKeyMaterial: Operation<'DeleteImportedKeyMaterial'> = {
  spec: {
    iamAction: 'kms:DeleteImportedKeyMaterial',
    mutates: true,
    key: { reference: (input) => input.KeyId, forms: keyIdOrArn, acceptedStates: anyState },
  },
  async run(input, ctx) {
    let key: KeyRecord = requireKey(ctx);
    requireOrigin(key, 'EXTERNAL');
    for (let attempt = 1; ; attempt++) {
      const materials = await ctx.deps.repository.listKeyMaterials(key.keyId);
      const target = input.KeyMaterialId === undefined
        ? materials.find((m) => m.version === key.currentVersion)
        : materials.find((m) => m.materialId === input.KeyMaterialId);
      if (input.KeyMaterialId !== undefined && !target) throw new KMSInvalidStateException(unknownKeyMaterialId(input.KeyMaterialId, key.arn));
      if (!target || target.sealed === undefined) return { KeyId: key.arn, ...(target ? { KeyMaterialId: target.materialId } : {}) };
      const { sealed: _sealed, ...deleted } = target;
      const next = target.version === key.currentVersion ? withMaterialRemoved(key) : key;
      try {
        await ctx.deps.repository.updateKeyAndMaterial({ ...next, revision: key.revision + 1 }, deleted);
        return { KeyId: key.arn, KeyMaterialId: target.materialId };
      } catch (error) {
        if (!(error instanceof ConcurrentUpdateError) || attempt >= 5) throw error;
        key = await ctx.deps.keys.find(ctx.request.caller, key.arn, keyIdOrArn);
      }
    }
  },
};
