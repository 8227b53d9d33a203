/**
 * A key's backing keys (DESIGN.md habit 7): creates new versions sealed under the root key, and
 * opens stored versions into cached `KeyObject`s. Versions Trent generated (Origin AWS_KMS) are
 * immutable once written and only ever disappear with their key, so the cache can never serve a
 * stale value, on one node or on many. Imported material (Origin EXTERNAL) can be deleted and
 * re-imported by any process at any time, so it is never cached: each use reads its row.
 *
 * Plaintext key material exists only in memory here and in crypto/; it is never logged or stored.
 */
import type { KeyObject } from 'node:crypto';
import type { KeyMaterialRecord, KeyRecord } from '../domain/key/key-record.js';
import type { RootKey } from '../crypto/at-rest.js';
import { generateBackingKey } from '../crypto/symmetric-key.js';
import { keySpecEntry, type KeySpecEntry } from '../crypto/algorithms.js';
import { generateKeyMaterial, openKeyMaterial, openKeyMaterialOffThread, type OpenedMaterial } from '../crypto/key-material.js';
import type { NobleWork } from '../crypto/noble-work.js';
import type { Repository } from '../storage/repository.js';
import type { Random } from '../platform/random.js';
import type { Clock } from '../platform/clock.js';

/** The at-rest binding of a backing key: its key ARN and version (issue item 7). */
function materialBinding(keyArn: string, version: number) {
  return { purpose: 'key-material', id: keyArn, version };
}

/** One opened backing-key version of a symmetric key. */
export interface OpenedVersion {
  readonly version: number;
  readonly keyObject: KeyObject;
  /** KeyMaterialId of the version (Decrypt and GenerateDataKey return it). */
  readonly materialId: string;
}

/** One opened version of any key: its parsed material (crypto/key-material.ts). */
export interface OpenedKeyVersion {
  readonly version: number;
  readonly material: OpenedMaterial;
  readonly materialId: string;
}

export class Keyring {
  /**
   * Opened material by `keyId:version`; bounded so a huge keyspace cannot exhaust memory. Generated
   * material of a version never changes once written, so an entry can never be stale, whichever
   * process wrote it; imported material is not cached (see above); key state is never cached here
   * (the pipeline reads it from storage on every request).
   */
  private readonly cache = new Map<string, OpenedKeyVersion>();

  constructor(
    private readonly repository: Pick<Repository, 'getKeyMaterial'>,
    private readonly rootKey: Pick<RootKey, 'seal' | 'open'>,
    private readonly random: Random,
    private readonly clock: Clock,
    private readonly cacheSize = 10_000,
    /** Expands ML-DSA seeds off the event loop (app.ts: worker threads); absent = inline. */
    private readonly noble?: Pick<NobleWork, 'mlDsaExpand'>,
  ) {}

  /** Openings in progress by cache key, so concurrent first uses of a key expand it once. */
  private readonly opening = new Map<string, Promise<OpenedKeyVersion | undefined>>();

  /**
   * Generates a fresh 256-bit backing key for `keyArn` at `version`, sealed for storage. It is not
   * cached here: if storing it fails, nothing must remember it (DESIGN.md habit 7); the first use
   * opens the stored version and caches that.
   */
  newVersion(keyId: string, keyArn: string, version: number): KeyMaterialRecord {
    const raw = generateBackingKey(this.random.bytes);
    try {
      return this.sealVersion(keyId, keyArn, version, raw);
    } finally {
      raw.fill(0);
    }
  }

  /**
   * Fresh material of any key spec for `keyArn` at `version`, sealed for storage: a backing key, an
   * HMAC key, a PKCS#8 private key or an ML-DSA seed (crypto/key-material.ts). Key pairs are generated
   * off the event loop.
   */
  async newMaterial(keyId: string, keyArn: string, version: number, entry: KeySpecEntry): Promise<KeyMaterialRecord> {
    const raw = await generateKeyMaterial(entry, this.random.bytes);
    try {
      return this.sealVersion(keyId, keyArn, version, raw);
    } finally {
      raw.fill(0);
    }
  }

  /** Seals given material (generated or imported) for `keyArn` at `version`. The caller zeroes `raw`. */
  sealVersion(keyId: string, keyArn: string, version: number, raw: Uint8Array): KeyMaterialRecord {
    // CurrentKeyMaterialId: 64 hex characters that identify the material without revealing it.
    const materialId = this.random.bytes(32).toString('hex');
    const sealed = this.rootKey.seal(raw, materialBinding(keyArn, version));
    return { keyId, version, materialId, sealed, createdMs: this.clock.nowMs() };
  }

  /** The backing key `version` of `key` (default: the current one), opened; undefined if absent. */
  async backingKey(key: KeyRecord, version: number = key.currentVersion): Promise<OpenedVersion | undefined> {
    if (keySpecEntry(key.keySpec).kind !== 'symmetric') return undefined;
    const opened = await this.material(key, version);
    if (!opened || opened.material.kind !== 'secret') return undefined;
    return { version, keyObject: opened.material.key, materialId: opened.materialId };
  }

  /**
   * The material `version` of `key` (default: the current one), opened and parsed for its spec;
   * undefined if absent. Parsing (~1 ms for RSA, ~20 ms for an ML-DSA key expansion) happens once per
   * version and process.
   */
  async material(key: KeyRecord, version: number = key.currentVersion): Promise<OpenedKeyVersion | undefined> {
    const cacheKey = `${key.keyId}:${version}`;
    if (key.origin === 'EXTERNAL') return this.open(key, version, false);
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    const inFlight = this.opening.get(cacheKey);
    if (inFlight) return inFlight;
    const opening = this.open(key, version, true).finally(() => this.opening.delete(cacheKey));
    this.opening.set(cacheKey, opening);
    return opening;
  }

  private async open(key: KeyRecord, version: number, cacheable: boolean): Promise<OpenedKeyVersion | undefined> {
    const record = await this.repository.getKeyMaterial(key.keyId, version);
    // No `sealed`: imported material that was deleted or expired.
    if (!record?.sealed) return undefined;
    const raw = this.rootKey.open(record.sealed, materialBinding(key.arn, version));
    try {
      const entry = keySpecEntry(key.keySpec);
      const material = this.noble ? await openKeyMaterialOffThread(entry, raw, this.noble) : openKeyMaterial(entry, raw);
      const opened = { version, material, materialId: record.materialId };
      if (cacheable) this.remember(`${key.keyId}:${version}`, opened);
      return opened;
    } finally {
      raw.fill(0);
    }
  }

  /**
   * The material id of a stored version of a symmetric key (KeyMetadata.CurrentKeyMaterialId);
   * undefined for other specs. Also for imported material that was deleted: its row keeps the id,
   * and AWS keeps reporting it (RECORDED, LS-SNAP test_import_key_symmetric).
   */
  async materialId(key: KeyRecord, version: number = key.currentVersion): Promise<string | undefined> {
    if (key.origin === 'EXTERNAL') {
      if (keySpecEntry(key.keySpec).kind !== 'symmetric') return undefined;
      return (await this.repository.getKeyMaterial(key.keyId, version))?.materialId;
    }
    return (await this.backingKey(key, version))?.materialId;
  }

  /** Seals raw imported material (already checked) as `version` of `keyArn`; the caller zeroes `raw`. */
  sealMaterial(keyArn: string, version: number, raw: Uint8Array): Uint8Array {
    return this.rootKey.seal(raw, materialBinding(keyArn, version));
  }

  /** Seals a wrapping private key into an import token, bound to `bindingId` (service/import-token.ts). */
  sealImportSecret(bindingId: string, secret: Uint8Array): Uint8Array {
    return this.rootKey.seal(secret, { purpose: 'import-token', id: bindingId, version: 1 });
  }

  /** Opens what sealImportSecret sealed; undefined when it was not sealed for `bindingId` here. */
  openImportSecret(bindingId: string, sealed: Uint8Array): Buffer | undefined {
    try {
      return this.rootKey.open(sealed, { purpose: 'import-token', id: bindingId, version: 1 });
    } catch {
      return undefined;
    }
  }

  private remember(cacheKey: string, opened: OpenedKeyVersion): void {
    if (this.cache.size >= this.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(cacheKey, opened);
  }
}
