/**
 * Rotation of a key to a new backing-key version, shared by RotateKeyOnDemand and the scheduler's
 * automatic rotations (src/jobs/scheduler.ts). One `updateKeyAndMaterial` call moves the key's
 * current version and stores the new material together, guarded by the key's revision, so a
 * rotation happens exactly once even when two processes attempt it: the loser gets
 * ConcurrentUpdateError and nothing is written.
 * https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
 */
import type { RotationType } from '../api/generated/shapes.js';
import { afterRotation } from '../domain/key/lifecycle.js';
import type { KeyMaterialRecord, KeyRecord } from '../domain/key/key-record.js';
import type { Repository } from '../storage/repository.js';
import type { Keyring } from './keyring.js';

export interface Rotated {
  readonly key: KeyRecord;
  readonly material: KeyMaterialRecord;
}

/**
 * Generates version `currentVersion + 1` of an AWS_KMS key and makes it current. Every earlier
 * version stays stored, so old ciphertexts keep decrypting.
 */
export async function rotateGenerated(
  deps: { readonly repository: Pick<Repository, 'updateKeyAndMaterial'>; readonly keyring: Keyring },
  key: KeyRecord,
  rotationType: RotationType,
  nowMs: number,
): Promise<Rotated> {
  const version = key.currentVersion + 1;
  const material = { ...deps.keyring.newVersion(key.keyId, key.arn, version), rotationType, rotationDateMs: nowMs };
  const next = { ...afterRotation(key, version, nowMs), revision: key.revision + 1 };
  await deps.repository.updateKeyAndMaterial(next, material);
  return { key: next, material };
}

/**
 * Makes an imported version that is pending rotation (ImportType NEW_KEY_MATERIAL) current; its
 * ExpirationModel and ValidTo become the key's.
 */
export async function rotateToImported(
  repository: Pick<Repository, 'updateKeyAndMaterial'>,
  key: KeyRecord,
  pending: KeyMaterialRecord,
  nowMs: number,
): Promise<Rotated> {
  const material: KeyMaterialRecord = { ...pending, rotationType: 'ON_DEMAND', rotationDateMs: nowMs };
  const { expirationModel: _m, validToMs: _v, ...rest } = afterRotation(key, pending.version, nowMs);
  const next: KeyRecord = {
    ...rest,
    ...(pending.expirationModel !== undefined ? { expirationModel: pending.expirationModel } : {}),
    ...(pending.validToMs !== undefined ? { validToMs: pending.validToMs } : {}),
    revision: key.revision + 1,
  };
  await repository.updateKeyAndMaterial(next, material);
  return { key: next, material };
}
