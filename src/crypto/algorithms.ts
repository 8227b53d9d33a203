/**
 * The one table that describes every key spec and data key spec Trent knows (DESIGN.md habit 1, after
 * panva/jose's `lib/jws_algorithms.ts`): what kind of key it is, which key usages it allows and which
 * algorithms each usage offers, and how much key material it needs.
 *
 * Owns: the mapping from a spec name to its descriptor, and the single place where an unsupported spec
 * is refused. Callers resolve an entry once and pass it around; nothing below this module enumerates
 * algorithms.
 *
 * Must never: perform cryptography, touch storage or HTTP, or let a name reach the table through the
 * prototype chain (`keySpecs['constructor']` must not be an entry).
 *
 * Adding RSA, ECC or HMAC later means adding a variant to `KeySpecEntry` and filling its rows; callers
 * that switch on `kind` and read `usages` keep working.
 */

import { UnsupportedOperationException } from '../api/generated/errors.js';
import type {
  DataKeySpec,
  EncryptionAlgorithmSpec,
  KeyAgreementAlgorithmSpec,
  KeySpec,
  KeyUsageType,
  MacAlgorithmSpec,
  SigningAlgorithmSpec,
} from '../api/generated/shapes.js';

/** The family of a key spec; selects which primitive module serves it. */
export type KeyKind = 'symmetric';

/**
 * The algorithms a key of some spec offers under one key usage. DescribeKey reports these lists
 * (https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html), and Encrypt/Sign/GenerateMac
 * accept only a listed algorithm. Lists that do not apply to the usage are absent.
 */
export interface UsageAlgorithms {
  readonly encryptionAlgorithms?: readonly EncryptionAlgorithmSpec[];
  readonly signingAlgorithms?: readonly SigningAlgorithmSpec[];
  readonly macAlgorithms?: readonly MacAlgorithmSpec[];
  readonly keyAgreementAlgorithms?: readonly KeyAgreementAlgorithmSpec[];
}

/** What every key spec entry has, whatever its kind. */
interface KeySpecEntryBase {
  readonly keySpec: KeySpec;
  readonly kind: KeyKind;
  /**
   * The key usages CreateKey allows with this spec, each with the algorithms it offers. A usage that is
   * absent is not allowed (AWS KMS Developer Guide, "Key spec reference":
   * https://docs.aws.amazon.com/kms/latest/developerguide/symm-asymm-choose-key-spec.html).
   */
  readonly usages: Readonly<Partial<Record<KeyUsageType, UsageAlgorithms>>>;
}

/** A symmetric encryption key: a random AES-256 backing key per version (NOTES.md §4). */
export interface SymmetricKeySpecEntry extends KeySpecEntryBase {
  readonly kind: 'symmetric';
  /** Bytes of one backing-key version. */
  readonly backingKeyBytes: number;
}

/** The descriptor of one key spec. Later issues add `| RsaKeySpecEntry | EccKeySpecEntry | …`. */
export type KeySpecEntry = SymmetricKeySpecEntry;

/**
 * Every `KeySpec` of the model, supported or not. Typing it as a total `Record` means a key spec added
 * by a model update fails `tsc` here until someone decides about it (DESIGN.md habit 10).
 */
export const keySpecs: Readonly<Record<KeySpec, KeySpecEntry | undefined>> = Object.freeze({
  // AES-256-GCM under a per-request derived key; the only encryption algorithm is SYMMETRIC_DEFAULT
  // (https://docs.aws.amazon.com/kms/latest/developerguide/symm-asymm-choose-key-spec.html#symmetric-cmks).
  SYMMETRIC_DEFAULT: {
    keySpec: 'SYMMETRIC_DEFAULT',
    kind: 'symmetric',
    backingKeyBytes: 32,
    usages: { ENCRYPT_DECRYPT: { encryptionAlgorithms: ['SYMMETRIC_DEFAULT'] } },
  },
  RSA_2048: undefined,
  RSA_3072: undefined,
  RSA_4096: undefined,
  ECC_NIST_P256: undefined,
  ECC_NIST_P384: undefined,
  ECC_NIST_P521: undefined,
  ECC_SECG_P256K1: undefined,
  ECC_NIST_EDWARDS25519: undefined,
  HMAC_224: undefined,
  HMAC_256: undefined,
  HMAC_384: undefined,
  HMAC_512: undefined,
  ML_DSA_44: undefined,
  ML_DSA_65: undefined,
  ML_DSA_87: undefined,
  SM2: undefined,
});

/** Whether Trent can create and use keys of `keySpec` (also false for names that are not key specs). */
export function isSupportedKeySpec(keySpec: string): keySpec is KeySpec {
  return Object.hasOwn(keySpecs, keySpec) && keySpecs[keySpec as KeySpec] !== undefined;
}

/**
 * Resolves a key spec to its table entry. This is the one place an unsupported spec is refused: throws
 * `UnsupportedOperationException` naming the spec, for model specs Trent does not serve yet and for
 * strings that are no key spec at all (e.g. a corrupted stored row).
 */
export function keySpecEntry(keySpec: string): KeySpecEntry {
  // Object.hasOwn first: a plain index would find `constructor`, `toString`, … on Object.prototype.
  const entry = Object.hasOwn(keySpecs, keySpec) ? keySpecs[keySpec as KeySpec] : undefined;
  if (entry === undefined) {
    throw new UnsupportedOperationException(`KeySpec ${keySpec} is not supported by this server.`);
  }
  return entry;
}

/** The descriptor of one GenerateDataKey `KeySpec`. */
export interface DataKeySpecEntry {
  readonly dataKeySpec: DataKeySpec;
  /** Length of the plaintext data key. */
  readonly bytes: number;
}

/**
 * The data key specs of GenerateDataKey / GenerateDataKeyWithoutPlaintext
 * (https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKey.html#KMS-GenerateDataKey-request-KeySpec).
 */
export const dataKeySpecs: Readonly<Record<DataKeySpec, DataKeySpecEntry>> = Object.freeze({
  AES_128: { dataKeySpec: 'AES_128', bytes: 16 },
  AES_256: { dataKeySpec: 'AES_256', bytes: 32 },
});

/**
 * Resolves a data key spec to its entry; throws `UnsupportedOperationException` for a name that is not
 * one (validation normally refuses those first, against the generated enum constraint).
 */
export function dataKeySpecEntry(dataKeySpec: string): DataKeySpecEntry {
  if (!Object.hasOwn(dataKeySpecs, dataKeySpec)) {
    throw new UnsupportedOperationException(`KeySpec ${dataKeySpec} is not supported by this server.`);
  }
  return dataKeySpecs[dataKeySpec as DataKeySpec];
}
