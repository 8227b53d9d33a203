/**
 * What Encrypt, Decrypt and ReEncrypt do with RSA ENCRYPT_DECRYPT keys: RSAES-OAEP under the key's
 * public key, decryption with its private key (crypto/rsa-oaep.ts), AWS's plaintext limits, and the
 * key rule that finds an RSA ciphertext's key from the KeyId parameter (an RSA ciphertext names no
 * key, unlike Trent's symmetric blob).
 * https://docs.aws.amazon.com/kms/latest/developerguide/symmetric-asymmetric.html
 */
import { InvalidCiphertextException, InvalidKeyUsageException } from '../api/generated/errors.js';
import { ValidationException } from '../api/errors.js';
import type { EncryptionAlgorithmSpec } from '../api/generated/shapes.js';
import { allKeyForms } from '../domain/key/identifiers.js';
import { usableStates } from '../domain/key/key-state.js';
import type { KeyRecord } from '../domain/key/key-record.js';
import { encryptionAlgorithmNotValid } from '../domain/messages.js';
import { encryptionContextNotSupported, keyIdRequiredForAlgorithm, plaintextTooLarge } from '../domain/messages-key-spec.js';
import { encryptionAlgorithmEntry, keySpecEntry, usageAlgorithms, type EncryptionAlgorithmEntry } from '../crypto/algorithms.js';
import { invalidCiphertextMessage } from '../crypto/ciphertext-blob.js';
import { oaepDecrypt, oaepEncrypt, oaepLimit } from '../crypto/rsa-oaep.js';
import { inlineRsaPrivate } from '../crypto/sign.js';
import type { OperationInput } from '../api/generated/operations.js';
import type { ServiceDeps } from './deps.js';
import type { KeyRule } from './operation.js';
import { nodeKeyPair } from './signing.js';

/** Whether the algorithm names RSA encryption (so the ciphertext is a bare RSA ciphertext). */
export function isRsaAlgorithm(algorithm: EncryptionAlgorithmSpec | undefined): boolean {
  return algorithm !== undefined && encryptionAlgorithmEntry(algorithm)?.oaepHash !== undefined;
}

/**
 * The algorithm entry when the key's spec offers it (SYMMETRIC_DEFAULT when absent), else
 * InvalidKeyUsageException: an RSA key needs RSAES_OAEP_SHA_1/256, a symmetric key SYMMETRIC_DEFAULT.
 */
export function checkEncryptionAlgorithm(key: KeyRecord, algorithm: EncryptionAlgorithmSpec | undefined): EncryptionAlgorithmEntry {
  const name = algorithm ?? 'SYMMETRIC_DEFAULT';
  const offered = usageAlgorithms(keySpecEntry(key.keySpec), 'ENCRYPT_DECRYPT')?.encryptionAlgorithms ?? [];
  const entry = encryptionAlgorithmEntry(name);
  if (!entry || !offered.includes(name)) throw new InvalidKeyUsageException(encryptionAlgorithmNotValid(name, key.arn));
  return entry;
}

/** AWS binds no encryption context to RSA ciphertexts; one given is refused rather than ignored. */
function checkNoContext(context: Record<string, string> | undefined): void {
  if (context !== undefined && Object.keys(context).length > 0) throw new ValidationException(encryptionContextNotSupported);
}

/** RSAES-OAEP encryption under an RSA key, with AWS's plaintext limit (RECORDED message). */
export async function rsaEncrypt(deps: ServiceDeps, key: KeyRecord, algorithm: EncryptionAlgorithmEntry, plaintext: Uint8Array, context: Record<string, string> | undefined): Promise<Buffer> {
  checkNoContext(context);
  const pair = await nodeKeyPair(deps, key);
  const max = oaepLimit(pair, algorithm);
  if (plaintext.length > max) throw new ValidationException(plaintextTooLarge(algorithm.algorithm, key.keySpec, max));
  return oaepEncrypt(pair, algorithm, plaintext);
}

/** RSAES-OAEP decryption; any failure is the one InvalidCiphertextException (DESIGN.md habit 2). */
export async function rsaDecrypt(deps: ServiceDeps, key: KeyRecord, algorithm: EncryptionAlgorithmEntry, ciphertext: Uint8Array, context: Record<string, string> | undefined): Promise<Buffer> {
  checkNoContext(context);
  const pair = await nodeKeyPair(deps, key);
  try {
    return await oaepDecrypt(pair, algorithm, ciphertext, deps.rsa ?? inlineRsaPrivate);
  } catch {
    throw new InvalidCiphertextException(invalidCiphertextMessage);
  }
}

/**
 * `KeyRule.forInput` of Decrypt and ReEncrypt: with an RSAES algorithm, the key is the one KeyId /
 * SourceKeyId names (any identifier form), which must then be given.
 */
export function rsaSourceRule<O extends 'Decrypt' | 'ReEncrypt'>(
  algorithmOf: (input: OperationInput<O>) => EncryptionAlgorithmSpec | undefined,
  keyIdOf: (input: OperationInput<O>) => string | undefined,
  parameter: string,
): (input: OperationInput<O>) => KeyRule<O> | undefined {
  return (input) => {
    const algorithm = algorithmOf(input);
    if (!isRsaAlgorithm(algorithm)) return undefined;
    return {
      reference: (i) => {
        const keyId = keyIdOf(i);
        if (keyId === undefined) throw new ValidationException(keyIdRequiredForAlgorithm(parameter, algorithm!));
        return keyId;
      },
      forms: allKeyForms,
      acceptedStates: usableStates,
      keyUsages: ['ENCRYPT_DECRYPT'],
    };
  };
}
