/**
 * AWS KMS's message texts for rotation, scheduled deletion and imported key material (issue 14).
 * Sources as in messages.ts: docs/research/aws-kms-messages.md §2 (key-state table footnotes)
 * and §7 (LocalStack snapshots recorded against AWS, "LS-SNAP").
 */

/** UnsupportedOperationException for an operation the key's origin does not allow (RECORDED, LS-SNAP). */
export function originNotValid(keyArn: string, origin: string): string {
  return `${keyArn} origin is ${origin} which is not valid for this operation.`;
}

/** KMSInvalidStateException: CancelKeyDeletion of a key not pending deletion (docs footnote [4]). */
export function keyNotPendingDeletion(keyArn: string): string {
  return `${keyArn} is not pending deletion.`;
}

/** LimitExceededException past the on-demand rotation quota; no trailing period (RECORDED, LS-SNAP). */
export function onDemandRotationLimit(keyArn: string): string {
  return `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${keyArn}`;
}

/** KMSInvalidStateException: RotateKeyOnDemand of an imported key with no material pending (RECORDED). */
export function noMaterialPendingRotation(keyArn: string): string {
  return `No available key material pending rotation for the key: ${keyArn}.`;
}

/**
 * KMSInvalidStateException: a NEW_KEY_MATERIAL import while another is pending rotation
 * (RECORDED, LS-SNAP; the snapshot masks whether AWS writes the key id or the ARN: we write the id,
 * as the masked `<key-id:1>` suggests).
 */
export function materialAlreadyPending(newMaterialId: string, keyId: string, pendingMaterialId: string): string {
  return `New key material (id: ${newMaterialId}) cannot be imported into KMS key ${keyId}, because another key material (id: ${pendingMaterialId}) is pending rotation.`;
}

/** ValidationException: KEY_MATERIAL_EXPIRES without ValidTo (RECORDED, LS-SNAP test_import_key_symmetric). */
export const validToRequired = 'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES';

/**
 * ValidationException: ValidTo with KEY_MATERIAL_DOES_NOT_EXPIRE. UNRECORDED: the API Reference
 * says ValidTo is "required if and only if" the material expires; worded like the recorded twin.
 */
export const validToNotAllowed = 'A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE';

/**
 * ValidationException: ValidTo in the past or more than 365 days ahead. UNRECORDED (the API
 * Reference states the bounds); chosen text.
 */
export const validToOutOfRange = 'The validTo date must be in the future and no more than 365 days from now';

/**
 * ValidationException in the Coral form for a number outside the range the service (not the model)
 * enforces, e.g. PendingWindowInDays 7–30 while the model allows 1–365. UNRECORDED: the form is
 * AWS's recorded Coral text for a model range; that AWS uses it here is an assumption.
 */
export function valueOutOfRange(value: number, member: string, bound: 'min' | 'max', limit: number): string {
  const relation = bound === 'min' ? 'greater than or equal to' : 'less than or equal to';
  return `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must have value ${relation} ${limit}`;
}

/**
 * InvalidImportTokenException: a token that is not one Trent issued for this key (tampered, of
 * another key, or of another wrapping algorithm). UNRECORDED; chosen.
 */
export const invalidImportToken = 'The import token is invalid or was not issued for this KMS key.';

/** ExpiredImportTokenException: the 24 hours of the token have passed. UNRECORDED; chosen. */
export const expiredImportToken = 'The import token has expired. Call GetParametersForImport to get a new one.';

/**
 * InvalidCiphertextException for EncryptedKeyMaterial that does not unwrap to a valid key of the
 * key's spec. Every unwrap failure gets this same text, so nothing tells which check failed.
 * UNRECORDED; chosen.
 */
export const invalidWrappedMaterial = 'The EncryptedKeyMaterial could not be decrypted with the wrapping key of the import token, or is not valid key material for this KMS key.';

/** IncorrectKeyMaterialException: re-imported material that differs from the key's (UNRECORDED; chosen). */
export const incorrectKeyMaterial = 'The key material in the request is not the key material previously imported into this KMS key.';

/**
 * UnsupportedOperationException for RSAES_PKCS1_V1_5 (NOTES.md §3: Node's privateDecrypt refuses
 * PKCS#1 v1.5 padding since CVE-2023-46809, and AWS itself deprecated the algorithm).
 */
export const pkcs1WrappingUnsupported =
  'Trent does not support the wrapping algorithm RSAES_PKCS1_V1_5 (it is vulnerable to padding-oracle attacks); use RSAES_OAEP_SHA_256 or RSA_AES_KEY_WRAP_SHA_256.';

/** UnsupportedOperationException: a wrapping algorithm / key spec pair AWS does not offer. UNRECORDED. */
export function wrappingNotSupported(algorithm: string, wrappingKeySpec: string): string {
  return `The wrapping algorithm ${algorithm} is not supported with wrapping key spec ${wrappingKeySpec}.`;
}

/**
 * ValidationException: GetParametersForImport for an RSA key with an RSAES_OAEP wrapping algorithm.
 * The rule is the API Reference's ("To import an RSA private key, you must use an RSA_AES wrapping
 * algorithm"); the text is UNRECORDED, chosen.
 */
export function rsaMaterialNeedsAesKeyWrap(algorithm: string, keySpec: string): string {
  return `The wrapping algorithm ${algorithm} cannot wrap ${keySpec} private key material. Use RSA_AES_KEY_WRAP_SHA_256 or RSA_AES_KEY_WRAP_SHA_1.`;
}

/**
 * UnsupportedOperationException: ImportType NEW_KEY_MATERIAL into an HMAC or asymmetric key. The rule
 * is the API Reference's ("For asymmetric and HMAC keys, you cannot change the key material after the
 * initial import"); the text is UNRECORDED, chosen.
 */
export function newMaterialSymmetricOnly(keyArn: string, keySpec: string): string {
  return `${keyArn} has key spec ${keySpec}: NEW_KEY_MATERIAL can be imported into symmetric encryption keys only.`;
}

/**
 * ValidationException: KeyMaterialId given for an HMAC or asymmetric key ("This parameter is optional
 * and only usable with symmetric encryption keys", API Reference). UNRECORDED; chosen.
 */
export const keyMaterialIdSymmetricOnly = 'KeyMaterialId can be specified for symmetric encryption keys only.';

/** KMSInvalidStateException: ImportKeyMaterial naming a KeyMaterialId the key does not have. UNRECORDED. */
export function unknownKeyMaterialId(keyMaterialId: string, keyArn: string): string {
  return `Key material ${keyMaterialId} does not exist for the key: ${keyArn}.`;
}
