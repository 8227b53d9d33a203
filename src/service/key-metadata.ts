/**
 * KeyRecord → the KeyMetadata wire shape, as DescribeKey / CreateKey return it.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html
 * KeyMetadata.KeyId is the bare key id; `Arn` carries the ARN (unlike the top-level KeyId members of
 * Encrypt & co., which are ARNs: NOTES.md §1).
 */
import type { KeyMetadata } from '../api/generated/shapes.js';
import type { KeyRecord } from '../domain/key/key-record.js';
import { keySpecEntry } from '../crypto/algorithms.js';

/** KeySpec values the deprecated CustomerMasterKeySpec enum also has (the model's enum). */
const customerMasterKeySpecs: ReadonlySet<string> = new Set([
  'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512',
  'RSA_2048', 'RSA_3072', 'RSA_4096', 'SM2', 'SYMMETRIC_DEFAULT',
]);

/**
 * Builds KeyMetadata; `currentKeyMaterialId` is given for symmetric keys only: AWS returns it for
 * symmetric encryption keys, not for HMAC or asymmetric ones (RECORDED, research §8).
 */
export function toKeyMetadata(key: KeyRecord, currentKeyMaterialId: string | undefined): KeyMetadata {
  const spec = keySpecEntry(key.keySpec);
  const metadata: KeyMetadata = {
    AWSAccountId: key.accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: new Date(key.creationDateMs),
    Enabled: key.keyState === 'Enabled',
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.keyState,
    Origin: key.origin,
    KeyManager: key.keyManager,
    // The deprecated twin of KeySpec; AWS still returns it (research §8). It has no ML-DSA or
    // Ed25519 values, so for those keys it is left out.
    ...(customerMasterKeySpecs.has(key.keySpec) ? { CustomerMasterKeySpec: key.keySpec as KeyMetadata['CustomerMasterKeySpec'] } : {}),
    KeySpec: key.keySpec,
    MultiRegion: key.multiRegion,
  };
  const algorithms = spec.usages[key.keyUsage];
  if (algorithms?.encryptionAlgorithms) metadata.EncryptionAlgorithms = [...algorithms.encryptionAlgorithms];
  if (algorithms?.signingAlgorithms) metadata.SigningAlgorithms = [...algorithms.signingAlgorithms];
  if (algorithms?.macAlgorithms) metadata.MacAlgorithms = [...algorithms.macAlgorithms];
  if (algorithms?.keyAgreementAlgorithms) metadata.KeyAgreementAlgorithms = [...algorithms.keyAgreementAlgorithms];
  if (key.deletionDateMs !== undefined) metadata.DeletionDate = new Date(key.deletionDateMs);
  // Imported material: present once material is imported, gone again when it is deleted (RECORDED,
  // LS-SNAP test_import_key_symmetric).
  if (key.expirationModel !== undefined) metadata.ExpirationModel = key.expirationModel;
  if (key.validToMs !== undefined) metadata.ValidTo = new Date(key.validToMs);
  if (currentKeyMaterialId !== undefined) metadata.CurrentKeyMaterialId = currentKeyMaterialId;
  return metadata;
}
