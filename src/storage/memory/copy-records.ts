/**
 * Deep copies of the storage records, normalised exactly as the SQLite backend's row mapping would
 * return them, so the in-memory backend is indistinguishable from it in the conformance suite.
 *
 * Owns: the copy-in / copy-out rule of the memory backend (a caller mutating an object it passed or
 * received never changes what is stored). Must never: share an array or byte buffer with a caller.
 */
import type { AccessKeyRecord, AliasRecord, KeyMaterialRecord, KeyRecord } from '../../domain/key/key-record.js';
import type { GrantRecord } from '../../domain/grant/grant-record.js';

/**
 * A copy of a key. An absent `deletionDateMs` (or one set to undefined) comes back absent, and tags keep
 * only TagKey/TagValue: what the SQLite backend's NULL column and tag JSON give back.
 */
export function copyKey(key: KeyRecord): KeyRecord {
  const { tags, ...rest } = key;
  return { ...withoutUndefined(rest), tags: tags.map((t) => ({ TagKey: t.TagKey, TagValue: t.TagValue })) };
}

/** Optional fields set to undefined come back absent, as SQLite's NULL columns give them back. */
function withoutUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

/** A copy of a key-material record with its own sealed bytes, always a plain Uint8Array. */
export function copyMaterial(material: KeyMaterialRecord): KeyMaterialRecord {
  const { sealed, ...rest } = withoutUndefined(material);
  return sealed === undefined ? rest : { ...rest, sealed: new Uint8Array(sealed) };
}

/** A copy of an alias record (all scalar fields). */
export function copyAlias(alias: AliasRecord): AliasRecord {
  return { ...alias };
}

/** A copy of an access-key record with its own sealed secret, always a plain Uint8Array. */
export function copyAccessKey(accessKey: AccessKeyRecord): AccessKeyRecord {
  return { ...accessKey, sealedSecret: new Uint8Array(accessKey.sealedSecret) };
}

/** A null-prototype copy of a context map, as the SQLite backend reads one back. */
function copyContext(context: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(context)) out[key] = value;
  return out;
}

/** A copy of a grant with its own operations array and constraint maps. */
export function copyGrant(grant: GrantRecord): GrantRecord {
  const { constraints, operations, ...rest } = withoutUndefined(grant);
  const copy: GrantRecord = { ...rest, operations: [...operations] };
  if (constraints === undefined) return copy;
  const { encryptionContextEquals: equals, encryptionContextSubset: subset } = constraints;
  return {
    ...copy,
    constraints: {
      ...(equals !== undefined ? { encryptionContextEquals: copyContext(equals) } : {}),
      ...(subset !== undefined ? { encryptionContextSubset: copyContext(subset) } : {}),
    },
  };
}
