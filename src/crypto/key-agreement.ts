/**
 * ECDH (NIST SP 800-56A rev. 3 §5.7.1.2, the cofactor is 1 on the NIST curves) for KEY_AGREEMENT
 * keys: the shared secret is the x-coordinate of d·Q, as many bytes as the field, exactly what
 * AWS KMS's DeriveSharedSecret returns ("it does not apply a key derivation function").
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_DeriveSharedSecret.html
 *
 * The peer's public key is a DER SubjectPublicKeyInfo; node:crypto (OpenSSL) parses it and refuses a
 * point that is not on the curve, so an invalid-curve attack cannot reach the private key.
 *
 * Must never: accept a public key of another curve or key type, or say which check refused it.
 */
import { diffieHellman } from 'node:crypto';
import { parsePublicKey, type NodeKeyPair } from './key-material.js';

/** The one error of an unusable peer public key. */
export class InvalidPeerKeyError extends Error {
  constructor() {
    super('the public key is not a valid key of the KMS key\'s curve');
  }
}

/** ECDH between our private key and the peer's SPKI. */
export function deriveSharedSecret(key: NodeKeyPair, peerSpki: Uint8Array): Buffer {
  if (key.entry.kind !== 'ecc') throw new InvalidPeerKeyError();
  let peer;
  try {
    peer = parsePublicKey(key.entry, peerSpki);
  } catch {
    throw new InvalidPeerKeyError();
  }
  try {
    return diffieHellman({ privateKey: key.privateKey, publicKey: peer.publicKey });
  } catch {
    throw new InvalidPeerKeyError();
  }
}
