/**
 * The rules of rotation, scheduled deletion and imported-material expiry, as pure functions of a
 * KeyRecord and a time (issue 14). Operations and the scheduler (src/jobs/) both use them, so a
 * job and the API compute the same dates. No I/O, no clock: `nowMs` is always a parameter.
 * https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html
 */
import type { KeyRecord } from './key-record.js';

export const dayMs = 86_400_000;

/** EnableKeyRotation's RotationPeriodInDays default (the model enforces 90–2560). */
export const defaultRotationPeriodDays = 365;
/** ScheduleKeyDeletion's PendingWindowInDays: default 30, the service allows 7–30. */
export const defaultPendingWindowDays = 30;
export const minPendingWindowDays = 7;
export const maxPendingWindowDays = 30;
/** RotateKeyOnDemand may run this many times per key (NOTES.md §4; Developer Guide, rotate-keys). */
export const onDemandRotationLimit = 10;
/** GetParametersForImport: the public key and import token are valid for 24 hours. */
export const importTokenLifetimeMs = 24 * 60 * 60 * 1000;
/** ImportKeyMaterial's ValidTo may be at most 365 days ahead (API Reference, ImportKeyMaterial). */
export const maxValidToAheadMs = 365 * dayMs;

/** A key's rotation settings with automatic rotation on, `periodDays` from now. */
export function withRotationEnabled(key: KeyRecord, periodDays: number, nowMs: number): KeyRecord {
  return { ...key, rotationPeriodDays: periodDays, nextRotationMs: nowMs + periodDays * dayMs };
}

/** A key's record with automatic rotation off. */
export function withRotationDisabled(key: KeyRecord): KeyRecord {
  const { rotationPeriodDays: _period, nextRotationMs: _next, ...rest } = key;
  return rest;
}

/**
 * The key after a rotation to `version` at `nowMs`: automatic rotation, when enabled, is next due
 * one period after this rotation (AWS restarts the period on every rotation, on-demand included).
 */
export function afterRotation(key: KeyRecord, version: number, nowMs: number): KeyRecord {
  const rotated = { ...key, currentVersion: version };
  return key.rotationPeriodDays === undefined ? rotated : withRotationEnabled(rotated, key.rotationPeriodDays, nowMs);
}

/** The key scheduled for deletion `windowDays` from now (PendingDeletion, disabled). */
export function withDeletionScheduled(key: KeyRecord, windowDays: number, nowMs: number): KeyRecord {
  return { ...key, keyState: 'PendingDeletion', deletionDateMs: nowMs + windowDays * dayMs };
}

/**
 * The key after CancelKeyDeletion: Disabled (recorded, research §2), or PendingImport when it is
 * an imported-material key that has no material now.
 */
export function withDeletionCancelled(key: KeyRecord, hasMaterial: boolean): KeyRecord {
  const { deletionDateMs: _date, ...rest } = key;
  return { ...rest, keyState: key.origin === 'EXTERNAL' && !hasMaterial ? 'PendingImport' : 'Disabled' };
}

/**
 * The key once its current imported material is gone (expired or DeleteImportedKeyMaterial):
 * PendingImport unless it is pending deletion (that wins), and no ExpirationModel / ValidTo.
 */
export function withMaterialRemoved(key: KeyRecord): KeyRecord {
  const { expirationModel: _model, validToMs: _validTo, ...rest } = key;
  return { ...rest, keyState: key.keyState === 'PendingDeletion' ? 'PendingDeletion' : 'PendingImport' };
}

/** Which job of a key is due at `nowMs`, in the order the scheduler applies them. */
export type DueJob = 'DeleteKey' | 'DeleteExpiredKeyMaterial' | 'RotateKey';

export function dueJob(key: KeyRecord, nowMs: number): DueJob | undefined {
  if (key.keyState === 'PendingDeletion' && key.deletionDateMs !== undefined && key.deletionDateMs <= nowMs) return 'DeleteKey';
  if (key.validToMs !== undefined && key.validToMs <= nowMs) return 'DeleteExpiredKeyMaterial';
  // Automatic rotation waits while the key is disabled or pending deletion, and happens once it is
  // enabled again (Developer Guide, "How automatic key rotation works").
  if (key.nextRotationMs !== undefined && key.nextRotationMs <= nowMs && key.keyState === 'Enabled') return 'RotateKey';
  return undefined;
}
