/**
 * AWS KMS's message texts for asymmetric, HMAC and key-agreement keys (issue 15), kept apart from
 * messages.ts to keep that file small. RECORDED texts come from LocalStack's snapshot recorded
 * against AWS (tests/aws/services/kms/test_kms.snapshot.json, cited as LS-SNAP <test>);
 * UNRECORDED ones are chosen, worded like the recorded ones, and say so.
 */

/** ValidationException: CreateKey with an asymmetric or HMAC KeySpec and no KeyUsage (RECORDED, LS-SNAP test_hmac_create_key_invalid_operations). */
export const keyUsageRequired = 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.';

/** ValidationException: a KeySpec × KeyUsage pair AWS does not allow; no trailing period (RECORDED, LS-SNAP test_derive_shared_secret). */
export function keyUsageNotCompatible(keyUsage: string, keySpec: string): string {
  return `KeyUsage ${keyUsage} is not compatible with KeySpec ${keySpec}`;
}

/** ValidationException: a DIGEST (or EXTERNAL_MU) whose length is not the algorithm's (RECORDED, LS-SNAP test_sign_verify). */
export function digestInvalidLength(signingAlgorithm: string): string {
  return `Digest is invalid length for algorithm ${signingAlgorithm}.`;
}

/** ValidationException: a plaintext longer than RSAES-OAEP allows (RECORDED, LS-SNAP test_encrypt_validate_plaintext_size_per_key_type). */
export function plaintextTooLarge(encryptionAlgorithm: string, keySpec: string, bytesMax: number): string {
  return `Algorithm ${encryptionAlgorithm} and key spec ${keySpec} cannot encrypt data larger than ${bytesMax} bytes.`;
}

/**
 * InvalidKeyUsageException: a MAC algorithm of another HMAC key spec (RECORDED, LS-SNAP
 * test_invalid_generate_mac). Also used, UNRECORDED, for a signing algorithm the key's spec does
 * not offer: the same check on the same kind of parameter.
 */
export function algorithmIncompatible(algorithm: string, keySpec: string): string {
  return `Algorithm ${algorithm} is incompatible with key spec ${keySpec}.`;
}

/**
 * ValidationException: a MessageType the signing algorithm does not take (ED25519_SHA_512 takes RAW
 * only, ED25519_PH_SHA_512 DIGEST only, EXTERNAL_MU is for ML-DSA only). UNRECORDED: AWS documents
 * the rule (API Reference, Sign, MessageType) but no response is recorded.
 */
export function messageTypeNotSupported(messageType: string, signingAlgorithm: string): string {
  return `MessageType ${messageType} is not supported for signing algorithm ${signingAlgorithm}.`;
}

/**
 * InvalidKeyUsageException: the key's usage fits but its spec does not (GenerateDataKey under an RSA
 * encryption key, GetPublicKey of a symmetric or HMAC key is UnsupportedOperationException with the
 * same text). UNRECORDED: worded like the recorded "<arn> key usage is X which is not valid for Op.".
 */
export function keySpecNotValid(keyArn: string, keySpec: string, operation: string): string {
  return `${keyArn} key spec is ${keySpec} which is not valid for ${operation}.`;
}

/**
 * ValidationException: Decrypt or ReEncrypt of an asymmetric ciphertext without naming the key.
 * UNRECORDED: the API Reference says KeyId is required for asymmetric keys.
 */
export function keyIdRequiredForAlgorithm(parameter: string, encryptionAlgorithm: string): string {
  return `${parameter} is required when the encryption algorithm is ${encryptionAlgorithm}.`;
}

/** KMSInvalidSignatureException, KMSInvalidMacException: AWS sends them with an empty message (RECORDED, LS-SNAP). */
export const invalidSignature = '';
export const invalidMac = '';

/** ValidationException for an unusable DeriveSharedSecret PublicKey: AWS sends it with an empty message (RECORDED, LS-SNAP test_derive_shared_secret). */
export const invalidPublicKey = '';

/**
 * ValidationException: an EncryptionContext with an RSA key. UNRECORDED: the API Reference says an
 * encryption context "is supported only on operations with symmetric encryption KMS keys"; Trent
 * refuses one rather than silently not binding it.
 */
export const encryptionContextNotSupported = 'EncryptionContext is not supported for asymmetric KMS keys.';
