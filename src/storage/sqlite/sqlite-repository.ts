/**
 * The production Repository: one better-sqlite3 connection to a local SQLite file.
 *
 * Owns: turning each Repository call into one statement or one transaction, and the errors the
 * contract names (ConcurrentUpdateError, AliasExistsError). Must never: unseal, validate or interpret
 * what it stores (a record goes in and comes out field for field), hold a transaction open across an
 * `await` (better-sqlite3 is synchronous, so each method runs start to finish within one tick and
 * no other call can interleave), or import from service/.
 *
 * Methods are `async` only to honour the asynchronous contract: any synchronous throw becomes a
 * rejection, which is what callers of a network database would see too.
 */
import type Database from 'better-sqlite3';
import type { AccessKeyRecord, AliasRecord, KeyMaterialRecord, KeyRecord } from '../../domain/key/key-record.js';
import { AliasExistsError, ConcurrentUpdateError } from '../repository.js';
import type { PageRequest, Repository } from '../repository.js';
import { busyTimeoutMs, openDatabase } from './open-database.js';
import {
  accessKeyToRow,
  aliasToRow,
  keyToRow,
  materialToRow,
  rowToAccessKey,
  rowToAlias,
  rowToKey,
  rowToMaterial,
} from './rows.js';
import { prepareStatements } from './statements.js';
import { SqliteGrants } from './sqlite-grants.js';
import { SqliteSessions } from './sqlite-sessions.js';
import type { StsSessionRecord } from '../../domain/sts/session-record.js';
import type { GrantRecord } from '../../domain/grant/grant-record.js';
import type { Statements } from './statements.js';

export { StorageOpenError } from './open-database.js';

/** The connection settings actually in effect, read back from SQLite (for tests and start-up logs). */
export interface SqliteSettings {
  readonly path: string;
  readonly schemaVersion: number;
  /** `wal` */
  readonly journalMode: string;
  /** SQLite's number: 2 = FULL. */
  readonly synchronous: number;
  readonly foreignKeys: boolean;
  readonly busyTimeoutMs: number;
}

/**
 * Opens (creating and migrating if needed) the SQLite database at `path`. Throws StorageOpenError, with
 * a one-line message, when the folder is missing or unwritable, the file is not a database, or the
 * schema is newer than this code.
 */
export function openSqliteRepository(path: string): SqliteRepository {
  const { db, schemaVersion } = openDatabase(path);
  // 8 MiB of page cache instead of the build's 16 MiB: the validated record cache in front
  // (caching-repository.ts) answers repeated lookups, so SQLite's own cache mostly serves misses
  // (issue 16's memory goal, ≤ 150 MB per worker with 100,000 keys).
  db.pragma('cache_size = -8192');
  return new SqliteRepository(db, path, schemaVersion);
}

/** Repository over SQLite. Construct with openSqliteRepository, which configures and migrates first. */
export class SqliteRepository implements Repository {
  private readonly sql: Statements;
  private readonly grants: SqliteGrants;
  private readonly sessions: SqliteSessions;
  private closed = false;
  // Built once: better-sqlite3's transaction() wrapper is itself worth reusing.
  private readonly insertKeyWithMaterial: Database.Transaction<(key: KeyRecord, material: KeyMaterialRecord | undefined) => void>;
  private readonly insertKeyWithAlias: Database.Transaction<(key: KeyRecord, material: KeyMaterialRecord, alias: AliasRecord) => boolean>;
  private readonly insertMetaThenRead: Database.Transaction<(name: string, value: string) => string>;
  private readonly updateWithMaterial: Database.Transaction<(key: KeyRecord, material: KeyMaterialRecord) => void>;
  private readonly deleteKeyAndAll: Database.Transaction<(key: KeyRecord) => boolean>;
  private readonly addThenRead: Database.Transaction<(name: string, delta: number) => number>;
  private readonly insertAccessKeyOnce: Database.Transaction<(metaName: string, accessKey: AccessKeyRecord) => string>;
  private readonly swapAccessKey: Database.Transaction<(metaName: string, expectedId: string, accessKey: AccessKeyRecord) => boolean>;

  /** Use openSqliteRepository; this expects a connection that openDatabase configured. */
  constructor(
    private readonly db: Database.Database,
    readonly path: string,
    readonly schemaVersion: number,
  ) {
    this.sql = prepareStatements(db);
    this.grants = new SqliteGrants(db);
    this.sessions = new SqliteSessions(db);
    this.insertKeyWithMaterial = db.transaction((key: KeyRecord, material: KeyMaterialRecord | undefined) => {
      if (this.sql.insertKey.run(keyToRow(key)).changes === 0) throw keyExists(key.keyId);
      if (material !== undefined) this.sql.insertMaterial.run(materialToRow(material));
    });
    this.insertKeyWithAlias = db.transaction((key: KeyRecord, material: KeyMaterialRecord, alias: AliasRecord) => {
      // The alias first: when it exists (another process won), nothing at all is written.
      if (this.sql.insertAlias.run(aliasToRow(alias)).changes === 0) return false;
      if (this.sql.insertKey.run(keyToRow(key)).changes === 0) throw keyExists(key.keyId);
      this.sql.insertMaterial.run(materialToRow(material));
      return true;
    });
    this.updateWithMaterial = db.transaction((key: KeyRecord, material: KeyMaterialRecord) => {
      if (this.sql.updateKey.run(keyToRow(key)).changes === 0) throw staleRevision(key);
      this.sql.upsertMaterial.run(materialToRow(material));
    });
    this.deleteKeyAndAll = db.transaction((key: KeyRecord) => {
      // Materials reference the key row (foreign key), so they go first; the key delete is the
      // claim, and throwing rolls the material and alias deletes back when it claims nothing.
      this.sql.deleteMaterials.run(key.keyId);
      this.sql.deleteAliasesOfKey.run(key.accountId, key.region, key.keyId);
      this.grants.deleteOfKey(key.keyId);
      if (this.sql.deleteKey.run(key.keyId, key.accountId, key.region, key.revision).changes === 0) throw notClaimed;
      return true;
    });
    this.addThenRead = db.transaction((name: string, delta: number) => {
      this.sql.addToMeta.run({ name, delta });
      return Number(this.sql.getMeta.get(name)?.value);
    });
    this.insertMetaThenRead = db.transaction((name: string, value: string) => {
      this.sql.insertMetaIfAbsent.run(name, value);
      return this.sql.getMeta.get(name)?.value ?? value;
    });
    this.insertAccessKeyOnce = db.transaction((metaName: string, accessKey: AccessKeyRecord) => {
      const existing = this.sql.getMeta.get(metaName)?.value;
      if (existing !== undefined) return existing;
      if (this.sql.insertAccessKey.run(accessKeyToRow(accessKey)).changes === 0) throw new Error('access key id already stored');
      this.sql.insertMetaIfAbsent.run(metaName, accessKey.accessKeyId);
      return accessKey.accessKeyId;
    });
    this.swapAccessKey = db.transaction((metaName: string, expectedId: string, accessKey: AccessKeyRecord) => {
      if (this.sql.getMeta.get(metaName)?.value !== expectedId) return false;
      if (this.sql.insertAccessKey.run(accessKeyToRow(accessKey)).changes === 0) throw new Error('access key id already stored');
      this.sql.deleteAccessKey.run(expectedId);
      this.sql.setMeta.run(accessKey.accessKeyId, metaName);
      return true;
    });
  }

  /** See Repository.createKey. A duplicate key id rejects and leaves the stored key as it was. */
  async createKey(key: KeyRecord, material?: KeyMaterialRecord): Promise<void> {
    this.checkOpen();
    if (material !== undefined && material.keyId !== key.keyId) throw materialMismatch(key.keyId, material.keyId);
    // IMMEDIATE: take the write lock up front, so a second process cannot make this transaction fail
    // with SQLITE_BUSY halfway (a deferred read-then-write upgrade skips the busy timeout).
    this.insertKeyWithMaterial.immediate(key, material);
  }

  /** See Repository.getKey: one prepared primary-key lookup (the Encrypt hot path). */
  async getKey(accountId: string, region: string, keyId: string): Promise<KeyRecord | undefined> {
    this.checkOpen();
    const row = this.sql.getKey.get(keyId, accountId, region);
    return row === undefined ? undefined : rowToKey(row);
  }

  /** See Repository.getKeyInRegion. */
  async getKeyInRegion(region: string, keyId: string): Promise<KeyRecord | undefined> {
    this.checkOpen();
    const row = this.sql.getKeyInRegion.get(keyId, region);
    return row === undefined ? undefined : rowToKey(row);
  }

  /** See Repository.updateKey: a single compare-and-set UPDATE on (key id, scope, revision - 1). */
  async updateKey(key: KeyRecord): Promise<void> {
    this.checkOpen();
    if (this.sql.updateKey.run(keyToRow(key)).changes === 0) throw staleRevision(key);
  }

  /** See Repository.listKeys. */
  async listKeys(accountId: string, region: string, page: PageRequest): Promise<KeyRecord[]> {
    this.checkOpen();
    const limit = checkedLimit(page.limit);
    const rows = page.after === undefined
      ? this.sql.listKeys.all(accountId, region, limit)
      : this.sql.listKeysAfter.all(accountId, region, page.after, limit);
    return rows.map(rowToKey);
  }

  /** See Repository.getKeyMaterial. */
  async getKeyMaterial(keyId: string, version: number): Promise<KeyMaterialRecord | undefined> {
    this.checkOpen();
    const row = this.sql.getMaterial.get(keyId, version);
    return row === undefined ? undefined : rowToMaterial(row);
  }

  /** See Repository.listKeyMaterials. */
  async listKeyMaterials(keyId: string): Promise<KeyMaterialRecord[]> {
    this.checkOpen();
    return this.sql.listMaterials.all(keyId).map(rowToMaterial);
  }

  /** See Repository.updateKeyAndMaterial: CAS on the key and the material upsert, one transaction. */
  async updateKeyAndMaterial(key: KeyRecord, material: KeyMaterialRecord): Promise<void> {
    this.checkOpen();
    if (material.keyId !== key.keyId) throw materialMismatch(key.keyId, material.keyId);
    this.updateWithMaterial.immediate(key, material);
  }

  /** See Repository.deleteKey. */
  async deleteKey(key: KeyRecord): Promise<boolean> {
    this.checkOpen();
    try {
      return this.deleteKeyAndAll.immediate(key);
    } catch (error) {
      if (error === notClaimed) return false;
      throw error;
    }
  }

  /** See Repository.listDueKeys. */
  async listDueKeys(nowMs: number, page: PageRequest): Promise<KeyRecord[]> {
    this.checkOpen();
    return this.sql.listDueKeys.all({ now: nowMs, after: page.after ?? '', limit: checkedLimit(page.limit) }).map(rowToKey);
  }

  /** See Repository.createKeyWithAlias: IMMEDIATE, so the alias check and the inserts hold the write lock together. */
  async createKeyWithAlias(key: KeyRecord, material: KeyMaterialRecord, alias: AliasRecord): Promise<boolean> {
    this.checkOpen();
    if (material.keyId !== key.keyId) throw materialMismatch(key.keyId, material.keyId);
    if (alias.targetKeyId !== key.keyId) throw new Error(`alias ${alias.aliasName} must point at key ${key.keyId}`);
    return this.insertKeyWithAlias.immediate(key, material, alias);
  }

  /** See Repository.createAlias. */
  async createAlias(alias: AliasRecord): Promise<void> {
    this.checkOpen();
    if (this.sql.insertAlias.run(aliasToRow(alias)).changes === 0) throw aliasExists(alias);
  }

  /** See Repository.getAlias. */
  async getAlias(accountId: string, region: string, aliasName: string): Promise<AliasRecord | undefined> {
    this.checkOpen();
    const row = this.sql.getAlias.get(accountId, region, aliasName);
    return row === undefined ? undefined : rowToAlias(row);
  }

  /** See Repository.updateAlias. Changes the target and last-updated date; the creation date stays. */
  async updateAlias(alias: AliasRecord): Promise<boolean> {
    this.checkOpen();
    return this.sql.updateAlias.run(aliasToRow(alias)).changes > 0;
  }

  /** See Repository.deleteAlias. */
  async deleteAlias(accountId: string, region: string, aliasName: string): Promise<boolean> {
    this.checkOpen();
    return this.sql.deleteAlias.run(accountId, region, aliasName).changes > 0;
  }

  /** See Repository.listAliases. */
  async listAliases(
    accountId: string,
    region: string,
    page: PageRequest & { readonly targetKeyId?: string },
  ): Promise<AliasRecord[]> {
    this.checkOpen();
    const limit = checkedLimit(page.limit);
    const { after, targetKeyId } = page;
    const rows = targetKeyId === undefined
      ? after === undefined
        ? this.sql.listAliases.all(accountId, region, limit)
        : this.sql.listAliasesAfter.all(accountId, region, after, limit)
      : after === undefined
        ? this.sql.listAliasesOfKey.all(accountId, region, targetKeyId, limit)
        : this.sql.listAliasesOfKeyAfter.all(accountId, region, targetKeyId, after, limit);
    return rows.map(rowToAlias);
  }

  /** See Repository.createGrant. */
  async createGrant(grant: GrantRecord): Promise<GrantRecord> {
    this.checkOpen();
    return this.grants.create(grant);
  }

  /** See Repository.getGrant. */
  async getGrant(grantId: string): Promise<GrantRecord | undefined> {
    this.checkOpen();
    return this.grants.get(grantId);
  }

  /** See Repository.listGrants. */
  async listGrants(keyId: string, page: PageRequest & { readonly grantId?: string; readonly granteePrincipal?: string }): Promise<GrantRecord[]> {
    this.checkOpen();
    return this.grants.list(keyId, page, checkedLimit(page.limit));
  }

  /** See Repository.listRetirableGrants. */
  async listRetirableGrants(accountId: string, region: string, retiringPrincipal: string, page: PageRequest): Promise<GrantRecord[]> {
    this.checkOpen();
    return this.grants.listRetirable(accountId, region, retiringPrincipal, page, checkedLimit(page.limit));
  }

  /** See Repository.deleteGrant. */
  async deleteGrant(keyId: string, grantId: string): Promise<boolean> {
    this.checkOpen();
    return this.grants.delete(keyId, grantId);
  }

  /** See Repository.createSession. */
  async createSession(session: StsSessionRecord): Promise<void> {
    this.checkOpen();
    this.sessions.create(session);
  }

  /** See Repository.getSession. */
  async getSession(accessKeyId: string): Promise<StsSessionRecord | undefined> {
    this.checkOpen();
    return this.sessions.get(accessKeyId);
  }

  /** See Repository.deleteExpiredSessions. */
  async deleteExpiredSessions(beforeMs: number): Promise<number> {
    this.checkOpen();
    return this.sessions.deleteExpired(beforeMs);
  }

  /** See Repository.putAccessKey. */
  async putAccessKey(accessKey: AccessKeyRecord): Promise<boolean> {
    this.checkOpen();
    return this.sql.insertAccessKey.run(accessKeyToRow(accessKey)).changes > 0;
  }

  /** See Repository.getAccessKey. */
  async getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    this.checkOpen();
    const row = this.sql.getAccessKey.get(accessKeyId);
    return row === undefined ? undefined : rowToAccessKey(row);
  }

  /** See Repository.createAccessKeyOnce: read, insert and record under one write lock. */
  async createAccessKeyOnce(metaName: string, accessKey: AccessKeyRecord): Promise<string> {
    this.checkOpen();
    return this.insertAccessKeyOnce.immediate(metaName, accessKey);
  }

  /** See Repository.replaceAccessKey: compare, insert, delete and repoint under one write lock. */
  async replaceAccessKey(metaName: string, expectedId: string, accessKey: AccessKeyRecord): Promise<boolean> {
    this.checkOpen();
    return this.swapAccessKey.immediate(metaName, expectedId, accessKey);
  }

  /** See Repository.getMeta. */
  async getMeta(name: string): Promise<string | undefined> {
    this.checkOpen();
    return this.sql.getMeta.get(name)?.value;
  }

  /** See Repository.putMetaIfAbsent: insert-if-absent and read back under one write lock. */
  async putMetaIfAbsent(name: string, value: string): Promise<string> {
    this.checkOpen();
    return this.insertMetaThenRead.immediate(name, value);
  }

  /** See Repository.addToMeta: the addition happens in SQL, under the write lock. */
  async addToMeta(name: string, delta: number): Promise<number> {
    this.checkOpen();
    if (!Number.isSafeInteger(delta)) throw new RangeError(`meta delta must be a safe integer, got ${delta}`);
    return this.addThenRead.immediate(name, delta);
  }

  /**
   * See Repository.dataVersion: the `change_counter` row, which triggers bump in the transaction of
   * every write to keys, key material, aliases, grants, access keys and meta, whoever writes (migrations 3, 5).
   * Each read is its own read transaction, so it sees every commit that finished before the call.
   * Not `PRAGMA data_version`: that also moves for the audit trail's commits (one per request),
   * which would empty every cache all the time.
   */
  async dataVersion(): Promise<number> {
    this.checkOpen();
    return this.sql.dataVersion.get() as number;
  }

  /** See Repository.close. Closing twice is harmless; SQLite checkpoints the WAL on the last close. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  /** The settings in effect on this connection, read back from SQLite rather than assumed. */
  settings(): SqliteSettings {
    this.checkOpen();
    return {
      path: this.path,
      schemaVersion: this.schemaVersion,
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.db.pragma('synchronous', { simple: true })),
      foreignKeys: Number(this.db.pragma('foreign_keys', { simple: true })) === 1,
      busyTimeoutMs: Number(this.db.pragma('busy_timeout', { simple: true }) ?? busyTimeoutMs),
    };
  }

  private checkOpen(): void {
    if (this.closed) throw new Error(`repository ${this.path} is closed`);
  }
}

/**
 * SQLite reads a negative LIMIT as "no limit" and rejects a fraction with "datatype mismatch"; both
 * are caller bugs, so say so plainly rather than return everything or a puzzling driver error.
 */
function checkedLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`page limit must be a whole number >= 0, got ${limit}`);
  return limit;
}

/** Thrown inside deleteKeyAndAll to roll it back when the key was not at the expected revision. */
const notClaimed = new Error('key not at the expected revision');

function keyExists(keyId: string): Error {
  return new Error(`key ${keyId} already exists`);
}

function materialMismatch(keyId: string, materialKeyId: string): Error {
  return new Error(`key material for ${materialKeyId} cannot be stored with key ${keyId}`);
}

function staleRevision(key: KeyRecord): ConcurrentUpdateError {
  return new ConcurrentUpdateError(
    `key ${key.keyId} in ${key.accountId}/${key.region} was not at revision ${key.revision - 1} ` +
      '(changed concurrently, or gone)',
  );
}

function aliasExists(alias: AliasRecord): AliasExistsError {
  return new AliasExistsError(`alias ${alias.aliasName} already exists in ${alias.accountId}/${alias.region}`);
}
