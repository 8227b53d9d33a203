/**
 * Every SQL statement the SQLite repository runs, prepared once per connection.
 *
 * Owns: the exact SQL of each repository operation (scoping, ordering, paging, conflict handling).
 * Must never: build SQL from values (everything is a bound parameter), or prepare per call: preparing
 * costs more than running a primary-key lookup, and getKey runs on every Encrypt.
 */
import type Database from 'better-sqlite3';
import { keyColumns, materialColumns } from './rows.js';
import type { AccessKeyRow, AliasRow, KeyMaterialRow, KeyRow } from './rows.js';

type Scope = [accountId: string, region: string];

const aliasColumns = 'account_id, region, alias_name, target_key_id, creation_date_ms, last_updated_date_ms';
const accessKeyColumns = 'access_key_id, account_id, principal_arn, sealed_secret, created_ms';

/** Prepares every statement of the repository on `db`. */
export function prepareStatements(db: Database.Database) {
  return {
    // DO NOTHING on a duplicate id lets the caller see `changes === 0` instead of parsing an error.
    insertKey: db.prepare<[KeyRow]>(
      `INSERT INTO keys (${keyColumns}) VALUES (@key_id, @account_id, @region, @arn, @creation_date_ms,
        @description, @key_usage, @key_spec, @origin, @key_manager, @key_state, @deletion_date_ms,
        @multi_region, @policy, @tags_json, @current_version, @revision, @rotation_period_days,
        @next_rotation_ms, @expiration_model, @valid_to_ms)
       ON CONFLICT (key_id) DO NOTHING`,
    ),
    insertMaterial: db.prepare<[KeyMaterialRow]>(
      `INSERT INTO key_material (${materialColumns})
       VALUES (@key_id, @version, @material_id, @sealed, @created_ms, @rotation_type, @rotation_date_ms,
         @expiration_model, @valid_to_ms, @description)`,
    ),
    // Replaces one version's row (re-import, deletion of imported material) or adds a new version.
    upsertMaterial: db.prepare<[KeyMaterialRow]>(
      `INSERT INTO key_material (${materialColumns})
       VALUES (@key_id, @version, @material_id, @sealed, @created_ms, @rotation_type, @rotation_date_ms,
         @expiration_model, @valid_to_ms, @description)
       ON CONFLICT (key_id, version) DO UPDATE SET material_id = excluded.material_id,
         sealed = excluded.sealed, created_ms = excluded.created_ms, rotation_type = excluded.rotation_type,
         rotation_date_ms = excluded.rotation_date_ms, expiration_model = excluded.expiration_model,
         valid_to_ms = excluded.valid_to_ms, description = excluded.description`,
    ),
    listMaterials: db.prepare<[keyId: string], KeyMaterialRow>(
      `SELECT ${materialColumns} FROM key_material WHERE key_id = ? ORDER BY version`,
    ),
    deleteMaterials: db.prepare<[keyId: string]>('DELETE FROM key_material WHERE key_id = ?'),
    deleteAliasesOfKey: db.prepare<[...Scope, targetKeyId: string]>(
      'DELETE FROM aliases WHERE account_id = ? AND region = ? AND target_key_id = ?',
    ),
    // The claim of a deletion job: only the revision the caller read is deleted, so of two
    // processes deleting the same key one deletes it and the other is told (changes = 0).
    deleteKey: db.prepare<[keyId: string, ...Scope, revision: number]>(
      'DELETE FROM keys WHERE key_id = ? AND account_id = ? AND region = ? AND revision = ?',
    ),
    // Each branch uses its partial index (keys_due_*); UNION removes a key due for two reasons twice.
    // `after` is '' for the first page: no key id is empty, so '' sorts before every one.
    listDueKeys: db.prepare<{ now: number; after: string; limit: number }, KeyRow>(
      `SELECT * FROM (
         SELECT ${keyColumns} FROM keys WHERE deletion_date_ms IS NOT NULL AND deletion_date_ms <= @now
         UNION SELECT ${keyColumns} FROM keys WHERE next_rotation_ms IS NOT NULL AND next_rotation_ms <= @now
         UNION SELECT ${keyColumns} FROM keys WHERE valid_to_ms IS NOT NULL AND valid_to_ms <= @now)
       WHERE key_id > @after ORDER BY key_id LIMIT @limit`,
    ),
    // The scope is part of the WHERE clause, not checked afterwards: a key of another account or region
    // is never even read into memory. key_id is the primary key, so this is one b-tree descent.
    getKey: db.prepare<[keyId: string, ...Scope], KeyRow>(
      `SELECT ${keyColumns} FROM keys WHERE key_id = ? AND account_id = ? AND region = ?`,
    ),
    // A ciphertext's key, whichever account holds it (Repository.getKeyInRegion): still one primary-key descent.
    getKeyInRegion: db.prepare<[keyId: string, region: string], KeyRow>(
      `SELECT ${keyColumns} FROM keys WHERE key_id = ? AND region = ?`,
    ),
    // Compare-and-set on revision; account and region are never rewritten (a key cannot change scope).
    updateKey: db.prepare<[KeyRow]>(
      `UPDATE keys SET arn = @arn, creation_date_ms = @creation_date_ms, description = @description,
         key_usage = @key_usage, key_spec = @key_spec, origin = @origin, key_manager = @key_manager,
         key_state = @key_state, deletion_date_ms = @deletion_date_ms, multi_region = @multi_region,
         policy = @policy, tags_json = @tags_json, current_version = @current_version, revision = @revision,
         rotation_period_days = @rotation_period_days, next_rotation_ms = @next_rotation_ms,
         expiration_model = @expiration_model, valid_to_ms = @valid_to_ms
       WHERE key_id = @key_id AND account_id = @account_id AND region = @region
         AND revision = @revision - 1`,
    ),
    // Two statements rather than `key_id > coalesce(?, '')`, so neither form depends on a sentinel.
    listKeys: db.prepare<[...Scope, limit: number], KeyRow>(
      `SELECT ${keyColumns} FROM keys WHERE account_id = ? AND region = ? ORDER BY key_id LIMIT ?`,
    ),
    listKeysAfter: db.prepare<[...Scope, after: string, limit: number], KeyRow>(
      `SELECT ${keyColumns} FROM keys WHERE account_id = ? AND region = ? AND key_id > ?
       ORDER BY key_id LIMIT ?`,
    ),
    getMaterial: db.prepare<[keyId: string, version: number], KeyMaterialRow>(
      `SELECT ${materialColumns} FROM key_material WHERE key_id = ? AND version = ?`,
    ),

    insertAlias: db.prepare<[AliasRow]>(
      `INSERT INTO aliases (${aliasColumns}) VALUES (@account_id, @region, @alias_name, @target_key_id,
        @creation_date_ms, @last_updated_date_ms)
       ON CONFLICT (account_id, region, alias_name) DO NOTHING`,
    ),
    getAlias: db.prepare<[...Scope, aliasName: string], AliasRow>(
      `SELECT ${aliasColumns} FROM aliases WHERE account_id = ? AND region = ? AND alias_name = ?`,
    ),
    // Re-pointing keeps the stored creation date: that is when the name was created, not this call.
    updateAlias: db.prepare<[AliasRow]>(
      `UPDATE aliases SET target_key_id = @target_key_id, last_updated_date_ms = @last_updated_date_ms
       WHERE account_id = @account_id AND region = @region AND alias_name = @alias_name`,
    ),
    deleteAlias: db.prepare<[...Scope, aliasName: string]>(
      'DELETE FROM aliases WHERE account_id = ? AND region = ? AND alias_name = ?',
    ),
    listAliases: db.prepare<[...Scope, limit: number], AliasRow>(
      `SELECT ${aliasColumns} FROM aliases WHERE account_id = ? AND region = ?
       ORDER BY alias_name LIMIT ?`,
    ),
    listAliasesAfter: db.prepare<[...Scope, after: string, limit: number], AliasRow>(
      `SELECT ${aliasColumns} FROM aliases WHERE account_id = ? AND region = ? AND alias_name > ?
       ORDER BY alias_name LIMIT ?`,
    ),
    listAliasesOfKey: db.prepare<[...Scope, targetKeyId: string, limit: number], AliasRow>(
      `SELECT ${aliasColumns} FROM aliases WHERE account_id = ? AND region = ? AND target_key_id = ?
       ORDER BY alias_name LIMIT ?`,
    ),
    listAliasesOfKeyAfter: db.prepare<[...Scope, targetKeyId: string, after: string, limit: number], AliasRow>(
      `SELECT ${aliasColumns} FROM aliases WHERE account_id = ? AND region = ? AND target_key_id = ?
         AND alias_name > ?
       ORDER BY alias_name LIMIT ?`,
    ),

    insertAccessKey: db.prepare<[AccessKeyRow]>(
      `INSERT INTO access_keys (${accessKeyColumns})
       VALUES (@access_key_id, @account_id, @principal_arn, @sealed_secret, @created_ms)
       ON CONFLICT (access_key_id) DO NOTHING`,
    ),
    getAccessKey: db.prepare<[accessKeyId: string], AccessKeyRow>(
      `SELECT ${accessKeyColumns} FROM access_keys WHERE access_key_id = ?`,
    ),

    deleteAccessKey: db.prepare<[accessKeyId: string]>('DELETE FROM access_keys WHERE access_key_id = ?'),
    // Bumped by triggers on every write to the cached tables (migration 3, change_counter).
    dataVersion: db.prepare<[], number>('SELECT n FROM change_counter WHERE id = 1').pluck(),

    getMeta: db.prepare<[name: string], { value: string }>('SELECT value FROM meta WHERE name = ?'),
    setMeta: db.prepare<[value: string, name: string]>('UPDATE meta SET value = ? WHERE name = ?'),
    insertMetaIfAbsent: db.prepare<[name: string, value: string]>(
      'INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING',
    ),
    // Integer arithmetic in SQL, so two processes adding at once both count (no read-then-write).
    addToMeta: db.prepare<[{ name: string; delta: number }]>(
      `INSERT INTO meta (name, value) VALUES (@name, CAST(CAST(@delta AS INTEGER) AS TEXT))
       ON CONFLICT (name) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + CAST(@delta AS INTEGER) AS TEXT)`,
    ),
  };
}

/** The prepared statements of one connection. */
export type Statements = ReturnType<typeof prepareStatements>;
