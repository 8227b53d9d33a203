/**
 * KeyRecord → the KeyMetadata wire shape, as DescribeKey / CreateKey return it.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html
 * KeyMetadata.KeyId is the bare key id; `Arn` carries the ARN (unlike the top-level KeyId members of
 * Encrypt & co., which are ARNs: NOTES.md §1).
 */
import type { KeyMetadata } from '../api/generated/shapes.js';
import type { KeyRecord } from '../domain/key/key-record.js';
import { keySpecEntry } from '../crypto/algorithms.js';

/** Builds KeyMetadata; `currentKeyMaterialId` is present for symmetric AWS_KMS keys. */
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
    // The deprecated twin of KeySpec; AWS still returns it (research §8).
    CustomerMasterKeySpec: key.keySpec as KeyMetadata['CustomerMasterKeySpec'],
    KeySpec: key.keySpec,
    MultiRegion: key.multiRegion,
  };
  const algorithms = spec.usages[key.keyUsage];
  if (algorithms?.encryptionAlgorithms) metadata.EncryptionAlgorithms = [...algorithms.encryptionAlgorithms];
  if (key.deletionDateMs !== undefined) metadata.DeletionDate = new Date(key.deletionDateMs);
  // Imported material: present once material is imported, gone again when it is deleted (RECORDED,
  // LS-SNAP test_import_key_symmetric).
  if (key.expirationModel !== undefined) metadata.ExpirationModel = key.expirationModel;
  if (key.validToMs !== undefined) metadata.ValidTo = new Date(key.validToMs);
  if (currentKeyMaterialId !== undefined) metadata.CurrentKeyMaterialId = currentKeyMaterialId;
  return metadata;
}
