/**
 * Row shapes of the SQLite tables and the two-way mapping between rows and domain records.
 *
 * Owns: how each record field is represented in a column (JSON for tags, 0/1 for booleans, NULL for an
 * absent optional field, BLOB for sealed bytes). Must never: interpret values (no state rules, no
 * defaults invented for missing data) or unseal anything; a record goes in and comes out unchanged.
 */
import type { Tag } from '../../api/generated/shapes.js';
import type {
  AccessKeyRecord,
  AliasRecord,
  KeyMaterialRecord,
  KeyRecord,
} from '../../domain/key/key-record.js';

/** A `keys` row, also the named bind parameters of the key insert/update statements. */
export interface KeyRow {
  key_id: string;
  account_id: string;
  region: string;
  arn: string;
  creation_date_ms: number;
  description: string;
  key_usage: string;
  key_spec: string;
  origin: string;
  key_manager: string;
  key_state: string;
  deletion_date_ms: number | null;
  multi_region: 0 | 1;
  policy: string;
  tags_json: string;
  current_version: number;
  revision: number;
  rotation_period_days: number | null;
  next_rotation_ms: number | null;
  expiration_model: string | null;
  valid_to_ms: number | null;
}

/** A `key_material` row. */
export interface KeyMaterialRow {
  key_id: string;
  version: number;
  material_id: string;
  sealed: Uint8Array | null;
  created_ms: number;
  rotation_type: string | null;
  rotation_date_ms: number | null;
  expiration_model: string | null;
  valid_to_ms: number | null;
  description: string | null;
}

/** An `aliases` row. */
export interface AliasRow {
  account_id: string;
  region: string;
  alias_name: string;
  target_key_id: string;
  creation_date_ms: number;
  last_updated_date_ms: number;
}

/** An `access_keys` row. */
export interface AccessKeyRow {
  access_key_id: string;
  account_id: string;
  principal_arn: string;
  sealed_secret: Uint8Array;
  created_ms: number;
}

/** Column list shared by every SELECT of `keys`, so the row shape is stated once. */
export const keyColumns =
  'key_id, account_id, region, arn, creation_date_ms, description, key_usage, key_spec, origin, ' +
  'key_manager, key_state, deletion_date_ms, multi_region, policy, tags_json, current_version, revision, ' +
  'rotation_period_days, next_rotation_ms, expiration_model, valid_to_ms';

/** Column list shared by every SELECT of `key_material`. */
export const materialColumns =
  'key_id, version, material_id, sealed, created_ms, rotation_type, rotation_date_ms, expiration_model, ' +
  'valid_to_ms, description';

/** KeyRecord → row. Tags keep their order; only TagKey/TagValue are kept, so extra props never leak in. */
export function keyToRow(key: KeyRecord): KeyRow {
  return {
    key_id: key.keyId,
    account_id: key.accountId,
    region: key.region,
    arn: key.arn,
    creation_date_ms: key.creationDateMs,
    description: key.description,
    key_usage: key.keyUsage,
    key_spec: key.keySpec,
    origin: key.origin,
    key_manager: key.keyManager,
    key_state: key.keyState,
    deletion_date_ms: key.deletionDateMs ?? null,
    multi_region: key.multiRegion ? 1 : 0,
    policy: key.policy,
    tags_json: JSON.stringify(key.tags.map((t) => ({ TagKey: t.TagKey, TagValue: t.TagValue }))),
    current_version: key.currentVersion,
    revision: key.revision,
    rotation_period_days: key.rotationPeriodDays ?? null,
    next_rotation_ms: key.nextRotationMs ?? null,
    expiration_model: key.expirationModel ?? null,
    valid_to_ms: key.validToMs ?? null,
  };
}

/** Row → KeyRecord. `deletionDateMs` is left out entirely when NULL, as it was when written. */
export function rowToKey(row: KeyRow): KeyRecord {
  const tags = JSON.parse(row.tags_json) as Tag[];
  return {
    keyId: row.key_id,
    accountId: row.account_id,
    region: row.region,
    arn: row.arn,
    creationDateMs: row.creation_date_ms,
    description: row.description,
    keyUsage: row.key_usage as KeyRecord['keyUsage'],
    keySpec: row.key_spec as KeyRecord['keySpec'],
    origin: row.origin as KeyRecord['origin'],
    keyManager: row.key_manager as KeyRecord['keyManager'],
    keyState: row.key_state as KeyRecord['keyState'],
    ...(row.deletion_date_ms === null ? {} : { deletionDateMs: row.deletion_date_ms }),
    multiRegion: row.multi_region === 1,
    policy: row.policy,
    tags,
    currentVersion: row.current_version,
    revision: row.revision,
    ...(row.rotation_period_days === null ? {} : { rotationPeriodDays: row.rotation_period_days }),
    ...(row.next_rotation_ms === null ? {} : { nextRotationMs: row.next_rotation_ms }),
    ...(row.expiration_model === null ? {} : { expirationModel: row.expiration_model as KeyRecord['expirationModel'] }),
    ...(row.valid_to_ms === null ? {} : { validToMs: row.valid_to_ms }),
  };
}

/** KeyMaterialRecord → row. */
export function materialToRow(material: KeyMaterialRecord): KeyMaterialRow {
  return {
    key_id: material.keyId,
    version: material.version,
    material_id: material.materialId,
    sealed: material.sealed === undefined ? null : toBindable(material.sealed),
    created_ms: material.createdMs,
    rotation_type: material.rotationType ?? null,
    rotation_date_ms: material.rotationDateMs ?? null,
    expiration_model: material.expirationModel ?? null,
    valid_to_ms: material.validToMs ?? null,
    description: material.description ?? null,
  };
}

/** Row → KeyMaterialRecord. */
export function rowToMaterial(row: KeyMaterialRow): KeyMaterialRecord {
  return {
    keyId: row.key_id,
    version: row.version,
    materialId: row.material_id,
    ...(row.sealed === null ? {} : { sealed: fromBlob(row.sealed) }),
    createdMs: row.created_ms,
    ...(row.rotation_type === null ? {} : { rotationType: row.rotation_type as KeyMaterialRecord['rotationType'] }),
    ...(row.rotation_date_ms === null ? {} : { rotationDateMs: row.rotation_date_ms }),
    ...(row.expiration_model === null ? {} : { expirationModel: row.expiration_model as KeyMaterialRecord['expirationModel'] }),
    ...(row.valid_to_ms === null ? {} : { validToMs: row.valid_to_ms }),
    ...(row.description === null ? {} : { description: row.description }),
  };
}

/** AliasRecord → row. */
export function aliasToRow(alias: AliasRecord): AliasRow {
  return {
    account_id: alias.accountId,
    region: alias.region,
    alias_name: alias.aliasName,
    target_key_id: alias.targetKeyId,
    creation_date_ms: alias.creationDateMs,
    last_updated_date_ms: alias.lastUpdatedDateMs,
  };
}

/** Row → AliasRecord. */
export function rowToAlias(row: AliasRow): AliasRecord {
  return {
    accountId: row.account_id,
    region: row.region,
    aliasName: row.alias_name,
    targetKeyId: row.target_key_id,
    creationDateMs: row.creation_date_ms,
    lastUpdatedDateMs: row.last_updated_date_ms,
  };
}

/** AccessKeyRecord → row. */
export function accessKeyToRow(accessKey: AccessKeyRecord): AccessKeyRow {
  return {
    access_key_id: accessKey.accessKeyId,
    account_id: accessKey.accountId,
    principal_arn: accessKey.principalArn,
    sealed_secret: toBindable(accessKey.sealedSecret),
    created_ms: accessKey.createdMs,
  };
}

/** Row → AccessKeyRecord. */
export function rowToAccessKey(row: AccessKeyRow): AccessKeyRecord {
  return {
    accessKeyId: row.access_key_id,
    accountId: row.account_id,
    principalArn: row.principal_arn,
    sealedSecret: fromBlob(row.sealed_secret),
    createdMs: row.created_ms,
  };
}

/**
 * A Buffer view over the caller's bytes (no copy; SQLite copies them while binding). Buffer is the
 * blob type better-sqlite3 documents, so we bind that rather than rely on Uint8Array being accepted.
 */
function toBindable(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * better-sqlite3 returns BLOBs as Buffers. Records promise a plain Uint8Array, and both backends must
 * return the same type (deepStrictEqual compares prototypes), so copy into a fresh Uint8Array of its
 * own: the copy also cannot alias a pooled buffer that holds someone else's sealed bytes.
 */
function fromBlob(blob: Uint8Array): Uint8Array {
  return new Uint8Array(blob);
}
