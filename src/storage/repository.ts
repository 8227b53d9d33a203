/**
 * The storage contract the service depends on. Every method is asynchronous so that a network
 * database (PostgreSQL, a later issue) implements the same interface without touching the service.
 *
 * Every method is atomic on its own: it either persists everything it was given or nothing. Changes
 * that must land together are one method (`createKey` writes the key and its first backing key). A
 * read-modify-write goes through `updateKey`/`updateAlias` with a revision or expected state, so a
 * lost update is reported instead of happening.
 *
 * Implementations: storage/sqlite (production), storage/memory (tests, with fault switches). Both
 * pass test/storage/conformance.ts. Implementations import only this file, domain/ and api/.
 */
import type { AccessKeyRecord, AliasRecord, KeyMaterialRecord, KeyRecord } from '../domain/key/key-record.js';
import type { GrantRecord } from '../domain/grant/grant-record.js';
import type { StsSessionRecord } from '../domain/sts/session-record.js';

/** Thrown by `updateKey` when the stored revision is not `key.revision - 1` (or the key is gone). */
export class ConcurrentUpdateError extends Error {
  override readonly name = 'ConcurrentUpdateError';
}

/** Thrown by `createAlias` when the (account, region, alias name) exists already. */
export class AliasExistsError extends Error {
  override readonly name = 'AliasExistsError';
}

/** A page request: at most `limit` items strictly after the `after` cursor (exclusive), in order. */
export interface PageRequest {
  readonly limit: number;
  readonly after?: string;
}

export interface Repository {
  /**
   * Stores a new key together with its first backing-key version, atomically. A key awaiting
   * imported material (Origin EXTERNAL, PendingImport) is created without one.
   */
  createKey(key: KeyRecord, material?: KeyMaterialRecord): Promise<void>;
  /** The key with this id in this (account, region), or undefined: keys are invisible across scopes. */
  getKey(accountId: string, region: string, keyId: string): Promise<KeyRecord | undefined>;
  /**
   * The key with this id in this region, whichever account holds it, or undefined. Only for the key
   * a symmetric ciphertext names: the blob holds the key id alone (crypto/ciphertext-blob.ts), and a
   * Decrypt across accounts must find the owning account before the key policy decides whether the
   * caller may see the key at all (service/key-resolver.ts).
   */
  getKeyInRegion(region: string, keyId: string): Promise<KeyRecord | undefined>;
  /**
   * Replaces the stored key with `key` when the stored revision equals `key.revision - 1`;
   * otherwise throws ConcurrentUpdateError and changes nothing.
   */
  updateKey(key: KeyRecord): Promise<void>;
  /** Keys of the scope ordered by keyId, at most `page.limit`, with keyId > `page.after`. */
  listKeys(accountId: string, region: string, page: PageRequest): Promise<KeyRecord[]>;
  /** One backing-key version of a key (keyIds are globally unique, so no scope is needed). */
  getKeyMaterial(keyId: string, version: number): Promise<KeyMaterialRecord | undefined>;
  /** Every backing-key version of a key, in version order (ListKeyRotations, imports). */
  listKeyMaterials(keyId: string): Promise<KeyMaterialRecord[]>;
  /**
   * `updateKey(key)` and, in the same transaction, stores `material` as version
   * `material.version` of the key: a new version (rotation, NEW_KEY_MATERIAL import) or a
   * replacement of an existing one (re-import; deletion of imported material = the record without
   * `sealed`). ConcurrentUpdateError, and nothing changed, when the key's revision moved on.
   */
  updateKeyAndMaterial(key: KeyRecord, material: KeyMaterialRecord): Promise<void>;
  /**
   * Destroys `key`, every backing-key version and grant of it and every alias of its scope pointing at it,
   * atomically, if the stored key is still at `key.revision` in that scope; returns false (and
   * deletes nothing) otherwise. The revision is the scheduler's claim: of several processes deleting
   * the same due key, exactly one gets true.
   */
  deleteKey(key: KeyRecord): Promise<boolean>;
  /**
   * Keys of every scope with a job due at `nowMs` (deletionDateMs, nextRotationMs or validToMs at or
   * before it), ordered by keyId, paged like listKeys. Whether the job may run (a disabled key
   * waits to rotate) is the scheduler's rule, not storage's.
   */
  listDueKeys(nowMs: number, page: PageRequest): Promise<KeyRecord[]>;

  /**
   * Stores `key` with its first backing-key version and `alias` pointing at it, in one transaction,
   * unless the alias name is already taken in the alias's scope: then nothing is stored and false
   * is returned. The AWS managed key behind a predefined alias (service/aws-managed-keys.ts): of two
   * processes creating it at once, the alias's unique constraint lets exactly one key exist.
   */
  createKeyWithAlias(key: KeyRecord, material: KeyMaterialRecord, alias: AliasRecord): Promise<boolean>;
  /** Stores a new alias; throws AliasExistsError if the name is taken in that scope. */
  createAlias(alias: AliasRecord): Promise<void>;
  getAlias(accountId: string, region: string, aliasName: string): Promise<AliasRecord | undefined>;
  /** Re-points an existing alias; returns false (and changes nothing) when it does not exist. */
  updateAlias(alias: AliasRecord): Promise<boolean>;
  /** Deletes an alias; returns false when it did not exist. */
  deleteAlias(accountId: string, region: string, aliasName: string): Promise<boolean>;
  /**
   * Aliases of the scope ordered by alias name, at most `page.limit`, name > `page.after`;
   * only those pointing at `targetKeyId` when it is given.
   */
  listAliases(accountId: string, region: string, page: PageRequest & { readonly targetKeyId?: string }): Promise<AliasRecord[]>;

  /**
   * Stores a new grant and returns it; except when `grant.idempotencyKey` is set and a grant of the
   * same key already has that key: then nothing is stored and that grant is returned (CreateGrant's
   * Name idempotency; a unique constraint decides between concurrent callers).
   */
  createGrant(grant: GrantRecord): Promise<GrantRecord>;
  /** The grant with this id (grant ids are globally unique), or undefined. */
  getGrant(grantId: string): Promise<GrantRecord | undefined>;
  /**
   * Grants of a key ordered by grantId, at most `page.limit`, grantId > `page.after`; only the
   * grant `grantId` and only those of `granteePrincipal` when given.
   */
  listGrants(keyId: string, page: PageRequest & { readonly grantId?: string; readonly granteePrincipal?: string }): Promise<GrantRecord[]>;
  /** Grants of the (account, region) whose retiring principal is `retiringPrincipal`, paged by grantId. */
  listRetirableGrants(accountId: string, region: string, retiringPrincipal: string, page: PageRequest): Promise<GrantRecord[]>;
  /** Deletes the grant `grantId` of key `keyId`; false when there is none. deleteKey deletes a key's grants too. */
  deleteGrant(keyId: string, grantId: string): Promise<boolean>;

  /** Stores a new STS role session; rejects (storing nothing) when its access key id exists. */
  createSession(session: StsSessionRecord): Promise<void>;
  /** The session with this temporary access key id, expired or not, or undefined. */
  getSession(accessKeyId: string): Promise<StsSessionRecord | undefined>;
  /**
   * Deletes the sessions that expired at or before `beforeMs`; returns how many. Idempotent, so
   * every process's scheduler runs it without a claim; one that deletes nothing leaves
   * `dataVersion` unchanged (it runs every few seconds and must not invalidate the caches).
   */
  deleteExpiredSessions(beforeMs: number): Promise<number>;

  /** Stores an access key; an existing id is left as it was and false is returned. */
  putAccessKey(accessKey: AccessKeyRecord): Promise<boolean>;
  getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined>;

  /**
   * Stores `accessKey` and records its id under the meta entry `metaName`, in one transaction, unless
   * that entry is already set: then nothing is stored. Returns the id the entry now holds (a crash
   * can never leave a stored key the entry does not name, issue 13 item 6).
   */
  createAccessKeyOnce(metaName: string, accessKey: AccessKeyRecord): Promise<string>;
  /**
   * In one transaction: when the meta entry `metaName` holds `expectedId`, stores `accessKey`, deletes
   * the access key `expectedId` (it stops authenticating at once) and points the entry at the new id;
   * otherwise changes nothing and returns false.
   */
  replaceAccessKey(metaName: string, expectedId: string, accessKey: AccessKeyRecord): Promise<boolean>;

  /** Small named values the server keeps about itself (e.g. the root-key check value). */
  getMeta(name: string): Promise<string | undefined>;
  /** Sets a named value only if it is unset; returns the value now stored. */
  putMetaIfAbsent(name: string, value: string): Promise<string>;
  /**
   * Adds `delta` (a safe integer) to an integer-valued meta entry (absent = 0) atomically, so two
   * processes adding at once both count; returns the new value (the dev clock's offset).
   */
  addToMeta(name: string, delta: number): Promise<number>;

  /**
   * The change counter caches are validated with (docs/workers.md): a number that grows whenever
   * a change to what this interface stores (keys, key material, aliases, grants, access keys, meta values)
   * is committed, by this connection or by any other process or node. Two calls return the same
   * number only if no such change was committed between them; it may also grow when nothing
   * changed (a cache then just re-reads). Called on every cached lookup, so cheap.
   */
  dataVersion(): Promise<number>;

  /** Releases the database; further calls reject. */
  close(): Promise<void>;
}
