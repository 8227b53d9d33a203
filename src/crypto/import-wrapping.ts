/**
 * Wrapping of imported key material (ImportKeyMaterial): the RSA wrapping key pair of
 * GetParametersForImport and the unwrap of each wrapping algorithm AWS offers.
 * https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-get-public-key-and-token.html
 *
 *   RSAES_OAEP_SHA_1 / _256          EncryptedKeyMaterial = RSA-OAEP(material)
 *   RSA_AES_KEY_WRAP_SHA_1 / _256    EncryptedKeyMaterial = RSA-OAEP(ephemeral AES-256 key)
 *                                      ‖ AES key wrap with padding (RFC 5649)(material)
 *
 * RSAES_PKCS1_V1_5 is not in the table: Node's privateDecrypt refuses PKCS#1 v1.5 padding
 * (CVE-2023-46809, NOTES.md §3), and the service answers it with a clear error before reaching here.
 *
 * Every unwrap failure (wrong length, bad OAEP padding, failed RFC 5649 integrity check) returns
 * undefined, the same for all, so the caller's single error reveals nothing about which step failed.
 */
import {
  createCipheriv, createDecipheriv, createHmac, createPrivateKey, generateKeyPair, privateDecrypt, constants, sign as cryptoSign, verify as cryptoVerify, type KeyObject,
} from 'node:crypto';
import { isSupportedKeySpec, keySpecEntry, type KeySpecEntry } from './algorithms.js';
import { openKeyMaterial, type OpenedMaterial } from './key-material.js';

/** Modulus bits of each WrappingKeySpec Trent serves (SM2 is China-Regions only). */
export const wrappingKeyBits: Readonly<Record<string, number>> = Object.freeze(Object.assign(Object.create(null) as Record<string, number>, {
  RSA_2048: 2048,
  RSA_3072: 3072,
  RSA_4096: 4096,
}));

interface WrappingAlgorithm {
  readonly oaepHash: 'sha1' | 'sha256';
  /** True for RSA_AES_KEY_WRAP_*: RSA-OAEP carries an AES-256 key, RFC 5649 carries the material. */
  readonly aesKeyWrap: boolean;
}

/** The wrapping algorithms Trent serves (AlgorithmSpec). */
export const wrappingAlgorithms: Readonly<Record<string, WrappingAlgorithm>> = Object.freeze(Object.assign(Object.create(null) as Record<string, WrappingAlgorithm>, {
  RSAES_OAEP_SHA_1: { oaepHash: 'sha1', aesKeyWrap: false },
  RSAES_OAEP_SHA_256: { oaepHash: 'sha256', aesKeyWrap: false },
  RSA_AES_KEY_WRAP_SHA_1: { oaepHash: 'sha1', aesKeyWrap: true },
  RSA_AES_KEY_WRAP_SHA_256: { oaepHash: 'sha256', aesKeyWrap: true },
}));

export interface WrappingKeyPair {
  /** DER SubjectPublicKeyInfo: GetParametersForImport's PublicKey. */
  readonly publicKeyDer: Buffer;
  /** DER PKCS#8: sealed into the import token, never stored or returned in clear. */
  readonly privateKeyDer: Buffer;
}

/** Generates an RSA wrapping key pair off the event loop (RSA-4096 takes about a second). */
export async function generateWrappingKeyPair(bits: number): Promise<WrappingKeyPair> {
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', {
      modulusLength: bits,
      publicExponent: 0x10001,
      publicKeyEncoding: { type: 'spki', format: 'der' },
      privateKeyEncoding: { type: 'pkcs8', format: 'der' },
    }, (error, publicKey, privateKey) => (error ? reject(error) : resolve({ publicKeyDer: publicKey, privateKeyDer: privateKey })));
  });
}

/** RFC 5649 §3 alternative initial value. */
const kwpIv = Buffer.from('a65959a6', 'hex');

function kwpCipher(kek: Uint8Array): string {
  switch (kek.length) {
    case 16: return 'id-aes128-wrap-pad';
    case 24: return 'id-aes192-wrap-pad';
    case 32: return 'id-aes256-wrap-pad';
    default: throw new RangeError(`AES key wrap needs a 128-, 192- or 256-bit key, got ${kek.length} bytes`);
  }
}

/** AES key wrap with padding (RFC 5649) of `plaintext` (1 byte or more) under `kek`. */
export function aesKeyWrapPad(kek: Uint8Array, plaintext: Uint8Array): Buffer {
  const cipher = createCipheriv(kwpCipher(kek), kek, kwpIv);
  return Buffer.concat([cipher.update(plaintext), cipher.final()]);
}

/** RFC 5649 unwrap; undefined when the integrity check or the length fails. */
export function aesKeyUnwrapPad(kek: Uint8Array, wrapped: Uint8Array): Buffer | undefined {
  // RFC 5649 §4.2: at least two 64-bit blocks, a whole number of them.
  if (wrapped.length < 16 || wrapped.length % 8 !== 0) return undefined;
  try {
    const decipher = createDecipheriv(kwpCipher(kek), kek, kwpIv);
    return Buffer.concat([decipher.update(wrapped), decipher.final()]);
  } catch {
    return undefined;
  }
}

function oaepDecrypt(privateKey: KeyObject | Buffer, hash: 'sha1' | 'sha256', data: Uint8Array): Buffer | undefined {
  try {
    const key = Buffer.isBuffer(privateKey) ? { key: privateKey, format: 'der' as const, type: 'pkcs8' as const } : { key: privateKey };
    return privateDecrypt({ ...key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, data);
  } catch {
    return undefined;
  }
}

/**
 * Unwraps EncryptedKeyMaterial with the wrapping private key (DER PKCS#8, `bits` modulus) under
 * `algorithm`; undefined on any failure. The caller zeroes the result.
 */
export function unwrapKeyMaterial(algorithm: string, privateKeyDer: Buffer, bits: number, wrapped: Uint8Array): Buffer | undefined {
  const entry = wrappingAlgorithms[algorithm];
  if (entry === undefined) return undefined;
  if (!entry.aesKeyWrap) return oaepDecrypt(privateKeyDer, entry.oaepHash, wrapped);
  const rsaBytes = bits / 8;
  if (wrapped.length <= rsaBytes) return undefined;
  const aesKey = oaepDecrypt(privateKeyDer, entry.oaepHash, wrapped.subarray(0, rsaBytes));
  if (aesKey === undefined || aesKey.length !== 32) {
    aesKey?.fill(0);
    return undefined;
  }
  try {
    return aesKeyUnwrapPad(aesKey, wrapped.subarray(rsaBytes));
  } finally {
    aesKey.fill(0);
  }
}

/**
 * The KeyMaterialId of imported material: HMAC-SHA256 keyed with the material over the key id, so
 * re-importing the same material into the same key gives the same id (and finds its version), and
 * the id reveals nothing about the material to anyone without it.
 */
export function importedMaterialId(material: Uint8Array, keyId: string): string {
  return createHmac('sha256', material).update(`trent imported key material id v1\u0000${keyId}`, 'utf8').digest('hex');
}

/**
 * Which imported material each key kind takes, and its canonical stored form (Developer Guide,
 * "Requirements for imported key material"):
 *
 *   SYMMETRIC_DEFAULT     exactly 32 bytes (a 256-bit AES key)
 *   HMAC_224 / 256        28–64 / 32–64 bytes: at least the hash output, at most its block size
 *   HMAC_384 / 512        48–128 / 64–128 bytes
 *   RSA_*, ECC_NIST_P*, ECC_SECG_P256K1
 *                         the private key as DER PKCS#8 (RFC 5208; EC keys RFC 5915 inside it), of
 *                         the key spec's modulus size or curve
 *
 * Ed25519 and ML-DSA keys are not in AWS's list of importable key specs; SM2 is China-Regions only
 * and refused by CreateKey already. A private key is stored re-encoded (through JWK), so two encodings
 * of one key (with or without optional fields) are the same material for re-import, and only after
 * a pairwise-consistency check (sign, then verify with the public half it carries; FIPS 140-3 IG
 * 10.3.A): a PKCS#8 whose embedded public key does not belong to its private key is refused rather
 * than served by GetPublicKey.
 */
function importable(entry: KeySpecEntry): boolean {
  return entry.kind === 'symmetric' || entry.kind === 'hmac' || entry.kind === 'rsa' || entry.kind === 'ecc';
}

/** True when Trent can import material for this key spec at all. */
export function canImportKeySpec(keySpec: string): boolean {
  return isSupportedKeySpec(keySpec) && importable(keySpecEntry(keySpec));
}

/**
 * "To import an RSA private key, you must use an RSA_AES wrapping algorithm" (API Reference,
 * GetParametersForImport: WrappingAlgorithm): RSA-OAEP alone carries at most 446 bytes (RSA-4096,
 * SHA-1), and an RSA private key in PKCS#8 is larger than that.
 */
export function needsAesKeyWrap(keySpec: string, algorithm: string): boolean {
  return isSupportedKeySpec(keySpec) && keySpecEntry(keySpec).kind === 'rsa' && wrappingAlgorithms[algorithm]?.aesKeyWrap === false;
}

/** A fixed message for the pairwise-consistency check. */
const pairwiseMessage = Buffer.from('trent imported key pairwise consistency', 'utf8');

function canonicalPrivateKey(entry: KeySpecEntry, material: Uint8Array): Buffer | undefined {
  let opened: OpenedMaterial;
  try {
    opened = openKeyMaterial(entry, material);
  } catch {
    return undefined;
  }
  if (opened.kind !== 'node') return undefined;
  const { privateKey, publicKey } = opened.pair;
  // RSA-PSS would need a salt length; PKCS#1 v1.5 over SHA-256 is enough to bind the halves.
  const signature = cryptoSign('sha256', pairwiseMessage, privateKey);
  if (!cryptoVerify('sha256', pairwiseMessage, publicKey, signature)) return undefined;
  // Through JWK (RFC 7517: only the key's numbers) back to PKCS#8: one DER for every encoding of a key.
  return createPrivateKey({ key: privateKey.export({ format: 'jwk' }), format: 'jwk' }).export({ type: 'pkcs8', format: 'der' });
}

/**
 * The stored form of unwrapped material for `keySpec`, or undefined when it is not valid material
 * of that spec (the caller answers every such case with one error). The caller zeroes both buffers.
 */
export function canonicalImportedMaterial(keySpec: string, material: Uint8Array): Buffer | undefined {
  if (!canImportKeySpec(keySpec)) return undefined;
  const entry = keySpecEntry(keySpec);
  switch (entry.kind) {
    case 'symmetric': return material.length === entry.backingKeyBytes ? Buffer.from(material) : undefined;
    case 'hmac': return material.length >= entry.importKeyBytes.min && material.length <= entry.importKeyBytes.max ? Buffer.from(material) : undefined;
    default: return canonicalPrivateKey(entry, material);
  }
}
