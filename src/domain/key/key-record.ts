/**
 * What Trent stores about a KMS key, an alias and an access key: plain data, no behaviour. The storage
 * layer persists these records as they are; the service builds wire shapes from them.
 *
 * Key material never appears here in plaintext: `sealed` holds the root-key envelope of
 * crypto/at-rest.ts, opaque to everything but the crypto layer.
 */
import type { ExpirationModelType, KeySpec, KeyState, KeyUsageType, OriginType, KeyManagerType, RotationType, Tag } from '../../api/generated/shapes.js';

/** One KMS key in one (account, region). */
export interface KeyRecord {
  /** The key id: an RFC 4122 UUID, unique across all accounts and regions. */
  readonly keyId: string;
  readonly accountId: string;
  readonly region: string;
  /** `arn:aws:kms:<region>:<account>:key/<keyId>` (kept so lookups by ARN need no rebuilding). */
  readonly arn: string;
  readonly creationDateMs: number;
  readonly description: string;
  readonly keyUsage: KeyUsageType;
  readonly keySpec: KeySpec;
  readonly origin: OriginType;
  readonly keyManager: KeyManagerType;
  readonly keyState: KeyState;
  /** Set while the key is PendingDeletion: when the scheduler destroys it (ScheduleKeyDeletion). */
  readonly deletionDateMs?: number;
  /**
   * Automatic rotation: present (with `nextRotationMs`) exactly while it is enabled
   * (EnableKeyRotation, RotationPeriodInDays 90–2560).
   */
  readonly rotationPeriodDays?: number;
  /** When the scheduler rotates the key next (creation or enabling date + period, then + period). */
  readonly nextRotationMs?: number;
  /** Imported material (Origin EXTERNAL): the current material's ExpirationModel, once imported. */
  readonly expirationModel?: ExpirationModelType;
  /** KEY_MATERIAL_EXPIRES: when the scheduler deletes the current material (ValidTo). */
  readonly validToMs?: number;
  readonly multiRegion: boolean;
  /** The key policy document, as stored (PutKeyPolicy keeps the caller's text verbatim). */
  readonly policy: string;
  readonly tags: readonly Tag[];
  /** Version number of the backing key that Encrypt uses; earlier versions stay for Decrypt. */
  readonly currentVersion: number;
  /**
   * Optimistic-concurrency counter: 1 on creation, +1 on every persisted change. `updateKey` succeeds
   * only when the stored revision is one less than the record's, so two writers (two requests, or two
   * nodes on one database later) can never silently overwrite each other.
   */
  readonly revision: number;
}

/** One numbered version of a key's backing key (a key is a keyring: DESIGN.md habit 7). */
export interface KeyMaterialRecord {
  readonly keyId: string;
  readonly version: number;
  /** 64 lowercase hex characters: KeyMetadata.CurrentKeyMaterialId for the current version. */
  readonly materialId: string;
  /**
   * The backing key sealed under the root key (crypto/at-rest.ts). Absent only for imported
   * material that was deleted or expired: the row keeps its id so that re-importing the same
   * material restores the same version (and the ciphertexts naming it).
   */
  readonly sealed?: Uint8Array;
  readonly createdMs: number;
  /** How this version became current; absent for the first version and for pending imports. */
  readonly rotationType?: RotationType;
  /** When it became current by rotation (ListKeyRotations' RotationDate). */
  readonly rotationDateMs?: number;
  /** Imported material only: its ExpirationModel, ValidTo and KeyMaterialDescription. */
  readonly expirationModel?: ExpirationModelType;
  readonly validToMs?: number;
  readonly description?: string;
}

/** An alias in one (account, region). */
export interface AliasRecord {
  readonly accountId: string;
  readonly region: string;
  /** Full name including the `alias/` prefix. */
  readonly aliasName: string;
  readonly targetKeyId: string;
  readonly creationDateMs: number;
  readonly lastUpdatedDateMs: number;
}

/** A SigV4 access key; its secret is sealed under the root key like key material. */
export interface AccessKeyRecord {
  readonly accessKeyId: string;
  readonly accountId: string;
  /** The IAM principal the key authenticates as, e.g. `arn:aws:iam::<account>:root`. */
  readonly principalArn: string;
  readonly sealedSecret: Uint8Array;
  readonly createdMs: number;
}
