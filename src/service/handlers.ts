/**
 * The operation registry: one entry per modelled operation, keyed by the exact wire name (DESIGN.md
 * habit 5). `Handlers` is a mapped type over the generated OperationName, so an operation added by a
 * model update fails `tsc` until it has an entry, and pipeline.ts checks the record again at start-up.
 * `grep notImplemented` is the to-do list.
 */
import type { OperationName } from '../api/generated/operations.js';
import type { Operation } from './operation.js';
import { notImplemented } from './operations/not-implemented.js';
import { createKey } from './operations/create-key.js';
import { describeKey } from './operations/describe-key.js';
import { listKeys } from './operations/list-keys.js';
import { updateKeyDescription } from './operations/update-key-description.js';
import { enableKey } from './operations/enable-key.js';
import { disableKey } from './operations/disable-key.js';
import { encrypt } from './operations/encrypt.js';
import { decrypt } from './operations/decrypt.js';
import { reEncrypt } from './operations/re-encrypt.js';
import { generateDataKey } from './operations/generate-data-key.js';
import { generateDataKeyWithoutPlaintext } from './operations/generate-data-key-without-plaintext.js';
import { generateRandom } from './operations/generate-random.js';
import { createAlias } from './operations/create-alias.js';
import { updateAlias } from './operations/update-alias.js';
import { deleteAlias } from './operations/delete-alias.js';
import { listAliases } from './operations/list-aliases.js';
import { tagResource } from './operations/tag-resource.js';
import { untagResource } from './operations/untag-resource.js';
import { listResourceTags } from './operations/list-resource-tags.js';
import { getKeyPolicy } from './operations/get-key-policy.js';
import { putKeyPolicy } from './operations/put-key-policy.js';
import { listKeyPolicies } from './operations/list-key-policies.js';
import { cancelKeyDeletion } from './operations/cancel-key-deletion.js';
import { deleteImportedKeyMaterial } from './operations/delete-imported-key-material.js';
import { disableKeyRotation } from './operations/disable-key-rotation.js';
import { enableKeyRotation } from './operations/enable-key-rotation.js';
import { getKeyRotationStatus } from './operations/get-key-rotation-status.js';
import { getParametersForImport } from './operations/get-parameters-for-import.js';
import { importKeyMaterial } from './operations/import-key-material.js';
import { listKeyRotations } from './operations/list-key-rotations.js';
import { rotateKeyOnDemand } from './operations/rotate-key-on-demand.js';
import { scheduleKeyDeletion } from './operations/schedule-key-deletion.js';
import { getKeyLastUsage } from './operations/get-key-last-usage.js';
import { sign } from './operations/sign.js';
import { verify } from './operations/verify.js';
import { getPublicKey } from './operations/get-public-key.js';
import { generateMac } from './operations/generate-mac.js';
import { verifyMac } from './operations/verify-mac.js';
import { generateDataKeyPair } from './operations/generate-data-key-pair.js';
import { generateDataKeyPairWithoutPlaintext } from './operations/generate-data-key-pair-without-plaintext.js';
import { deriveSharedSecret } from './operations/derive-shared-secret.js';
import { revokeGrant } from './operations/revoke-grant.js';
import { retireGrant } from './operations/retire-grant.js';
import { listRetirableGrants } from './operations/list-retirable-grants.js';
import { listGrants } from './operations/list-grants.js';
import { createGrant } from './operations/create-grant.js';

export type Handlers = { readonly [O in OperationName]: Operation<O> };

export const handlers: Handlers = {
  CancelKeyDeletion: cancelKeyDeletion,
  ConnectCustomKeyStore: notImplemented('ConnectCustomKeyStore'),
  CreateAlias: createAlias,
  CreateCustomKeyStore: notImplemented('CreateCustomKeyStore'),
  CreateGrant: createGrant,
  CreateKey: createKey,
  Decrypt: decrypt,
  DeleteAlias: deleteAlias,
  DeleteCustomKeyStore: notImplemented('DeleteCustomKeyStore'),
  DeleteImportedKeyMaterial: deleteImportedKeyMaterial,
  DeriveSharedSecret: deriveSharedSecret,
  DescribeCustomKeyStores: notImplemented('DescribeCustomKeyStores'),
  DescribeKey: describeKey,
  DisableKey: disableKey,
  DisableKeyRotation: disableKeyRotation,
  DisconnectCustomKeyStore: notImplemented('DisconnectCustomKeyStore'),
  EnableKey: enableKey,
  EnableKeyRotation: enableKeyRotation,
  Encrypt: encrypt,
  GenerateDataKey: generateDataKey,
  GenerateDataKeyPair: generateDataKeyPair,
  GenerateDataKeyPairWithoutPlaintext: generateDataKeyPairWithoutPlaintext,
  GenerateDataKeyWithoutPlaintext: generateDataKeyWithoutPlaintext,
  GenerateMac: generateMac,
  GenerateRandom: generateRandom,
  GetKeyLastUsage: getKeyLastUsage,
  GetKeyPolicy: getKeyPolicy,
  GetKeyRotationStatus: getKeyRotationStatus,
  GetParametersForImport: getParametersForImport,
  GetPublicKey: getPublicKey,
  ImportKeyMaterial: importKeyMaterial,
  ListAliases: listAliases,
  ListGrants: listGrants,
  ListKeyPolicies: listKeyPolicies,
  ListKeyRotations: listKeyRotations,
  ListKeys: listKeys,
  ListResourceTags: listResourceTags,
  ListRetirableGrants: listRetirableGrants,
  PutKeyPolicy: putKeyPolicy,
  ReEncrypt: reEncrypt,
  ReplicateKey: notImplemented('ReplicateKey'),
  RetireGrant: retireGrant,
  RevokeGrant: revokeGrant,
  RotateKeyOnDemand: rotateKeyOnDemand,
  ScheduleKeyDeletion: scheduleKeyDeletion,
  Sign: sign,
  TagResource: tagResource,
  UntagResource: untagResource,
  UpdateAlias: updateAlias,
  UpdateCustomKeyStore: notImplemented('UpdateCustomKeyStore'),
  UpdateKeyDescription: updateKeyDescription,
  UpdatePrimaryRegion: notImplemented('UpdatePrimaryRegion'),
  Verify: verify,
  VerifyMac: verifyMac,
};
