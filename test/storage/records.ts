/**
 * Record factories for the storage tests: a complete, valid record with every field set, overridable
 * per test, so a test states only the fields it is about.
 */
import { randomUUID } from 'node:crypto';
import type { AccessKeyRecord, AliasRecord, KeyMaterialRecord, KeyRecord } from '../../src/domain/key/key-record.js';
import type { GrantRecord } from '../../src/domain/grant/grant-record.js';
import type { StsSessionRecord } from '../../src/domain/sts/session-record.js';

/** Two accounts and two regions, to prove scopes never leak into each other. */
export const accountA = '111122223333';
export const accountB = '444455556666';
export const regionA = 'eu-west-1';
export const regionB = 'us-east-1';

/** 2026-01-01T00:00:00.000Z plus a few ms, so no field is a suspiciously round number. */
export const t0Ms = 1_767_225_600_123;

/** A symmetric, enabled key in accountA/regionA at revision 1; `arn` follows the overridden scope/id. */
export function makeKey(overrides: Partial<KeyRecord> = {}): KeyRecord {
  const keyId = overrides.keyId ?? randomUUID();
  const accountId = overrides.accountId ?? accountA;
  const region = overrides.region ?? regionA;
  return {
    keyId,
    accountId,
    region,
    arn: `arn:aws:kms:${region}:${accountId}:key/${keyId}`,
    creationDateMs: t0Ms,
    description: 'test key',
    keyUsage: 'ENCRYPT_DECRYPT',
    keySpec: 'SYMMETRIC_DEFAULT',
    origin: 'AWS_KMS',
    keyManager: 'CUSTOMER',
    keyState: 'Enabled',
    multiRegion: false,
    policy: JSON.stringify({ Version: '2012-10-17', Statement: [] }),
    tags: [],
    currentVersion: 1,
    revision: 1,
    ...overrides,
  };
}

/**
 * Version 1 of `keyId`'s backing key. The default sealed bytes are every byte value 0–255 once, so a
 * backend that treats blobs as text (NUL-terminated, UTF-8 decoded) corrupts them visibly.
 */
export function makeMaterial(keyId: string, overrides: Partial<KeyMaterialRecord> = {}): KeyMaterialRecord {
  return {
    keyId,
    version: 1,
    materialId: 'ab'.repeat(32),
    sealed: Uint8Array.from({ length: 256 }, (_, i) => i),
    createdMs: t0Ms,
    ...overrides,
  };
}

/** An alias in accountA/regionA pointing at `targetKeyId`. */
export function makeAlias(aliasName: string, targetKeyId: string, overrides: Partial<AliasRecord> = {}): AliasRecord {
  return {
    accountId: accountA,
    region: regionA,
    aliasName,
    targetKeyId,
    creationDateMs: t0Ms,
    lastUpdatedDateMs: t0Ms,
    ...overrides,
  };
}

/** An access key of accountA's root principal. */
export function makeAccessKey(accessKeyId: string, overrides: Partial<AccessKeyRecord> = {}): AccessKeyRecord {
  return {
    accessKeyId,
    accountId: accountA,
    principalArn: `arn:aws:iam::${accountA}:root`,
    sealedSecret: Uint8Array.from([0, 1, 2, 250, 251, 252, 253, 254, 255]),
    createdMs: t0Ms,
    ...overrides,
  };
}

/** A key id that sorts where the test wants it (UUID-shaped, prefix `n` as 8 hex digits). */
export function orderedKeyId(n: number): string {
  return `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
}

/** A null-prototype context map, as both backends return constraint maps. */
export function context(pairs: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(pairs)) out[key] = value;
  return out;
}

/** A grant id that sorts where the test wants it (64 hex digits ending in `n`). */
export function orderedGrantId(n: number): string {
  return n.toString(16).padStart(64, '0');
}

/** A grant on `keyId` in accountA/regionA for a user of accountB, with every optional field set. */
export function makeGrant(keyId: string, overrides: Partial<GrantRecord> = {}): GrantRecord {
  return {
    grantId: orderedGrantId(1),
    keyId,
    accountId: accountA,
    region: regionA,
    name: 'billing-grant',
    granteePrincipal: `arn:aws:iam::${accountB}:user/bob`,
    retiringPrincipal: `arn:aws:iam::${accountA}:role/retirer`,
    operations: ['Encrypt', 'Decrypt'],
    constraints: { encryptionContextSubset: context({ team: 'billing', ['__proto__']: 'kept as data' }) },
    creationDateMs: t0Ms,
    ...overrides,
  };
}

/** A role session of accountA's role `app`, valid for an hour from t0. */
export function makeSession(accessKeyId: string, overrides: Partial<StsSessionRecord> = {}): StsSessionRecord {
  return {
    accessKeyId,
    accountId: accountA,
    principalArn: `arn:aws:sts::${accountA}:assumed-role/app/ci-run`,
    roleArn: `arn:aws:iam::${accountA}:role/app`,
    sessionName: 'ci-run',
    sealedSecret: Uint8Array.from([0, 9, 255, 128]),
    tokenHash: 'cd'.repeat(32),
    createdMs: t0Ms,
    expiresMs: t0Ms + 3_600_000,
    ...overrides,
  };
}
