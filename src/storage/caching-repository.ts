/**
 * A Repository in front of another one that keeps the records read on the request path (keys,
 * aliases, access keys) in process memory, and validates every cached record on every use against the
 * database's change counter (`Repository.dataVersion`, docs/workers.md). A write committed by any
 * worker, process or node is therefore seen by the very next lookup here: the cache saves the
 * reading and decoding of rows, never correctness.
 *
 * Owns: the bounded record cache and the rule that an entry is used only when it was read at the
 * current data version. Must never: serve an entry without checking the version first, cache a
 * lookup that found nothing (unknown ids are attacker-chosen and would evict the keys in use), hand
 * out its own copy of a record (callers get fresh copies, as from any backend: repository.ts
 * contract, storage/README.md rule 5), or cache anything in the clear (access-key secrets are
 * cached sealed, as stored; key material passes straight through, and service/keyring.ts caches
 * opened backing keys, which are immutable per version).
 */
import type { AccessKeyRecord, AliasRecord, KeyMaterialRecord, KeyRecord } from '../domain/key/key-record.js';
import type { GrantRecord } from '../domain/grant/grant-record.js';
import type { StsSessionRecord } from '../domain/sts/session-record.js';
import type { RequestArrivals } from '../platform/request-arrivals.js';
import type { PageRequest, Repository } from './repository.js';

/** A cached record and the data version it was read at. */
interface Entry<T> {
  readonly version: number;
  readonly record: T;
}

/** Default bound per record kind: ~2 KB a key record, so ≤ ~20 MB per worker (docs/performance.md). */
export const defaultCacheEntries = 10_000;

/** A Map kept in least-recently-used order and cut to `max` entries. */
class LruMap<T> {
  private readonly map = new Map<string, Entry<T>>();
  constructor(private readonly max: number) {}

  get(id: string, version: number): T | undefined {
    const entry = this.map.get(id);
    if (entry === undefined) return undefined;
    if (entry.version !== version) {
      this.map.delete(id);
      return undefined;
    }
    // Re-inserting moves the entry to the young end of the Map's insertion order.
    this.map.delete(id);
    this.map.set(id, entry);
    return entry.record;
  }

  set(id: string, version: number, record: T): void {
    this.map.delete(id);
    if (this.map.size >= this.max) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
    }
    this.map.set(id, { version, record });
  }

  delete(id: string): void {
    this.map.delete(id);
  }

  get size(): number {
    return this.map.size;
  }
}

/**
 * A copy the caller may do anything with: top-level fields, plus one level into arrays (tags),
 * byte arrays and nested objects, which is as deep as the records of domain/key/key-record.ts go.
 * About a microsecond: far below the read it saves.
 */
function copyRecord<T extends object>(record: T): T {
  const copy = { ...record } as Record<string, unknown>;
  for (const name in copy) {
    const value = copy[name];
    if (typeof value !== 'object' || value === null) continue;
    if (value instanceof Uint8Array) copy[name] = new Uint8Array(value);
    else if (Array.isArray(value)) copy[name] = value.map((item: unknown) => (typeof item === 'object' && item !== null ? structuredClone(item) : item));
    else copy[name] = structuredClone(value);
  }
  return copy as T;
}

/** NUL cannot occur in account ids, regions, key ids or alias names, so the join is unambiguous. */
function scoped(accountId: string, region: string, name: string): string {
  return `${accountId}\u0000${region}\u0000${name}`;
}

/** See the module comment. Writes go straight to `inner`; the next read notices them. */
export class CachingRepository implements Repository {
  private readonly keys: LruMap<KeyRecord>;
  private readonly aliases: LruMap<AliasRecord>;
  private readonly accessKeys: LruMap<AccessKeyRecord>;
  /** The last change-counter read, and how many requests had arrived when it was made. */
  private lastVersion: { readonly version: number; readonly arrivals: number; readonly writes: number } | undefined;
  /** Writes begun and finished through this repository (each counts twice). */
  private writes = 0;
  /** Distinct key-policy texts of cached records (sharedPolicyText). */
  private readonly policyTexts = new Map<string, string>();
  private readonly maxPolicyTexts = 1_000;

  /**
   * `arrivals` (the protocol layer's request count) lets one change-counter read serve the lookups
   * made until the next request arrives (platform/request-arrivals.ts): Encrypt's access key and key
   * then cost one read, not two. Without it, every lookup reads the counter.
   */
  constructor(private readonly inner: Repository, maxEntries: number = defaultCacheEntries, private readonly arrivals?: RequestArrivals) {
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be a whole number >= 1');
    this.keys = new LruMap(maxEntries);
    this.aliases = new LruMap(maxEntries);
    this.accessKeys = new LruMap(maxEntries);
  }

  /** How many records are cached (for tests and the memory figures of docs/performance.md). */
  cachedRecords(): { keys: number; aliases: number; accessKeys: number } {
    return { keys: this.keys.size, aliases: this.aliases.size, accessKeys: this.accessKeys.size };
  }

  /**
   * The change counter, read again unless no request has arrived and nothing was written through
   * this repository since the last read (a write moves the counter; the next lookup must see it,
   * also within the request that wrote). A read that a write overlapped is not reused.
   */
  private async currentVersion(): Promise<number> {
    const arrivals = this.arrivals?.count();
    const writes = this.writes;
    const last = this.lastVersion;
    if (arrivals !== undefined && last !== undefined && last.arrivals === arrivals && last.writes === writes) return last.version;
    const version = await this.inner.dataVersion();
    if (arrivals !== undefined && this.writes === writes) this.lastVersion = { version, arrivals, writes };
    return version;
  }

  /**
   * One string per distinct policy text among the cached keys: every key's default policy names only
   * its account, so thousands of cached records would otherwise hold thousands of equal ~1.5 KB
   * copies (issue 16's memory goal). Strings are immutable, so sharing one changes nothing for callers.
   */
  private sharedPolicyText(text: string): string {
    const known = this.policyTexts.get(text);
    if (known !== undefined) return known;
    if (this.policyTexts.size >= this.maxPolicyTexts) this.policyTexts.clear();
    this.policyTexts.set(text, text);
    return text;
  }

  /** Counts a write going to `inner` before and after it, so no counter read made around it is reused. */
  private writing<T>(write: () => Promise<T>): Promise<T> {
    this.writes++;
    return write().finally(() => { this.writes++; });
  }

  /**
   * See Repository.getKey. The version is read BEFORE the row: a commit that lands in between makes
   * the entry look older than it is, so it is re-read once more; never the other way round.
   */
  async getKey(accountId: string, region: string, keyId: string): Promise<KeyRecord | undefined> {
    const version = await this.currentVersion();
    const id = scoped(accountId, region, keyId);
    const cached = this.keys.get(id, version);
    if (cached !== undefined) return copyRecord(cached);
    const key = await this.inner.getKey(accountId, region, keyId);
    if (key === undefined) this.keys.delete(id);
    else this.keys.set(id, version, { ...copyRecord(key), policy: this.sharedPolicyText(key.policy) });
    return key;
  }

  /** See Repository.getAlias; validated exactly like getKey. */
  async getAlias(accountId: string, region: string, aliasName: string): Promise<AliasRecord | undefined> {
    const version = await this.currentVersion();
    const id = scoped(accountId, region, aliasName);
    const cached = this.aliases.get(id, version);
    if (cached !== undefined) return { ...cached };
    const alias = await this.inner.getAlias(accountId, region, aliasName);
    if (alias === undefined) this.aliases.delete(id);
    else this.aliases.set(id, version, { ...alias });
    return alias;
  }

  /**
   * See Repository.getAccessKey; validated like getKey, so a key revoked by `trent admin
   * rotate-access-key` (another process) stops authenticating at the next request. The record
   * holds the secret only sealed; opening it is service/credentials.ts's business.
   */
  async getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    const version = await this.currentVersion();
    const cached = this.accessKeys.get(accessKeyId, version);
    if (cached !== undefined) return copyRecord(cached);
    const accessKey = await this.inner.getAccessKey(accessKeyId);
    if (accessKey === undefined) this.accessKeys.delete(accessKeyId);
    else this.accessKeys.set(accessKeyId, version, copyRecord(accessKey));
    return accessKey;
  }

  createKey(key: KeyRecord, material?: KeyMaterialRecord): Promise<void> { return this.writing(() => this.inner.createKey(key, material)); }
  listKeyMaterials(keyId: string): Promise<KeyMaterialRecord[]> { return this.inner.listKeyMaterials(keyId); }
  updateKeyAndMaterial(key: KeyRecord, material: KeyMaterialRecord): Promise<void> { return this.writing(() => this.inner.updateKeyAndMaterial(key, material)); }
  deleteKey(key: KeyRecord): Promise<boolean> { return this.writing(() => this.inner.deleteKey(key)); }
  listDueKeys(nowMs: number, page: PageRequest): Promise<KeyRecord[]> { return this.inner.listDueKeys(nowMs, page); }
  addToMeta(name: string, delta: number): Promise<number> { return this.writing(() => this.inner.addToMeta(name, delta)); }
  updateKey(key: KeyRecord): Promise<void> { return this.writing(() => this.inner.updateKey(key)); }
  listKeys(accountId: string, region: string, page: PageRequest): Promise<KeyRecord[]> { return this.inner.listKeys(accountId, region, page); }
  getKeyMaterial(keyId: string, version: number): Promise<KeyMaterialRecord | undefined> { return this.inner.getKeyMaterial(keyId, version); }
  /** Not cached: only a ciphertext of another account's key (or of no key) gets here. */
  getKeyInRegion(region: string, keyId: string): Promise<KeyRecord | undefined> { return this.inner.getKeyInRegion(region, keyId); }
  createAlias(alias: AliasRecord): Promise<void> { return this.writing(() => this.inner.createAlias(alias)); }
  createKeyWithAlias(key: KeyRecord, material: KeyMaterialRecord, alias: AliasRecord): Promise<boolean> {
    return this.writing(() => this.inner.createKeyWithAlias(key, material, alias));
  }
  updateAlias(alias: AliasRecord): Promise<boolean> { return this.writing(() => this.inner.updateAlias(alias)); }
  deleteAlias(accountId: string, region: string, aliasName: string): Promise<boolean> { return this.writing(() => this.inner.deleteAlias(accountId, region, aliasName)); }
  listAliases(accountId: string, region: string, page: PageRequest & { readonly targetKeyId?: string }): Promise<AliasRecord[]> {
    return this.inner.listAliases(accountId, region, page);
  }
  // Grants are read only when policies do not allow a call (service/grant-check.ts) and by the grant
  // operations, never on the policy-allowed hot path, so they pass through uncached; their writes
  // still move the change counter (migration 5), which invalidates every cached record here.
  createGrant(grant: GrantRecord): Promise<GrantRecord> { return this.writing(() => this.inner.createGrant(grant)); }
  getGrant(grantId: string): Promise<GrantRecord | undefined> { return this.inner.getGrant(grantId); }
  listGrants(keyId: string, page: PageRequest & { readonly grantId?: string; readonly granteePrincipal?: string }): Promise<GrantRecord[]> {
    return this.inner.listGrants(keyId, page);
  }
  listRetirableGrants(accountId: string, region: string, retiringPrincipal: string, page: PageRequest): Promise<GrantRecord[]> {
    return this.inner.listRetirableGrants(accountId, region, retiringPrincipal, page);
  }
  deleteGrant(keyId: string, grantId: string): Promise<boolean> { return this.writing(() => this.inner.deleteGrant(keyId, grantId)); }
  // Sessions are read by service/sts/session-credentials.ts, which keeps its own cache of opened
  // sessions (a session never changes once stored; it only expires, which is checked on each use).
  createSession(session: StsSessionRecord): Promise<void> { return this.writing(() => this.inner.createSession(session)); }
  getSession(accessKeyId: string): Promise<StsSessionRecord | undefined> { return this.inner.getSession(accessKeyId); }
  deleteExpiredSessions(beforeMs: number): Promise<number> { return this.writing(() => this.inner.deleteExpiredSessions(beforeMs)); }
  putAccessKey(accessKey: AccessKeyRecord): Promise<boolean> { return this.writing(() => this.inner.putAccessKey(accessKey)); }
  createAccessKeyOnce(metaName: string, accessKey: AccessKeyRecord): Promise<string> { return this.writing(() => this.inner.createAccessKeyOnce(metaName, accessKey)); }
  replaceAccessKey(metaName: string, expectedId: string, accessKey: AccessKeyRecord): Promise<boolean> {
    return this.writing(() => this.inner.replaceAccessKey(metaName, expectedId, accessKey));
  }
  getMeta(name: string): Promise<string | undefined> { return this.inner.getMeta(name); }
  putMetaIfAbsent(name: string, value: string): Promise<string> { return this.writing(() => this.inner.putMetaIfAbsent(name, value)); }
  dataVersion(): Promise<number> { return this.inner.dataVersion(); }
  close(): Promise<void> { return this.inner.close(); }
}
