/**
 * ListKeyRotations: the completed rotations of a key, oldest first, paged (Limit 1–1000, default
 * 100). IncludeKeyMaterial ALL_KEY_MATERIAL also lists the initial material and imported material
 * pending rotation, with KeyMaterialState CURRENT / NON_CURRENT / PENDING_ROTATION; imported
 * material adds ImportState, ExpirationModel, ValidTo and KeyMaterialDescription.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeyRotations.html
 */
import type { RotationsListEntry } from '../../api/generated/shapes.js';
import { keyIdOrArn } from '../../domain/key/identifiers.js';
import type { KeyMaterialRecord, KeyRecord } from '../../domain/key/key-record.js';
import { anyState } from '../../domain/key/key-state.js';
import { requireSymmetric } from '../lifecycle-checks.js';
import { requireKey, type Operation } from '../operation.js';
import { page } from '../paging.js';

function entry(key: KeyRecord, m: KeyMaterialRecord): RotationsListEntry {
  const state = m.version === key.currentVersion ? 'CURRENT' : m.version > key.currentVersion ? 'PENDING_ROTATION' : 'NON_CURRENT';
  return {
    KeyId: key.keyId,
    KeyMaterialId: m.materialId,
    KeyMaterialState: state,
    ...(m.rotationType !== undefined ? { RotationType: m.rotationType } : {}),
    ...(m.rotationDateMs !== undefined ? { RotationDate: new Date(m.rotationDateMs) } : {}),
    ...(key.origin === 'EXTERNAL'
      ? {
          ImportState: m.sealed !== undefined ? 'IMPORTED' : 'PENDING_IMPORT',
          ...(m.expirationModel !== undefined ? { ExpirationModel: m.expirationModel } : {}),
          ...(m.validToMs !== undefined ? { ValidTo: new Date(m.validToMs) } : {}),
          ...(m.description !== undefined ? { KeyMaterialDescription: m.description } : {}),
        }
      : {}),
  };
}

export const listKeyRotations: Operation<'ListKeyRotations'> = {
  spec: {
    iamAction: 'kms:ListKeyRotations',
    mutates: false,
    key: { reference: (input) => input.KeyId, forms: keyIdOrArn, acceptedStates: anyState },
  },
  async run(input, ctx) {
    const key = requireKey(ctx);
    requireSymmetric(key);
    const all = input.IncludeKeyMaterial === 'ALL_KEY_MATERIAL';
    const materials = (await ctx.deps.repository.listKeyMaterials(key.keyId))
      .filter((m) => all || m.rotationType !== undefined);
    // Versions are the sort key; zero-padded so the marker's string order is numeric order.
    const sortKey = (m: KeyMaterialRecord) => String(m.version).padStart(10, '0');
    const result = await page('rotations', input.Limit, input.Marker,
      async (limit, after) => materials.filter((m) => after === undefined || sortKey(m) > after).slice(0, limit),
      sortKey);
    return {
      Rotations: result.items.map((m) => entry(key, m)),
      Truncated: result.Truncated,
      ...(result.NextMarker !== undefined ? { NextMarker: result.NextMarker } : {}),
    };
  },
};
