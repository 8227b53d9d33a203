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
import { createCipheriv, createDecipheriv, createHmac, generateKeyPair, privateDecrypt, constants, type KeyObject } from 'node:crypto';

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
 * Whether raw imported material is valid for a key spec. Symmetric keys here; HMAC and asymmetric
 * specs (key-specs issue) add a row each.
 */
const importedMaterialRules: Readonly<Record<string, (material: Uint8Array) => boolean>> = Object.freeze(Object.assign(Object.create(null) as Record<string, (material: Uint8Array) => boolean>, {
  // 256-bit AES key (Developer Guide, "Requirements for imported key material").
  SYMMETRIC_DEFAULT: (material: Uint8Array) => material.length === 32,
}));

/** True when Trent can import material for this key spec at all. */
export function canImportKeySpec(keySpec: string): boolean {
  return importedMaterialRules[keySpec] !== undefined;
}

export function isValidImportedMaterial(keySpec: string, material: Uint8Array): boolean {
  return importedMaterialRules[keySpec]?.(material) ?? false;
}
