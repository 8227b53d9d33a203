/**
 * CreateKey: a customer managed symmetric encryption key with AWS_KMS origin (issue 3), or with
 * EXTERNAL origin awaiting imported material (issue 14). Other key specs and multi-Region keys
 * are later issues and answer
 * UnsupportedOperationException naming what is missing.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html
 */
import { ValidationException } from '../../api/errors.js';
import { UnsupportedOperationException } from '../../api/generated/errors.js';
import { keyArn } from '../../domain/key/identifiers.js';
import type { KeyRecord } from '../../domain/key/key-record.js';
import { mergeTags } from '../../domain/key/tags.js';
import { keySpecAndCustomerMasterKeySpec, unsupportedParameter, unsupportedValue } from '../../domain/messages.js';
import { defaultKeyPolicy } from '../../domain/policy/default-policy.js';
import { checkPolicyDocument } from '../../domain/policy/policy-document.js';
import { toKeyMetadata } from '../key-metadata.js';
import type { Operation } from '../operation.js';

export const createKey: Operation<'CreateKey'> = {
  spec: { iamAction: 'kms:CreateKey', mutates: true },
  async run(input, { request, deps }) {
    if (input.KeySpec !== undefined && input.CustomerMasterKeySpec !== undefined) {
      throw new ValidationException(keySpecAndCustomerMasterKeySpec);
    }
    const keySpec = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
    const keyUsage = input.KeyUsage ?? 'ENCRYPT_DECRYPT';
    const origin = input.Origin ?? 'AWS_KMS';
    if (keySpec !== 'SYMMETRIC_DEFAULT') throw new UnsupportedOperationException(unsupportedValue('KeySpec', keySpec));
    if (keyUsage !== 'ENCRYPT_DECRYPT') throw new UnsupportedOperationException(unsupportedValue('KeyUsage', keyUsage));
    if (origin !== 'AWS_KMS' && origin !== 'EXTERNAL') throw new UnsupportedOperationException(unsupportedValue('Origin', origin));
    if (input.MultiRegion === true) throw new UnsupportedOperationException(unsupportedParameter('MultiRegion', 'CreateKey'));
    if (input.CustomKeyStoreId !== undefined) throw new UnsupportedOperationException(unsupportedParameter('CustomKeyStoreId', 'CreateKey'));
    if (input.XksKeyId !== undefined) throw new UnsupportedOperationException(unsupportedParameter('XksKeyId', 'CreateKey'));
    if (input.Policy !== undefined) checkPolicyDocument(input.Policy);
    // mergeTags applies the tag rules (reserved aws: keys, duplicates, the 50-tag quota).
    const tags = mergeTags([], input.Tags ?? []);

    const { accountId, region } = request.caller;
    const keyId = deps.random.uuid();
    const arn = keyArn(region, accountId, keyId);
    // Origin EXTERNAL: no material until ImportKeyMaterial (PendingImport, version 0).
    const material = origin === 'EXTERNAL' ? undefined : deps.keyring.newVersion(keyId, arn, 1);
    const key: KeyRecord = {
      keyId, accountId, region, arn,
      creationDateMs: deps.clock.nowMs(),
      description: input.Description ?? '',
      keyUsage, keySpec, origin,
      keyManager: 'CUSTOMER',
      keyState: material ? 'Enabled' : 'PendingImport',
      multiRegion: false,
      policy: input.Policy ?? defaultKeyPolicy(accountId),
      tags,
      currentVersion: material ? 1 : 0,
      revision: 1,
    };
    await deps.repository.createKey(key, material);
    return { KeyMetadata: toKeyMetadata(key, material?.materialId) };
  },
};
