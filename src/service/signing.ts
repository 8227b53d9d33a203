/**
 * What Sign, Verify, GetPublicKey, GenerateMac, VerifyMac, DeriveSharedSecret and the RSA paths of
 * Encrypt/Decrypt share: the opened material of the request's key, and AWS's checks of an algorithm
 * and a message against the key's spec (API Reference, Sign: SigningAlgorithm and MessageType).
 */
import { InvalidKeyUsageException, KMSInternalException } from '../api/generated/errors.js';
import { ValidationException } from '../api/errors.js';
import type { MessageType, SigningAlgorithmSpec } from '../api/generated/shapes.js';
import type { KeyRecord } from '../domain/key/key-record.js';
import { keyMaterialUnavailable } from '../domain/messages.js';
import { algorithmIncompatible, digestInvalidLength, messageTypeNotSupported } from '../domain/messages-key-spec.js';
import { hashBytes, keySpecEntry, signingAlgorithmEntry, usageAlgorithms, type SigningAlgorithmEntry } from '../crypto/algorithms.js';
import type { OpenedMaterial } from '../crypto/key-material.js';
import type { SignKey } from '../crypto/sign.js';
import type { NodeKeyPair } from '../crypto/key-material.js';
import type { ServiceDeps } from './deps.js';

/** The current material of `key`, opened; a missing version is a server fault. */
export async function currentMaterial(deps: Pick<ServiceDeps, 'keyring'>, key: KeyRecord): Promise<OpenedMaterial> {
  const opened = await deps.keyring.material(key);
  if (!opened) throw new KMSInternalException(keyMaterialUnavailable);
  return opened.material;
}

/** The key pair of an asymmetric key (node:crypto or ML-DSA). */
export async function signKey(deps: Pick<ServiceDeps, 'keyring'>, key: KeyRecord): Promise<SignKey> {
  const material = await currentMaterial(deps, key);
  if (material.kind === 'secret') throw new KMSInternalException(keyMaterialUnavailable);
  return material.pair;
}

/** The node:crypto key pair of an RSA or ECC key. */
export async function nodeKeyPair(deps: Pick<ServiceDeps, 'keyring'>, key: KeyRecord): Promise<NodeKeyPair> {
  const material = await currentMaterial(deps, key);
  if (material.kind !== 'node') throw new KMSInternalException(keyMaterialUnavailable);
  return material.pair;
}

/**
 * The signing algorithm entry, once AWS's checks pass: the algorithm must be one the key's spec offers
 * (InvalidKeyUsageException), the message type one the algorithm takes, and a DIGEST or EXTERNAL_MU
 * exactly the algorithm's digest length (ValidationException, RECORDED text).
 */
export function checkSigningRequest(key: KeyRecord, algorithm: SigningAlgorithmSpec, messageType: MessageType, message: Uint8Array): SigningAlgorithmEntry {
  const offered = usageAlgorithms(keySpecEntry(key.keySpec), 'SIGN_VERIFY')?.signingAlgorithms ?? [];
  const entry = signingAlgorithmEntry(algorithm);
  if (!entry || !offered.includes(algorithm)) throw new InvalidKeyUsageException(algorithmIncompatible(algorithm, key.keySpec));
  if (!entry.messageTypes.includes(messageType)) throw new ValidationException(messageTypeNotSupported(messageType, algorithm));
  if (messageType !== 'RAW' && message.length !== hashBytes[entry.hash]) throw new ValidationException(digestInvalidLength(algorithm));
  return entry;
}
