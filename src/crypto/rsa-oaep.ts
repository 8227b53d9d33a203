/**
 * RSAES-OAEP (RFC 8017 §7.1) for RSA ENCRYPT_DECRYPT keys: RSAES_OAEP_SHA_1 and RSAES_OAEP_SHA_256,
 * MGF1 with the same hash, empty label, as AWS KMS does (Developer Guide, "RSA key specs for
 * encryption and decryption"). The ciphertext is the bare RSA output (k bytes), which ordinary
 * libraries decrypt with the private key and produce with GetPublicKey's public key.
 *
 * Must never: decrypt on the event loop (the service's RsaPrivate runs on worker threads), or tell
 * one decryption failure from another (RFC 8017 §7.1.2 note; DESIGN.md habit 2): every failure is
 * the same plain Error, which the service turns into InvalidCiphertextException.
 */
import { constants, publicEncrypt } from 'node:crypto';
import { oaepPlaintextBytesMax, type EncryptionAlgorithmEntry } from './algorithms.js';
import type { NodeKeyPair, NodePublicKey } from './key-material.js';
import type { RsaPrivate } from './sign.js';

/** The one error of a failed decryption. */
export class OaepDecryptError extends Error {
  constructor() {
    super('RSAES-OAEP decryption failed');
  }
}

function oaepHashOf(algorithm: EncryptionAlgorithmEntry): 'sha1' | 'sha256' {
  if (!algorithm.oaepHash) throw new Error(`${algorithm.algorithm} is not an RSA algorithm`);
  return algorithm.oaepHash;
}

/** Largest plaintext for the key and algorithm (k − 2·hLen − 2). */
export function oaepLimit(key: NodePublicKey, algorithm: EncryptionAlgorithmEntry): number {
  if (key.entry.kind !== 'rsa') throw new Error('not an RSA key');
  return oaepPlaintextBytesMax(key.entry, oaepHashOf(algorithm));
}

/** Encrypts with the public key (a public-key operation: tens of microseconds). */
export function oaepEncrypt(key: NodePublicKey, algorithm: EncryptionAlgorithmEntry, plaintext: Uint8Array): Buffer {
  return publicEncrypt({ key: key.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: oaepHashOf(algorithm) }, plaintext);
}

/** Decrypts with the private key through `rsa`; throws OaepDecryptError for any failure. */
export async function oaepDecrypt(key: NodeKeyPair, algorithm: EncryptionAlgorithmEntry, ciphertext: Uint8Array, rsa: RsaPrivate): Promise<Buffer> {
  const hash = oaepHashOf(algorithm);
  if (key.entry.kind !== 'rsa' || ciphertext.length !== key.entry.modulusBits / 8) throw new OaepDecryptError();
  try {
    return await rsa.privateDecrypt(key.privateKey, Buffer.from(ciphertext), hash);
  } catch {
    throw new OaepDecryptError();
  }
}
