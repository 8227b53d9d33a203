/**
 * The request condition keys of each operation, one row per operation (Developer Guide, "AWS KMS
 * condition keys": every key lists the operations it applies to). A row turns the request's input
 * into the values policy conditions see; keys of the resource (kms:KeySpec of the key, its tags,
 * its aliases) and of the caller (aws:PrincipalArn …) are added in request-conditions.ts, not here.
 * An operation added later adds its row; an operation without a row brings no request keys.
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html
 */
import type { OperationInput, OperationName } from '../../api/generated/operations.js';
import type { Tag } from '../../api/generated/shapes.js';
import { createGrantConditionKeys } from '../grants/grant-conditions.js';

/** A condition value: a single-valued key is a string or boolean, a multivalued one a list. */
export type ConditionValue = string | boolean | number | readonly string[];
export type ConditionValues = Record<string, ConditionValue>;

type EncryptionContext = Readonly<Record<string, string>> | undefined;

/**
 * kms:EncryptionContext:<key> per pair and kms:EncryptionContextKeys (multivalued). "The
 * kms:EncryptionContext:context-key condition key … applies to the encryption context of the
 * request"; an operation without a context has neither key (absent, for `Null` conditions).
 */
function encryptionContextKeys(context: EncryptionContext): ConditionValues {
  const out: ConditionValues = {};
  if (context === undefined) return out;
  const keys = Object.keys(context);
  for (const key of keys) out[`kms:EncryptionContext:${key}`] = context[key]!;
  if (keys.length > 0) out['kms:EncryptionContextKeys'] = keys;
  return out;
}

/** aws:RequestTag/<key> per tag and aws:TagKeys (IAM User Guide, "Controlling access during AWS requests"). */
function requestTagKeys(tags: readonly Tag[] | undefined): ConditionValues {
  const out: ConditionValues = {};
  if (tags === undefined || tags.length === 0) return out;
  for (const tag of tags) out[`aws:RequestTag/${tag.TagKey}`] = tag.TagValue;
  out['aws:TagKeys'] = tags.map((t) => t.TagKey);
  return out;
}

function defined(values: Record<string, ConditionValue | undefined>): ConditionValues {
  const out: ConditionValues = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) out[key] = value;
  return out;
}

/** One row: the condition values an input brings for `action` (ReEncrypt has two actions). */
export interface ConditionRow<O extends OperationName> {
  readonly values: (input: OperationInput<O>, action: string) => ConditionValues;
  /** The encryption context grant constraints are checked against, for `action`. */
  readonly encryptionContext?: (input: OperationInput<O>, action: string) => EncryptionContext;
}

type Rows = { readonly [O in OperationName]?: ConditionRow<O> };

const symmetricCrypto = <O extends 'Encrypt' | 'Decrypt'>(): ConditionRow<O> => ({
  values: (i) => ({ ...encryptionContextKeys(i.EncryptionContext), ...defined({ 'kms:EncryptionAlgorithm': i.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT' }) }),
  encryptionContext: (i) => i.EncryptionContext,
});

const dataKey = <O extends 'GenerateDataKey' | 'GenerateDataKeyWithoutPlaintext'>(): ConditionRow<O> => ({
  values: (i) => ({ ...encryptionContextKeys(i.EncryptionContext), 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' }),
  encryptionContext: (i) => i.EncryptionContext,
});

const dataKeyPair = <O extends 'GenerateDataKeyPair' | 'GenerateDataKeyPairWithoutPlaintext'>(): ConditionRow<O> => ({
  values: (i) => ({ ...encryptionContextKeys(i.EncryptionContext), 'kms:DataKeyPairSpec': i.KeyPairSpec, 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' }),
  encryptionContext: (i) => i.EncryptionContext,
});

const signing = <O extends 'Sign' | 'Verify'>(): ConditionRow<O> => ({
  values: (i) => defined({ 'kms:SigningAlgorithm': i.SigningAlgorithm, 'kms:MessageType': i.MessageType ?? 'RAW' }),
});

const mac = <O extends 'GenerateMac' | 'VerifyMac'>(): ConditionRow<O> => ({
  values: (i) => ({ 'kms:MacAlgorithm': i.MacAlgorithm }),
});

const bypass = <O extends 'CreateKey' | 'PutKeyPolicy'>(i: OperationInput<O>): ConditionValues =>
  ({ 'kms:BypassPolicyLockoutSafetyCheck': i.BypassPolicyLockoutSafetyCheck === true });

/**
 * ReEncrypt: kms:ReEncryptFrom is evaluated on the source key with the source context, kms:ReEncryptTo
 * on the destination with the destination context ("kms:EncryptionContext … ReEncrypt"), and
 * kms:ReEncryptOnSameKey says whether both keys are the same (compared as the request names them).
 */
const reEncryptContext = (i: OperationInput<'ReEncrypt'>, action: string): EncryptionContext =>
  action === 'kms:ReEncryptTo' ? i.DestinationEncryptionContext : i.SourceEncryptionContext;

export const conditionRows: Rows = {
  Encrypt: symmetricCrypto<'Encrypt'>(),
  Decrypt: symmetricCrypto<'Decrypt'>(),
  ReEncrypt: {
    values: (i, action) => ({
      ...encryptionContextKeys(reEncryptContext(i, action)),
      'kms:EncryptionAlgorithm': (action === 'kms:ReEncryptTo' ? i.DestinationEncryptionAlgorithm : i.SourceEncryptionAlgorithm) ?? 'SYMMETRIC_DEFAULT',
      'kms:ReEncryptOnSameKey': i.SourceKeyId !== undefined && i.SourceKeyId === i.DestinationKeyId,
    }),
    encryptionContext: reEncryptContext,
  },
  GenerateDataKey: dataKey<'GenerateDataKey'>(),
  GenerateDataKeyWithoutPlaintext: dataKey<'GenerateDataKeyWithoutPlaintext'>(),
  GenerateDataKeyPair: dataKeyPair<'GenerateDataKeyPair'>(),
  GenerateDataKeyPairWithoutPlaintext: dataKeyPair<'GenerateDataKeyPairWithoutPlaintext'>(),
  Sign: signing<'Sign'>(),
  Verify: signing<'Verify'>(),
  GenerateMac: mac<'GenerateMac'>(),
  VerifyMac: mac<'VerifyMac'>(),
  DeriveSharedSecret: { values: (i) => ({ 'kms:KeyAgreementAlgorithm': i.KeyAgreementAlgorithm }) },
  CreateKey: {
    values: (i) => ({
      ...bypass<'CreateKey'>(i),
      ...requestTagKeys(i.Tags),
      'kms:KeySpec': i.KeySpec ?? i.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT',
      'kms:KeyUsage': i.KeyUsage ?? 'ENCRYPT_DECRYPT',
      'kms:KeyOrigin': i.Origin ?? 'AWS_KMS',
      'kms:MultiRegion': i.MultiRegion === true,
    }),
  },
  PutKeyPolicy: { values: (i) => bypass<'PutKeyPolicy'>(i) },
  CreateGrant: { values: (i) => createGrantConditionKeys(i) },
  ListGrants: { values: (i) => defined({ 'kms:GranteePrincipal': i.GranteePrincipal }) },
  EnableKeyRotation: { values: (i) => defined({ 'kms:RotationPeriodInDays': i.RotationPeriodInDays }) },
  ScheduleKeyDeletion: { values: (i) => ({ 'kms:ScheduleKeyDeletionPendingWindowInDays': i.PendingWindowInDays ?? 30 }) },
  TagResource: { values: (i) => requestTagKeys(i.Tags) },
  UntagResource: { values: (i): ConditionValues => (i.TagKeys.length > 0 ? { 'aws:TagKeys': [...i.TagKeys] } : {}) },
  GetParametersForImport: { values: (i) => ({ 'kms:WrappingAlgorithm': i.WrappingAlgorithm, 'kms:WrappingKeySpec': i.WrappingKeySpec }) },
  ImportKeyMaterial: {
    values: (i) => defined({
      'kms:ExpirationModel': i.ExpirationModel ?? 'KEY_MATERIAL_EXPIRES',
      'kms:ValidTo': i.ValidTo !== undefined ? String(Math.floor(i.ValidTo.getTime() / 1000)) : undefined,
    }),
  },
};

/** The row of `operation`, typed loosely for the pipeline, which holds inputs as `unknown`. */
export function conditionRow(operation: OperationName): ConditionRow<OperationName> | undefined {
  return conditionRows[operation] as ConditionRow<OperationName> | undefined;
}
