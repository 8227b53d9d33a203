/**
 * ImportKeyMaterial: unwraps EncryptedKeyMaterial with the import token's private key and stores
 * the material sealed under the root key. The first import makes the key Enabled; importing the
 * same material again (after expiry or DeleteImportedKeyMaterial) restores its version, so old
 * ciphertexts decrypt again; different material is IncorrectKeyMaterialException unless ImportType
 * is NEW_KEY_MATERIAL, which stores it pending RotateKeyOnDemand.
 * ExpirationModel defaults to KEY_MATERIAL_EXPIRES, which needs ValidTo (≤ 365 days ahead); the
 * scheduler deletes expired material and returns the key to PendingImport.
 * HMAC and asymmetric keys (RSA, ECC: PKCS#8 private keys) take one material for life: re-importing
 * it is allowed, NEW_KEY_MATERIAL is not.
 * Every unwrap failure is the same InvalidCiphertextException; nothing is written before the
 * material has been unwrapped and checked, and the write is one transaction.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html
 */
import { ValidationException } from '../../api/errors.js';
import { IncorrectKeyMaterialException, InvalidCiphertextException, KMSInvalidStateException, UnsupportedOperationException } from '../../api/generated/errors.js';
import type { ImportKeyMaterialRequest } from '../../api/generated/shapes.js';
import { canonicalImportedMaterial, importedMaterialId, unwrapKeyMaterial, wrappingKeyBits } from '../../crypto/import-wrapping.js';
import { keyIdOrArn } from '../../domain/key/identifiers.js';
import type { KeyMaterialRecord, KeyRecord } from '../../domain/key/key-record.js';
import { anyState } from '../../domain/key/key-state.js';
import { maxValidToAheadMs } from '../../domain/key/lifecycle.js';
import {
  incorrectKeyMaterial, invalidWrappedMaterial, keyMaterialIdSymmetricOnly, materialAlreadyPending, newMaterialSymmetricOnly,
  validToNotAllowed, validToOutOfRange, validToRequired,
} from '../../domain/messages-lifecycle.js';
import { ConcurrentUpdateError } from '../../storage/repository.js';
import { openImportToken } from '../import-token.js';
import { requireOrigin, requireState } from '../lifecycle-checks.js';
import { requireKey, type Operation, type OperationContext } from '../operation.js';
import { importableStates } from './get-parameters-for-import.js';

interface Expiry { readonly expirationModel: 'KEY_MATERIAL_EXPIRES' | 'KEY_MATERIAL_DOES_NOT_EXPIRE'; readonly validToMs?: number }

function checkExpiry(input: ImportKeyMaterialRequest, nowMs: number): Expiry {
  const expirationModel = input.ExpirationModel ?? 'KEY_MATERIAL_EXPIRES';
  if (expirationModel === 'KEY_MATERIAL_DOES_NOT_EXPIRE') {
    if (input.ValidTo !== undefined) throw new ValidationException(validToNotAllowed);
    return { expirationModel };
  }
  if (input.ValidTo === undefined) throw new ValidationException(validToRequired);
  const validToMs = input.ValidTo.getTime();
  if (!(validToMs > nowMs) || validToMs > nowMs + maxValidToAheadMs) throw new ValidationException(validToOutOfRange);
  return { expirationModel, validToMs };
}

/** The key and material records to store, or an AWS error when the material does not fit. */
function plan(key: KeyRecord, materials: readonly KeyMaterialRecord[], id: string, sealed: () => Uint8Array,
  input: ImportKeyMaterialRequest, expiry: Expiry, nowMs: number): { key: KeyRecord; material: KeyMaterialRecord } {
  const describe = input.KeyMaterialDescription !== undefined ? { description: input.KeyMaterialDescription } : {};
  const expiryFields = { expirationModel: expiry.expirationModel, ...(expiry.validToMs !== undefined ? { validToMs: expiry.validToMs } : {}) };
  const asCurrent = (k: KeyRecord, version: number): KeyRecord => {
    const { expirationModel: _m, validToMs: _v, ...rest } = k;
    return {
      ...rest, ...expiryFields, currentVersion: version,
      keyState: k.keyState === 'PendingImport' ? 'Enabled' : k.keyState,
      revision: k.revision + 1,
    };
  };
  const same = materials.find((m) => m.materialId === id);
  if (same) {
    const { expirationModel: _m, validToMs: _v, ...rest } = same;
    const material: KeyMaterialRecord = { ...rest, ...expiryFields, ...describe, sealed: sealed() };
    const next = same.version === key.currentVersion ? asCurrent(key, same.version) : { ...key, revision: key.revision + 1 };
    return { key: next, material };
  }
  const newVersion = (materials.at(-1)?.version ?? 0) + 1;
  const fresh: KeyMaterialRecord = { keyId: key.keyId, version: newVersion, materialId: id, sealed: sealed(), createdMs: nowMs, ...expiryFields, ...describe };
  if (materials.length === 0) return { key: asCurrent(key, newVersion), material: fresh };
  if (input.ImportType !== 'NEW_KEY_MATERIAL') throw new IncorrectKeyMaterialException(incorrectKeyMaterial);
  const pending = materials.find((m) => m.version > key.currentVersion);
  if (pending) throw new KMSInvalidStateException(materialAlreadyPending(id, key.keyId, pending.materialId));
  return { key: { ...key, revision: key.revision + 1 }, material: fresh };
}

async function unwrap(ctx: OperationContext, key: KeyRecord, input: ImportKeyMaterialRequest): Promise<Buffer> {
  const token = openImportToken(ctx.deps.keyring, key.arn, input.ImportToken, ctx.deps.clock.nowMs());
  try {
    const bits = wrappingKeyBits[token.wrappingKeySpec] ?? 0;
    const raw = unwrapKeyMaterial(token.wrappingAlgorithm, token.privateKeyDer, bits, input.EncryptedKeyMaterial);
    // The canonical form: a private key re-encoded (crypto/import-wrapping.ts), so the material id and
    // the re-import comparison do not depend on how the client encoded it.
    const material = raw === undefined ? undefined : canonicalImportedMaterial(key.keySpec, raw);
    raw?.fill(0);
    if (material === undefined) throw new InvalidCiphertextException(invalidWrappedMaterial);
    return material;
  } finally {
    token.privateKeyDer.fill(0);
  }
}

export const importKeyMaterial: Operation<'ImportKeyMaterial'> = {
  spec: {
    iamAction: 'kms:ImportKeyMaterial',
    mutates: true,
    key: { reference: (input) => input.KeyId, forms: keyIdOrArn, acceptedStates: anyState },
  },
  async run(input, ctx) {
    let key = requireKey(ctx);
    const check = (k: KeyRecord) => {
      requireOrigin(k, 'EXTERNAL');
      requireState(k, importableStates, 'ImportKeyMaterial');
    };
    check(key);
    // "For asymmetric and HMAC keys, you cannot change the key material after the initial import"
    // (API Reference); KeyMaterialId is "only usable with symmetric encryption keys".
    if (key.keySpec !== 'SYMMETRIC_DEFAULT') {
      if (input.ImportType === 'NEW_KEY_MATERIAL') throw new UnsupportedOperationException(newMaterialSymmetricOnly(key.arn, key.keySpec));
      if (input.KeyMaterialId !== undefined) throw new ValidationException(keyMaterialIdSymmetricOnly);
    }
    const nowMs = ctx.deps.clock.nowMs();
    const expiry = checkExpiry(input, nowMs);
    const raw = await unwrap(ctx, key, input);
    try {
      const id = importedMaterialId(raw, key.keyId);
      if (input.KeyMaterialId !== undefined && input.KeyMaterialId !== id) throw new IncorrectKeyMaterialException(incorrectKeyMaterial);
      for (let attempt = 1; ; attempt++) {
        const materials = await ctx.deps.repository.listKeyMaterials(key.keyId);
        const { key: next, material } = plan(key, materials, id, () => ctx.deps.keyring.sealMaterial(key.arn, versionFor(materials, id), raw), input, expiry, nowMs);
        try {
          await ctx.deps.repository.updateKeyAndMaterial(next, material);
          return { KeyId: key.arn, KeyMaterialId: id };
        } catch (error) {
          if (!(error instanceof ConcurrentUpdateError) || attempt >= 5) throw error;
          key = await ctx.deps.keys.find(ctx.request.caller, key.arn, keyIdOrArn);
          check(key);
        }
      }
    } finally {
      raw.fill(0);
    }
  },
};

/** The version the material is (re)stored as: its own when known, else the next one. */
function versionFor(materials: readonly KeyMaterialRecord[], id: string): number {
  return materials.find((m) => m.materialId === id)?.version ?? (materials.at(-1)?.version ?? 0) + 1;
}
