/**
 * An in-memory Repository for tests, with switches that make the next read or write fail.
 *
 * Owns: Maps of deep-copied records and the fault switches. Must never: be used by a running server
 * (nothing survives the process), hand out or keep a reference a caller also holds (see
 * copy-records.ts), or half-apply a write: every check, including an armed fault, happens before
 * the first Map is touched, so a rejected call has changed nothing, as with SQLite's transactions.
 *
 * Ordering and paging follow the SQLite backend exactly: names compare as UTF-8 bytes, which is
 * SQLite's default BINARY collation (JavaScript's `<` compares UTF-16 units, which differs above U+FFFF).
 */
import type { AccessKeyRecord, AliasRecord, KeyMaterialRecord, KeyRecord } from '../../domain/key/key-record.js';
import { AliasExistsError, ConcurrentUpdateError } from '../repository.js';
import type { PageRequest, Repository } from '../repository.js';
import { copyAccessKey, copyAlias, copyGrant, copyKey, copyMaterial } from './copy-records.js';
import type { GrantRecord } from '../../domain/grant/grant-record.js';
import type { StsSessionRecord } from '../../domain/sts/session-record.js';

/** The error an armed fault switch rejects with when the test did not supply its own. */
export class InjectedStorageFault extends Error {
  override readonly name = 'InjectedStorageFault';
}

/** Repository methods that change state; an armed write fault applies to these. */
const writeMethods = [
  'createKey', 'createKeyWithAlias', 'updateKey', 'createAlias', 'updateAlias', 'deleteAlias', 'putAccessKey', 'putMetaIfAbsent',
  'updateKeyAndMaterial', 'deleteKey', 'addToMeta',
  'createAccessKeyOnce', 'replaceAccessKey', 'createGrant', 'deleteGrant',
  'createSession', 'deleteExpiredSessions',
] as const;
type WriteMethod = (typeof writeMethods)[number];
type ReadMethod = Exclude<keyof Repository, WriteMethod | 'close' | 'dataVersion'>;

/** Repository in process memory; see the module comment. */
export class MemoryRepository implements Repository {
  private readonly keys = new Map<string, KeyRecord>();
  private readonly materials = new Map<string, KeyMaterialRecord>();
  private readonly aliases = new Map<string, AliasRecord>();
  private readonly accessKeys = new Map<string, AccessKeyRecord>();
  private readonly grants = new Map<string, GrantRecord>();
  private readonly sessions = new Map<string, StsSessionRecord>();
  private readonly meta = new Map<string, string>();
  private readonly calls = new Map<keyof Repository, number>();
  private closed = false;
  /** dataVersion(): bumped by every write call that gets past its fault switches. */
  private version = 0;
  private nextWriteFault: Error | undefined;
  private nextReadFault: Error | undefined;
  private writesBeforeFault: { remaining: number; error: Error } | undefined;

  /** The next write method call rejects with `error` and changes nothing; later ones work again. */
  failNextWrite(error: Error = new InjectedStorageFault('injected fault: write failed')): void {
    this.nextWriteFault = error;
  }

  /** The next `count` write calls go through; every one after that rejects until clearFaults(). */
  failWritesAfter(count: number, error: Error = new InjectedStorageFault('injected fault: writes failing')): void {
    this.writesBeforeFault = { remaining: count, error };
  }

  /** The next read method call rejects with `error`; later ones work again. */
  failNextRead(error: Error = new InjectedStorageFault('injected fault: read failed')): void {
    this.nextReadFault = error;
  }

  /** Disarms every fault switch. */
  clearFaults(): void {
    this.nextWriteFault = undefined;
    this.nextReadFault = undefined;
    this.writesBeforeFault = undefined;
  }

  /** How many times `method` was called (including calls that rejected): for cache tests. */
  callCount(method: keyof Repository): number {
    return this.calls.get(method) ?? 0;
  }

  /** See Repository.createKey. */
  async createKey(key: KeyRecord, material?: KeyMaterialRecord): Promise<void> {
    this.beginWrite('createKey');
    if (material !== undefined && material.keyId !== key.keyId) {
      throw new Error(`key material for ${material.keyId} cannot be stored with key ${key.keyId}`);
    }
    if (this.keys.has(key.keyId)) throw new Error(`key ${key.keyId} already exists`);
    this.keys.set(key.keyId, copyKey(key));
    if (material !== undefined) this.materials.set(materialId(material.keyId, material.version), copyMaterial(material));
  }

  /** See Repository.getKey. */
  async getKey(accountId: string, region: string, keyId: string): Promise<KeyRecord | undefined> {
    this.beginRead('getKey');
    const key = this.keys.get(keyId);
    return key !== undefined && inScope(key, accountId, region) ? copyKey(key) : undefined;
  }

  /** See Repository.getKeyInRegion. */
  async getKeyInRegion(region: string, keyId: string): Promise<KeyRecord | undefined> {
    this.beginRead('getKeyInRegion');
    const key = this.keys.get(keyId);
    return key !== undefined && key.region === region ? copyKey(key) : undefined;
  }

  /** See Repository.updateKey. */
  async updateKey(key: KeyRecord): Promise<void> {
    this.beginWrite('updateKey');
    this.checkRevision(key);
    this.keys.set(key.keyId, copyKey(key));
  }

  /** See Repository.updateKeyAndMaterial: every check before either Map is touched. */
  async updateKeyAndMaterial(key: KeyRecord, material: KeyMaterialRecord): Promise<void> {
    this.beginWrite('updateKeyAndMaterial');
    if (material.keyId !== key.keyId) {
      throw new Error(`key material for ${material.keyId} cannot be stored with key ${key.keyId}`);
    }
    this.checkRevision(key);
    this.keys.set(key.keyId, copyKey(key));
    this.materials.set(materialId(material.keyId, material.version), copyMaterial(material));
  }

  /** See Repository.deleteKey. */
  async deleteKey(key: KeyRecord): Promise<boolean> {
    this.beginWrite('deleteKey');
    const stored = this.keys.get(key.keyId);
    if (stored === undefined || !inScope(stored, key.accountId, key.region) || stored.revision !== key.revision) return false;
    this.keys.delete(key.keyId);
    for (const [id, material] of this.materials) if (material.keyId === key.keyId) this.materials.delete(id);
    for (const [id, alias] of this.aliases) {
      if (alias.targetKeyId === key.keyId && inScope(alias, key.accountId, key.region)) this.aliases.delete(id);
    }
    for (const [id, grant] of this.grants) if (grant.keyId === key.keyId) this.grants.delete(id);
    return true;
  }

  /** See Repository.listDueKeys. */
  async listDueKeys(nowMs: number, page: PageRequest): Promise<KeyRecord[]> {
    this.beginRead('listDueKeys');
    const due = (ms: number | undefined) => ms !== undefined && ms <= nowMs;
    const keys = [...this.keys.values()].filter((k) => due(k.deletionDateMs) || due(k.nextRotationMs) || due(k.validToMs));
    return takePage(keys, (k) => k.keyId, page).map(copyKey);
  }

  /** See Repository.listKeyMaterials. */
  async listKeyMaterials(keyId: string): Promise<KeyMaterialRecord[]> {
    this.beginRead('listKeyMaterials');
    return [...this.materials.values()]
      .filter((m) => m.keyId === keyId)
      .sort((a, b) => a.version - b.version)
      .map(copyMaterial);
  }

  private checkRevision(key: KeyRecord): void {
    const stored = this.keys.get(key.keyId);
    if (stored === undefined || !inScope(stored, key.accountId, key.region) || stored.revision !== key.revision - 1) {
      throw new ConcurrentUpdateError(
        `key ${key.keyId} in ${key.accountId}/${key.region} was not at revision ${key.revision - 1} ` +
          '(changed concurrently, or gone)',
      );
    }
  }

  /** See Repository.listKeys. */
  async listKeys(accountId: string, region: string, page: PageRequest): Promise<KeyRecord[]> {
    this.beginRead('listKeys');
    const scoped = [...this.keys.values()].filter((k) => inScope(k, accountId, region));
    return takePage(scoped, (k) => k.keyId, page).map(copyKey);
  }

  /** See Repository.getKeyMaterial. */
  async getKeyMaterial(keyId: string, version: number): Promise<KeyMaterialRecord | undefined> {
    this.beginRead('getKeyMaterial');
    const material = this.materials.get(materialId(keyId, version));
    return material === undefined ? undefined : copyMaterial(material);
  }

  /** See Repository.createKeyWithAlias. */
  async createKeyWithAlias(key: KeyRecord, material: KeyMaterialRecord, alias: AliasRecord): Promise<boolean> {
    this.beginWrite('createKeyWithAlias');
    if (material.keyId !== key.keyId || alias.targetKeyId !== key.keyId) {
      throw new Error(`key material and alias must belong to key ${key.keyId}`);
    }
    if (this.keys.has(key.keyId)) throw new Error(`key ${key.keyId} already exists`);
    const id = aliasId(alias.accountId, alias.region, alias.aliasName);
    if (this.aliases.has(id)) return false;
    this.keys.set(key.keyId, copyKey(key));
    this.materials.set(materialId(material.keyId, material.version), copyMaterial(material));
    this.aliases.set(id, copyAlias(alias));
    return true;
  }

  /** See Repository.createAlias. */
  async createAlias(alias: AliasRecord): Promise<void> {
    this.beginWrite('createAlias');
    const id = aliasId(alias.accountId, alias.region, alias.aliasName);
    if (this.aliases.has(id)) {
      throw new AliasExistsError(`alias ${alias.aliasName} already exists in ${alias.accountId}/${alias.region}`);
    }
    this.aliases.set(id, copyAlias(alias));
  }

  /** See Repository.getAlias. */
  async getAlias(accountId: string, region: string, aliasName: string): Promise<AliasRecord | undefined> {
    this.beginRead('getAlias');
    const alias = this.aliases.get(aliasId(accountId, region, aliasName));
    return alias === undefined ? undefined : copyAlias(alias);
  }

  /** See Repository.updateAlias. Changes the target and last-updated date; the creation date stays. */
  async updateAlias(alias: AliasRecord): Promise<boolean> {
    this.beginWrite('updateAlias');
    const id = aliasId(alias.accountId, alias.region, alias.aliasName);
    const stored = this.aliases.get(id);
    if (stored === undefined) return false;
    this.aliases.set(id, { ...stored, targetKeyId: alias.targetKeyId, lastUpdatedDateMs: alias.lastUpdatedDateMs });
    return true;
  }

  /** See Repository.deleteAlias. */
  async deleteAlias(accountId: string, region: string, aliasName: string): Promise<boolean> {
    this.beginWrite('deleteAlias');
    return this.aliases.delete(aliasId(accountId, region, aliasName));
  }

  /** See Repository.listAliases. */
  async listAliases(
    accountId: string,
    region: string,
    page: PageRequest & { readonly targetKeyId?: string },
  ): Promise<AliasRecord[]> {
    this.beginRead('listAliases');
    const scoped = [...this.aliases.values()].filter(
      (a) => inScope(a, accountId, region) && (page.targetKeyId === undefined || a.targetKeyId === page.targetKeyId),
    );
    return takePage(scoped, (a) => a.aliasName, page).map(copyAlias);
  }

  /** See Repository.createGrant: the named grant of the same key and parameters wins, as SQLite's unique index decides. */
  async createGrant(grant: GrantRecord): Promise<GrantRecord> {
    this.beginWrite('createGrant');
    if (grant.idempotencyKey !== undefined) {
      for (const stored of this.grants.values()) {
        if (stored.keyId === grant.keyId && stored.idempotencyKey === grant.idempotencyKey) return copyGrant(stored);
      }
    }
    if (this.grants.has(grant.grantId)) throw new Error(`grant ${grant.grantId} already exists`);
    this.grants.set(grant.grantId, copyGrant(grant));
    return copyGrant(grant);
  }

  /** See Repository.getGrant. */
  async getGrant(grantId: string): Promise<GrantRecord | undefined> {
    this.beginRead('getGrant');
    const grant = this.grants.get(grantId);
    return grant === undefined ? undefined : copyGrant(grant);
  }

  /** See Repository.listGrants. */
  async listGrants(keyId: string, page: PageRequest & { readonly grantId?: string; readonly granteePrincipal?: string }): Promise<GrantRecord[]> {
    this.beginRead('listGrants');
    const matching = [...this.grants.values()].filter((g) => g.keyId === keyId
      && (page.grantId === undefined || g.grantId === page.grantId)
      && (page.granteePrincipal === undefined || g.granteePrincipal === page.granteePrincipal));
    return takePage(matching, (g) => g.grantId, page).map(copyGrant);
  }

  /** See Repository.listRetirableGrants. */
  async listRetirableGrants(accountId: string, region: string, retiringPrincipal: string, page: PageRequest): Promise<GrantRecord[]> {
    this.beginRead('listRetirableGrants');
    const matching = [...this.grants.values()].filter((g) => inScope(g, accountId, region) && g.retiringPrincipal === retiringPrincipal);
    return takePage(matching, (g) => g.grantId, page).map(copyGrant);
  }

  /** See Repository.deleteGrant. */
  async deleteGrant(keyId: string, grantId: string): Promise<boolean> {
    this.beginWrite('deleteGrant');
    const grant = this.grants.get(grantId);
    if (grant === undefined || grant.keyId !== keyId) return false;
    return this.grants.delete(grantId);
  }

  /** See Repository.createSession. */
  async createSession(session: StsSessionRecord): Promise<void> {
    this.beginWrite('createSession');
    if (this.sessions.has(session.accessKeyId)) throw new Error(`session ${session.accessKeyId} already exists`);
    this.sessions.set(session.accessKeyId, { ...session, sealedSecret: new Uint8Array(session.sealedSecret) });
  }

  /** See Repository.getSession. */
  async getSession(accessKeyId: string): Promise<StsSessionRecord | undefined> {
    this.beginRead('getSession');
    const session = this.sessions.get(accessKeyId);
    return session === undefined ? undefined : { ...session, sealedSecret: new Uint8Array(session.sealedSecret) };
  }

  /** See Repository.deleteExpiredSessions. */
  async deleteExpiredSessions(beforeMs: number): Promise<number> {
    // No version bump unless a row goes, as SQLite's per-row trigger: the scheduler calls this on
    // every run, and an empty prune must not invalidate every cache (conformance-sessions.ts).
    this.beginWrite('deleteExpiredSessions', false);
    let deleted = 0;
    for (const [id, session] of this.sessions) {
      if (session.expiresMs <= beforeMs) {
        this.sessions.delete(id);
        deleted++;
      }
    }
    if (deleted > 0) this.version++;
    return deleted;
  }

  /** See Repository.putAccessKey. */
  async putAccessKey(accessKey: AccessKeyRecord): Promise<boolean> {
    this.beginWrite('putAccessKey');
    if (this.accessKeys.has(accessKey.accessKeyId)) return false;
    this.accessKeys.set(accessKey.accessKeyId, copyAccessKey(accessKey));
    return true;
  }

  /** See Repository.getAccessKey. */
  async getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    this.beginRead('getAccessKey');
    const accessKey = this.accessKeys.get(accessKeyId);
    return accessKey === undefined ? undefined : copyAccessKey(accessKey);
  }

  /** See Repository.createAccessKeyOnce. */
  async createAccessKeyOnce(metaName: string, accessKey: AccessKeyRecord): Promise<string> {
    this.beginWrite('createAccessKeyOnce');
    const existing = this.meta.get(metaName);
    if (existing !== undefined) return existing;
    if (this.accessKeys.has(accessKey.accessKeyId)) throw new Error('access key id already stored');
    this.accessKeys.set(accessKey.accessKeyId, copyAccessKey(accessKey));
    this.meta.set(metaName, accessKey.accessKeyId);
    return accessKey.accessKeyId;
  }

  /** See Repository.replaceAccessKey. */
  async replaceAccessKey(metaName: string, expectedId: string, accessKey: AccessKeyRecord): Promise<boolean> {
    this.beginWrite('replaceAccessKey');
    if (this.meta.get(metaName) !== expectedId) return false;
    if (this.accessKeys.has(accessKey.accessKeyId)) throw new Error('access key id already stored');
    this.accessKeys.set(accessKey.accessKeyId, copyAccessKey(accessKey));
    this.accessKeys.delete(expectedId);
    this.meta.set(metaName, accessKey.accessKeyId);
    return true;
  }

  /** See Repository.getMeta. */
  async getMeta(name: string): Promise<string | undefined> {
    this.beginRead('getMeta');
    return this.meta.get(name);
  }

  /** See Repository.putMetaIfAbsent. */
  async putMetaIfAbsent(name: string, value: string): Promise<string> {
    this.beginWrite('putMetaIfAbsent');
    const stored = this.meta.get(name);
    if (stored !== undefined) return stored;
    this.meta.set(name, value);
    return value;
  }

  /** See Repository.addToMeta. */
  async addToMeta(name: string, delta: number): Promise<number> {
    this.beginWrite('addToMeta');
    if (!Number.isSafeInteger(delta)) throw new RangeError(`meta delta must be a safe integer, got ${delta}`);
    const value = Number(this.meta.get(name) ?? '0') + delta;
    this.meta.set(name, String(value));
    return value;
  }

  /** See Repository.dataVersion: a counter every write call bumps (so also some that change nothing). */
  async dataVersion(): Promise<number> {
    this.count('dataVersion');
    this.checkOpen();
    return this.version;
  }

  /** See Repository.close: further calls reject (the data goes when the object does). */
  async close(): Promise<void> {
    this.count('close');
    this.closed = true;
  }

  private beginWrite(method: WriteMethod, bumpVersion = true): void {
    this.count(method);
    this.checkOpen();
    const fault = this.nextWriteFault;
    if (fault !== undefined) {
      this.nextWriteFault = undefined;
      throw fault;
    }
    if (this.writesBeforeFault !== undefined) {
      if (this.writesBeforeFault.remaining <= 0) throw this.writesBeforeFault.error;
      this.writesBeforeFault.remaining--;
    }
    // Before the write itself: a cache that reads the version after this call sees it changed.
    if (bumpVersion) this.version++;
  }

  private beginRead(method: ReadMethod): void {
    this.count(method);
    this.checkOpen();
    const fault = this.nextReadFault;
    if (fault !== undefined) {
      this.nextReadFault = undefined;
      throw fault;
    }
  }

  private count(method: keyof Repository): void {
    this.calls.set(method, this.callCount(method) + 1);
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('repository memory is closed');
  }
}

function inScope(record: { readonly accountId: string; readonly region: string }, accountId: string, region: string): boolean {
  return record.accountId === accountId && record.region === region;
}

/** Map keys; NUL cannot occur in account ids, regions or names, so the joins are unambiguous. */
function materialId(keyId: string, version: number): string {
  return `${keyId}\u0000${version}`;
}

function aliasId(accountId: string, region: string, aliasName: string): string {
  return `${accountId}\u0000${region}\u0000${aliasName}`;
}

/** Items with name > page.after, in UTF-8 byte order, at most page.limit of them. */
function takePage<T>(items: T[], nameOf: (item: T) => string, page: PageRequest): T[] {
  if (!Number.isSafeInteger(page.limit) || page.limit < 0) {
    throw new RangeError(`page limit must be a whole number >= 0, got ${page.limit}`);
  }
  const after = page.after === undefined ? undefined : Buffer.from(page.after, 'utf8');
  return items
    .map((item) => ({ item, name: Buffer.from(nameOf(item), 'utf8') }))
    .filter((entry) => after === undefined || Buffer.compare(entry.name, after) > 0)
    .sort((a, b) => Buffer.compare(a.name, b.name))
    .map((entry) => entry.item)
    .slice(0, page.limit);
}
