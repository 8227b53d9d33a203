/**
 * Sign and Verify for every signing algorithm of algorithms.ts, over a RAW message or a DIGEST (or an
 * ML-DSA EXTERNAL_MU), byte-compatible with AWS KMS (API Reference, Sign; Developer Guide, "Signing
 * algorithms"):
 *
 *   RSASSA-PKCS1-v1_5 / RSASSA-PSS   node:crypto; PSS salt length = hash length. A DIGEST is encoded
 *                                    here (rsa-encoding.ts) and raised to the private exponent by
 *                                    `RsaPrivate`, which the service runs off the event loop.
 *   ECDSA                            DER signatures (RFC 3279 §2.2.3). RAW by node:crypto; DIGEST by
 *                                    @noble/curves, which signs the given digest (RFC 6979 nonces),
 *                                    through `NobleWork` (noble-work.ts).
 *   ED25519_SHA_512                  pure Ed25519 (RFC 8032 §5.1.6) by node:crypto; RAW only.
 *   ED25519_PH_SHA_512               Ed25519ph (RFC 8032 §5.1, PH = SHA-512, empty context) over the
 *                                    given SHA-512 digest, by @noble/curves through `NobleWork`.
 *   ML_DSA_SHAKE_256                 @noble/post-quantum (ml-dsa.ts) through `NobleWork`.
 *
 * The service injects a `NobleWork` that runs on worker threads (noble-threads.ts), so none of the
 * @noble work blocks the event loop; without one (tests, vector runners) it runs inline.
 *
 * The caller has checked the message type and digest length against the algorithm entry. A DIGEST is
 * signed as given, never hashed again. Verification answers false for every malformed signature.
 */
import { constants, sign as nodeSign, verify as nodeVerify, privateDecrypt, privateEncrypt, publicDecrypt, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { MessageType } from '../api/generated/shapes.js';
import { hashBytes, type MlDsaKeySpecEntry, type SigningAlgorithmEntry } from './algorithms.js';
import type { NodeKeyPair, NodePublicKey } from './key-material.js';
import type { MlDsaKeyPair } from './ml-dsa.js';
import { inlineNoble, type NobleWork } from './noble-work.js';
import { pkcs1DigestInfo, pssEncode, pssVerify } from './rsa-encoding.js';
import type { RandomBytes } from './symmetric-key.js';

/**
 * The raw RSA private-key operation (RFC 8017 RSASP1) with PKCS#1 type-1 padding or none, and
 * RSAES-OAEP decryption. The service injects an implementation that runs on worker threads; the
 * inline one below serves tests and vector runners.
 */
export interface RsaPrivate {
  privateEncrypt(key: KeyObject, input: Buffer, padding: number): Promise<Buffer>;
  privateDecrypt(key: KeyObject, ciphertext: Buffer, oaepHash: string): Promise<Buffer>;
}

/** RsaPrivate on the calling thread (blocks it for the length of one RSA operation). */
export const inlineRsaPrivate: RsaPrivate = {
  privateEncrypt: async (key, input, padding) => privateEncrypt({ key, padding }, input),
  privateDecrypt: async (key, ciphertext, oaepHash) => privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, ciphertext),
};

/** A key that can verify: a node:crypto public key, or an ML-DSA public key. */
export type VerifyKey = NodePublicKey | Pick<MlDsaKeyPair, 'entry' | 'publicKey'>;
/** A key that can sign. */
export type SignKey = NodeKeyPair | MlDsaKeyPair;

function nodeSignAsync(algorithm: string | null, data: Uint8Array, key: Parameters<typeof nodeSign>[2]): Promise<Buffer> {
  return new Promise((resolve, reject) => nodeSign(algorithm, data, key, (error, signature) => (error ? reject(error) : resolve(signature))));
}
function nodeVerifyAsync(algorithm: string | null, data: Uint8Array, key: Parameters<typeof nodeVerify>[2], signature: Uint8Array): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      nodeVerify(algorithm, data, key, signature, (error, ok) => resolve(!error && ok));
    } catch {
      resolve(false);
    }
  });
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function isMlDsa(key: SignKey | VerifyKey): key is MlDsaKeyPair {
  return key.entry.kind === 'ml-dsa';
}

/** Signs `message` as `messageType` with `algorithm`. */
export async function signMessage(
  key: SignKey, algorithm: SigningAlgorithmEntry, message: Uint8Array, messageType: MessageType,
  rsa: RsaPrivate, randomBytes: RandomBytes, noble: NobleWork = inlineNoble,
): Promise<Buffer> {
  if (isMlDsa(key)) return toBuffer(await noble.mlDsaSign(key.entry.parameterSet, key.secretKey, message, messageType === 'EXTERNAL_MU'));
  const digest = messageType === 'DIGEST';
  const { hash } = algorithm;
  switch (algorithm.scheme) {
    case 'rsa-pkcs1':
      if (digest) return rsa.privateEncrypt(key.privateKey, pkcs1DigestInfo(hash, message), constants.RSA_PKCS1_PADDING);
      return nodeSignAsync(hash, message, { key: key.privateKey, padding: constants.RSA_PKCS1_PADDING });
    case 'rsa-pss': {
      if (key.entry.kind !== 'rsa') break;
      if (digest) return rsa.privateEncrypt(key.privateKey, pssEncode(hash, message, key.entry.modulusBits, randomBytes(hashBytes[hash])), constants.RSA_NO_PADDING);
      return nodeSignAsync(hash, message, { key: key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: hashBytes[hash] });
    }
    case 'ecdsa': {
      if (key.entry.kind !== 'ecc') break;
      if (!digest) return nodeSign(hash, message, { key: key.privateKey, dsaEncoding: 'der' });
      return toBuffer(await noble.ecdsaSignDigest(key.entry.nobleCurve, message, key.rawPrivate!));
    }
    case 'ed25519': return nodeSign(null, message, key.privateKey);
    case 'ed25519ph': return toBuffer(await noble.ed25519phSign(message, key.rawPrivate!));
    case 'ml-dsa': break;
  }
  throw new Error(`${algorithm.algorithm} does not apply to ${key.entry.keySpec}`);
}

/** Verifies `signature` over `message` as `messageType`; false for any mismatch or malformed input. */
export async function verifySignature(
  key: VerifyKey, algorithm: SigningAlgorithmEntry, message: Uint8Array, messageType: MessageType, signature: Uint8Array,
  noble: NobleWork = inlineNoble,
): Promise<boolean> {
  if (isMlDsa(key)) return noble.mlDsaVerify((key.entry as MlDsaKeySpecEntry).parameterSet, key.publicKey, message, signature, messageType === 'EXTERNAL_MU');
  const digest = messageType === 'DIGEST';
  const { hash } = algorithm;
  const nodeKey = key as NodePublicKey;
  switch (algorithm.scheme) {
    case 'rsa-pkcs1': case 'rsa-pss': {
      if (nodeKey.entry.kind !== 'rsa') return false;
      const pss = algorithm.scheme === 'rsa-pss';
      if (!digest) {
        const options = pss
          ? { key: nodeKey.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: hashBytes[hash] }
          : { key: nodeKey.publicKey, padding: constants.RSA_PKCS1_PADDING };
        return nodeVerifyAsync(hash, message, options, signature);
      }
      if (signature.length !== nodeKey.entry.modulusBits / 8) return false;
      try {
        if (pss) {
          const em = publicDecrypt({ key: nodeKey.publicKey, padding: constants.RSA_NO_PADDING }, signature);
          return pssVerify(hash, message, em, nodeKey.entry.modulusBits);
        }
        const recovered = publicDecrypt({ key: nodeKey.publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
        const expected = pkcs1DigestInfo(hash, message);
        return recovered.length === expected.length && timingSafeEqual(recovered, expected);
      } catch {
        return false;
      }
    }
    case 'ecdsa': {
      if (nodeKey.entry.kind !== 'ecc') return false;
      if (!digest) return nodeVerifyAsync(hash, message, { key: nodeKey.publicKey, dsaEncoding: 'der' }, signature);
      return noble.ecdsaVerifyDigest(nodeKey.entry.nobleCurve, message, nodeKey.rawPublic!, signature);
    }
    case 'ed25519': return nodeVerifyAsync(null, message, nodeKey.publicKey, signature);
    case 'ed25519ph': return noble.ed25519phVerify(message, nodeKey.rawPublic!, signature);
    case 'ml-dsa': return false;
  }
}
