/**
 * The one table that describes every key spec, data key spec, key pair spec and algorithm Trent knows
 * (DESIGN.md habit 1, after panva/jose's `lib/jws_algorithms.ts`): what kind of key a spec is, which
 * key usages it allows and which algorithms each usage offers, how much key material it needs, and
 * for each algorithm its hash, padding and limits.
 *
 * Owns: the mapping from a name to its descriptor, and the single place where an unsupported spec or
 * algorithm is refused. Callers resolve an entry once and pass it around; nothing below this module
 * enumerates specs or algorithms.
 *
 * Must never: perform cryptography, touch storage or HTTP, or let a name reach a table through the
 * prototype chain (`keySpecs['constructor']` must not be an entry).
 *
 * Source of every row: AWS KMS Developer Guide, "Key spec reference"
 * (https://docs.aws.amazon.com/kms/latest/developerguide/symm-asymm-choose-key-spec.html) and its
 * pages on RSA, ECC, Edwards-curve, ML-DSA and HMAC keys; the algorithm lists match what DescribeKey
 * and GetPublicKey return (LocalStack's recordings against AWS, docs/research/aws-kms-messages.md §8).
 */

import { UnsupportedOperationException } from '../api/generated/errors.js';
import type {
  DataKeyPairSpec,
  DataKeySpec,
  EncryptionAlgorithmSpec,
  KeyAgreementAlgorithmSpec,
  KeySpec,
  KeyUsageType,
  MacAlgorithmSpec,
  MessageType,
  SigningAlgorithmSpec,
} from '../api/generated/shapes.js';

/** The family of a key spec; selects which primitive module serves it. */
export type KeyKind = 'symmetric' | 'hmac' | 'rsa' | 'ecc' | 'ed25519' | 'ml-dsa';

/** Hash functions by their node:crypto names. */
export type HashName = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512' | 'shake256';

/** Output bytes of each hash (SHAKE256 as ML-DSA's 64-byte μ, FIPS 204 §6.2). */
export const hashBytes: Readonly<Record<HashName, number>> = Object.freeze({
  sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64, shake256: 64,
});

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
  /** The key usages CreateKey allows with this spec, each with the algorithms it offers. */
  readonly usages: Readonly<Partial<Record<KeyUsageType, UsageAlgorithms>>>;
}

/** A symmetric encryption key: a random AES-256 backing key per version (NOTES.md §4). */
export interface SymmetricKeySpecEntry extends KeySpecEntryBase {
  readonly kind: 'symmetric';
  /** Bytes of one backing-key version. */
  readonly backingKeyBytes: number;
}

/** An HMAC key: random bytes as long as the hash output (Developer Guide, "HMAC keys in AWS KMS"). */
export interface HmacKeySpecEntry extends KeySpecEntryBase {
  readonly kind: 'hmac';
  readonly keyBytes: number;
  /**
   * Lengths of imported material (Developer Guide, "Requirements for imported key material"): from
   * the hash output up to the hash's block size, so HMAC never has to hash the key first (RFC 2104 §2).
   */
  readonly importKeyBytes: { readonly min: number; readonly max: number };
}

/** An RSA key pair (public exponent 65537); material stored as PKCS#8 DER. */
export interface RsaKeySpecEntry extends KeySpecEntryBase {
  readonly kind: 'rsa';
  readonly modulusBits: number;
}

/** An elliptic-curve key pair on a short-Weierstrass curve; material stored as PKCS#8 DER. */
export interface EccKeySpecEntry extends KeySpecEntryBase {
  readonly kind: 'ecc';
  /** OpenSSL's curve name, for node:crypto. */
  readonly namedCurve: 'prime256v1' | 'secp384r1' | 'secp521r1' | 'secp256k1';
  /** The @noble/curves export that signs a given digest (node:crypto cannot: NOTES.md §3). */
  readonly nobleCurve: 'p256' | 'p384' | 'p521' | 'secp256k1';
  /** Bytes of a scalar / field element. */
  readonly scalarBytes: number;
}

/** An Ed25519 key pair (RFC 8032); material stored as PKCS#8 DER. */
export interface Ed25519KeySpecEntry extends KeySpecEntryBase {
  readonly kind: 'ed25519';
}

/** An ML-DSA key pair (FIPS 204); material stored as the 32-byte seed ξ, as AWS exports it. */
export interface MlDsaKeySpecEntry extends KeySpecEntryBase {
  readonly kind: 'ml-dsa';
  readonly parameterSet: 'ml_dsa44' | 'ml_dsa65' | 'ml_dsa87';
  /** The SubjectPublicKeyInfo algorithm OID (NIST CSOR, id-ml-dsa-44/65/87; RFC 9881). */
  readonly oid: string;
}

/** The descriptor of one key spec. */
export type KeySpecEntry =
  | SymmetricKeySpecEntry | HmacKeySpecEntry | RsaKeySpecEntry | EccKeySpecEntry | Ed25519KeySpecEntry | MlDsaKeySpecEntry;

const rsaEncryption: UsageAlgorithms = { encryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] };
const rsaSigning: UsageAlgorithms = {
  signingAlgorithms: [
    'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512',
    'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512',
  ],
};
const ecdh: UsageAlgorithms = { keyAgreementAlgorithms: ['ECDH'] };

function rsa(keySpec: KeySpec, modulusBits: number): RsaKeySpecEntry {
  return { keySpec, kind: 'rsa', modulusBits, usages: { ENCRYPT_DECRYPT: rsaEncryption, SIGN_VERIFY: rsaSigning } };
}
function ecc(keySpec: KeySpec, curve: Pick<EccKeySpecEntry, 'namedCurve' | 'nobleCurve' | 'scalarBytes'>,
  signing: SigningAlgorithmSpec, keyAgreement: boolean): EccKeySpecEntry {
  const usages = { SIGN_VERIFY: { signingAlgorithms: [signing] }, ...(keyAgreement ? { KEY_AGREEMENT: ecdh } : {}) };
  return { keySpec, kind: 'ecc', ...curve, usages };
}
function hmac(keySpec: KeySpec, algorithm: MacAlgorithmSpec, keyBytes: number, blockBytes: number): HmacKeySpecEntry {
  const importKeyBytes = { min: keyBytes, max: blockBytes };
  return { keySpec, kind: 'hmac', keyBytes, importKeyBytes, usages: { GENERATE_VERIFY_MAC: { macAlgorithms: [algorithm] } } };
}
function mlDsa(keySpec: KeySpec, parameterSet: MlDsaKeySpecEntry['parameterSet'], oid: string): MlDsaKeySpecEntry {
  return { keySpec, kind: 'ml-dsa', parameterSet, oid, usages: { SIGN_VERIFY: { signingAlgorithms: ['ML_DSA_SHAKE_256'] } } };
}

/**
 * Every `KeySpec` of the model, supported or not. Typing it as a total `Record` means a key spec added
 * by a model update fails `tsc` here until someone decides about it (DESIGN.md habit 10).
 */
export const keySpecs: Readonly<Record<KeySpec, KeySpecEntry | undefined>> = Object.freeze({
  // AES-256-GCM under a per-request derived key; the only encryption algorithm is SYMMETRIC_DEFAULT.
  SYMMETRIC_DEFAULT: {
    keySpec: 'SYMMETRIC_DEFAULT', kind: 'symmetric', backingKeyBytes: 32,
    usages: { ENCRYPT_DECRYPT: { encryptionAlgorithms: ['SYMMETRIC_DEFAULT'] } },
  },
  RSA_2048: rsa('RSA_2048', 2048),
  RSA_3072: rsa('RSA_3072', 3072),
  RSA_4096: rsa('RSA_4096', 4096),
  // NIST curves sign or agree (ECDH); secp256k1 only signs (Developer Guide, "ECC key specs").
  ECC_NIST_P256: ecc('ECC_NIST_P256', { namedCurve: 'prime256v1', nobleCurve: 'p256', scalarBytes: 32 }, 'ECDSA_SHA_256', true),
  ECC_NIST_P384: ecc('ECC_NIST_P384', { namedCurve: 'secp384r1', nobleCurve: 'p384', scalarBytes: 48 }, 'ECDSA_SHA_384', true),
  ECC_NIST_P521: ecc('ECC_NIST_P521', { namedCurve: 'secp521r1', nobleCurve: 'p521', scalarBytes: 66 }, 'ECDSA_SHA_512', true),
  ECC_SECG_P256K1: ecc('ECC_SECG_P256K1', { namedCurve: 'secp256k1', nobleCurve: 'secp256k1', scalarBytes: 32 }, 'ECDSA_SHA_256', false),
  ECC_NIST_EDWARDS25519: {
    keySpec: 'ECC_NIST_EDWARDS25519', kind: 'ed25519',
    usages: { SIGN_VERIFY: { signingAlgorithms: ['ED25519_SHA_512', 'ED25519_PH_SHA_512'] } },
  },
  // Generated HMAC keys are as long as the hash output (Developer Guide, "HMAC key specs"); imported
  // ones may be up to the hash's block size (64 bytes for SHA-224/256, 128 for SHA-384/512).
  HMAC_224: hmac('HMAC_224', 'HMAC_SHA_224', 28, 64),
  HMAC_256: hmac('HMAC_256', 'HMAC_SHA_256', 32, 64),
  HMAC_384: hmac('HMAC_384', 'HMAC_SHA_384', 48, 128),
  HMAC_512: hmac('HMAC_512', 'HMAC_SHA_512', 64, 128),
  ML_DSA_44: mlDsa('ML_DSA_44', 'ml_dsa44', '2.16.840.1.101.3.4.3.17'),
  ML_DSA_65: mlDsa('ML_DSA_65', 'ml_dsa65', '2.16.840.1.101.3.4.3.18'),
  ML_DSA_87: mlDsa('ML_DSA_87', 'ml_dsa87', '2.16.840.1.101.3.4.3.19'),
  // SM2 (GB/T 32918) is served by AWS only in China Regions. Node 20 cannot make SM2DSA signatures with
  // AWS's distinguishing ID, and exporting an SM2 KeyObject aborts the process (NOTES.md §3), so Trent
  // refuses it here, with UnsupportedOperationException, rather than serve something incompatible.
  SM2: undefined,
});

/** Whether Trent can create and use keys of `keySpec` (also false for names that are not key specs). */
export function isSupportedKeySpec(keySpec: string): keySpec is KeySpec {
  return Object.hasOwn(keySpecs, keySpec) && keySpecs[keySpec as KeySpec] !== undefined;
}

/**
 * Resolves a key spec to its table entry. This is the one place an unsupported spec is refused: throws
 * `UnsupportedOperationException` naming the spec, for model specs Trent does not serve (SM2) and for
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

/** Whether the spec is asymmetric (has a public key GetPublicKey returns). */
export function isAsymmetric(entry: KeySpecEntry): entry is RsaKeySpecEntry | EccKeySpecEntry | Ed25519KeySpecEntry | MlDsaKeySpecEntry {
  return entry.kind === 'rsa' || entry.kind === 'ecc' || entry.kind === 'ed25519' || entry.kind === 'ml-dsa';
}

/** The algorithms a spec offers under a usage, or undefined when the pair is not allowed. */
export function usageAlgorithms(entry: KeySpecEntry, usage: KeyUsageType): UsageAlgorithms | undefined {
  return Object.hasOwn(entry.usages, usage) ? entry.usages[usage] : undefined;
}

// ── Signing algorithms (API Reference, Sign: SigningAlgorithm and MessageType) ─────────────────────

/** How a signing algorithm turns a message into a signature. */
export type SigningScheme = 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa' | 'ed25519' | 'ed25519ph' | 'ml-dsa';

export interface SigningAlgorithmEntry {
  readonly algorithm: SigningAlgorithmSpec;
  readonly scheme: SigningScheme;
  /** The hash that RAW messages go through; a DIGEST message must be exactly its output length. */
  readonly hash: HashName;
  /**
   * The message types the algorithm accepts: Ed25519 signs RAW messages only and Ed25519ph (HashEdDSA,
   * RFC 8032 §5.1) a SHA-512 DIGEST only; ML-DSA takes RAW or a 64-byte EXTERNAL_MU (FIPS 204 §6.2).
   */
  readonly messageTypes: readonly MessageType[];
}

const rawOrDigest: readonly MessageType[] = ['RAW', 'DIGEST'];
function signing(algorithm: SigningAlgorithmSpec, scheme: SigningScheme, hash: HashName, messageTypes = rawOrDigest): SigningAlgorithmEntry {
  return { algorithm, scheme, hash, messageTypes };
}

/** Every signing algorithm of the model; SM2DSA is refused like the SM2 key spec. */
export const signingAlgorithms: Readonly<Record<SigningAlgorithmSpec, SigningAlgorithmEntry | undefined>> = Object.freeze({
  RSASSA_PKCS1_V1_5_SHA_256: signing('RSASSA_PKCS1_V1_5_SHA_256', 'rsa-pkcs1', 'sha256'),
  RSASSA_PKCS1_V1_5_SHA_384: signing('RSASSA_PKCS1_V1_5_SHA_384', 'rsa-pkcs1', 'sha384'),
  RSASSA_PKCS1_V1_5_SHA_512: signing('RSASSA_PKCS1_V1_5_SHA_512', 'rsa-pkcs1', 'sha512'),
  // PSS with MGF1 over the same hash and salt length = digest length (Developer Guide, "RSA key specs
  // for signing and verification").
  RSASSA_PSS_SHA_256: signing('RSASSA_PSS_SHA_256', 'rsa-pss', 'sha256'),
  RSASSA_PSS_SHA_384: signing('RSASSA_PSS_SHA_384', 'rsa-pss', 'sha384'),
  RSASSA_PSS_SHA_512: signing('RSASSA_PSS_SHA_512', 'rsa-pss', 'sha512'),
  // DER-encoded ECDSA signatures (RFC 3279 §2.2.3), as AWS returns them.
  ECDSA_SHA_256: signing('ECDSA_SHA_256', 'ecdsa', 'sha256'),
  ECDSA_SHA_384: signing('ECDSA_SHA_384', 'ecdsa', 'sha384'),
  ECDSA_SHA_512: signing('ECDSA_SHA_512', 'ecdsa', 'sha512'),
  ED25519_SHA_512: signing('ED25519_SHA_512', 'ed25519', 'sha512', ['RAW']),
  ED25519_PH_SHA_512: signing('ED25519_PH_SHA_512', 'ed25519ph', 'sha512', ['DIGEST']),
  ML_DSA_SHAKE_256: signing('ML_DSA_SHAKE_256', 'ml-dsa', 'shake256', ['RAW', 'EXTERNAL_MU']),
  SM2DSA: undefined,
});

/** The entry of a signing algorithm, or undefined for one Trent does not serve. */
export function signingAlgorithmEntry(algorithm: string): SigningAlgorithmEntry | undefined {
  return Object.hasOwn(signingAlgorithms, algorithm) ? signingAlgorithms[algorithm as SigningAlgorithmSpec] : undefined;
}

// ── Encryption algorithms (API Reference, Encrypt: EncryptionAlgorithm) ─────────────────────────────

export interface EncryptionAlgorithmEntry {
  readonly algorithm: EncryptionAlgorithmSpec;
  /** RSAES-OAEP's hash, also used by MGF1 (RFC 8017 §7.1); undefined for SYMMETRIC_DEFAULT. */
  readonly oaepHash?: 'sha1' | 'sha256';
}

export const encryptionAlgorithms: Readonly<Record<EncryptionAlgorithmSpec, EncryptionAlgorithmEntry | undefined>> = Object.freeze({
  SYMMETRIC_DEFAULT: { algorithm: 'SYMMETRIC_DEFAULT' },
  RSAES_OAEP_SHA_1: { algorithm: 'RSAES_OAEP_SHA_1', oaepHash: 'sha1' },
  RSAES_OAEP_SHA_256: { algorithm: 'RSAES_OAEP_SHA_256', oaepHash: 'sha256' },
  SM2PKE: undefined,
});

/** The entry of an encryption algorithm, or undefined for one Trent does not serve. */
export function encryptionAlgorithmEntry(algorithm: string): EncryptionAlgorithmEntry | undefined {
  return Object.hasOwn(encryptionAlgorithms, algorithm) ? encryptionAlgorithms[algorithm as EncryptionAlgorithmSpec] : undefined;
}

/**
 * The largest plaintext RSAES-OAEP takes: k − 2·hLen − 2 bytes (RFC 8017 §7.1.1), e.g. 190 for
 * RSA_2048 with SHA-256, the limits AWS states in its errors (recorded: research §7).
 */
export function oaepPlaintextBytesMax(entry: RsaKeySpecEntry, oaepHash: 'sha1' | 'sha256'): number {
  return entry.modulusBits / 8 - 2 * hashBytes[oaepHash] - 2;
}

// ── MAC algorithms (API Reference, GenerateMac) ─────────────────────────────────────────────────────

export interface MacAlgorithmEntry {
  readonly algorithm: MacAlgorithmSpec;
  readonly hash: HashName;
  /** The one HMAC key spec the algorithm works with. */
  readonly keySpec: KeySpec;
}

export const macAlgorithms: Readonly<Record<MacAlgorithmSpec, MacAlgorithmEntry>> = Object.freeze({
  HMAC_SHA_224: { algorithm: 'HMAC_SHA_224', hash: 'sha224', keySpec: 'HMAC_224' },
  HMAC_SHA_256: { algorithm: 'HMAC_SHA_256', hash: 'sha256', keySpec: 'HMAC_256' },
  HMAC_SHA_384: { algorithm: 'HMAC_SHA_384', hash: 'sha384', keySpec: 'HMAC_384' },
  HMAC_SHA_512: { algorithm: 'HMAC_SHA_512', hash: 'sha512', keySpec: 'HMAC_512' },
});

/** The entry of a MAC algorithm (validation has refused names outside the enum). */
export function macAlgorithmEntry(algorithm: string): MacAlgorithmEntry | undefined {
  return Object.hasOwn(macAlgorithms, algorithm) ? macAlgorithms[algorithm as MacAlgorithmSpec] : undefined;
}

// ── Data keys and data key pairs ────────────────────────────────────────────────────────────────────

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

/**
 * A GenerateDataKeyPair `KeyPairSpec` names the same key pair as the KeySpec of that name
 * (https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKeyPair.html#KMS-GenerateDataKeyPair-request-KeyPairSpec);
 * SM2 is refused with its key spec.
 */
export function keyPairSpecEntry(keyPairSpec: DataKeyPairSpec): RsaKeySpecEntry | EccKeySpecEntry | Ed25519KeySpecEntry {
  const entry = keySpecEntry(keyPairSpec);
  if (entry.kind !== 'rsa' && entry.kind !== 'ecc' && entry.kind !== 'ed25519') {
    throw new UnsupportedOperationException(`KeyPairSpec ${keyPairSpec} is not supported by this server.`);
  }
  return entry;
}

/** The SYMMETRIC_DEFAULT entry, narrowed. */
export function symmetricEntry(): SymmetricKeySpecEntry {
  return keySpecs.SYMMETRIC_DEFAULT as SymmetricKeySpecEntry;
}
