/**
 * CreateKey: a customer managed key of any KeySpec × KeyUsage pair AWS allows (crypto/algorithms.ts),
 * with AWS_KMS origin, or with EXTERNAL origin awaiting imported material (issue 14: PendingImport,
 * no material until ImportKeyMaterial). SM2 answers UnsupportedOperationException from the table;
 * multi-Region keys are another issue and answer UnsupportedOperationException naming what is
 * missing. Key pairs are generated off the event loop (crypto/key-material.ts).
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
import { keySpecEntry, usageAlgorithms } from '../../crypto/algorithms.js';
import { keyUsageNotCompatible, keyUsageRequired } from '../../domain/messages-key-spec.js';
import { toKeyMetadata } from '../key-metadata.js';
import type { Operation } from '../operation.js';

export const createKey: Operation<'CreateKey'> = {
  spec: { iamAction: 'kms:CreateKey', mutates: true },
  async run(input, { request, deps }) {
    if (input.KeySpec !== undefined && input.CustomerMasterKeySpec !== undefined) {
      throw new ValidationException(keySpecAndCustomerMasterKeySpec);
    }
    const keySpec = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
    // The table refuses SM2 (UnsupportedOperationException) before anything is generated.
    const entry = keySpecEntry(keySpec);
    // Only symmetric encryption keys default their usage (API Reference, CreateKey: KeyUsage).
    if (input.KeyUsage === undefined && entry.kind !== 'symmetric') throw new ValidationException(keyUsageRequired);
    const keyUsage = input.KeyUsage ?? 'ENCRYPT_DECRYPT';
    if (!usageAlgorithms(entry, keyUsage)) throw new ValidationException(keyUsageNotCompatible(keyUsage, keySpec));
    const origin = input.Origin ?? 'AWS_KMS';
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
    const material = origin === 'EXTERNAL' ? undefined : await deps.keyring.newMaterial(keyId, arn, 1, entry);
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
    return { KeyMetadata: toKeyMetadata(key, entry.kind === 'symmetric' ? material?.materialId : undefined) };
  },
};
