/**
 * CreateKey: a customer managed symmetric encryption key with AWS_KMS origin (issue 3). Other key
 * specs, imported material and multi-Region keys are later issues and answer
 * UnsupportedOperationException naming what is missing.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html
 */
import { UnsupportedOperationException } from '../../api/generated/errors.js';
import { keyArn } from '../../domain/key/identifiers.js';
import type { KeyRecord } from '../../domain/key/key-record.js';
import { checkTagKeys, mergeTags } from '../../domain/key/tags.js';
import { defaultKeyPolicy } from '../../domain/policy/default-policy.js';
import { checkPolicyDocument } from '../../domain/policy/policy-document.js';
import { toKeyMetadata } from '../key-metadata.js';
import type { Operation } from '../operation.js';

export const createKey: Operation<'CreateKey'> = {
  spec: { iamAction: 'kms:CreateKey', mutates: true },
  async run(input, { request, deps }) {
    const keySpec = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
    const keyUsage = input.KeyUsage ?? 'ENCRYPT_DECRYPT';
    const origin = input.Origin ?? 'AWS_KMS';
    if (keySpec !== 'SYMMETRIC_DEFAULT') throw new UnsupportedOperationException(`Trent does not support KeySpec ${keySpec} yet.`);
    if (keyUsage !== 'ENCRYPT_DECRYPT') throw new UnsupportedOperationException(`Trent does not support KeyUsage ${keyUsage} for KeySpec ${keySpec}.`);
    if (origin !== 'AWS_KMS') throw new UnsupportedOperationException(`Trent does not support Origin ${origin} yet.`);
    if (input.MultiRegion === true) throw new UnsupportedOperationException('Trent does not support multi-Region keys yet.');
    if (input.CustomKeyStoreId !== undefined || input.XksKeyId !== undefined) {
      throw new UnsupportedOperationException('Trent does not support custom key stores.');
    }
    const { accountId, region } = request.caller;
    const policy = input.Policy ?? defaultKeyPolicy(accountId);
    if (input.Policy !== undefined) checkPolicyDocument(input.Policy);
    const tags = input.Tags ?? [];
    checkTagKeys(tags);

    const keyId = deps.random.uuid();
    const arn = keyArn(region, accountId, keyId);
    const material = deps.keyring.newVersion(keyId, arn, 1);
    const key: KeyRecord = {
      keyId, accountId, region, arn,
      creationDateMs: deps.clock.nowMs(),
      description: input.Description ?? '',
      keyUsage, keySpec, origin,
      keyManager: 'CUSTOMER',
      keyState: 'Enabled',
      multiRegion: false,
      policy,
      tags: mergeTags([], tags),
      currentVersion: 1,
      revision: 1,
    };
    await deps.repository.createKey(key, material);
    return { KeyMetadata: toKeyMetadata(key, material.materialId) };
  },
};
