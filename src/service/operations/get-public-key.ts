/**
 * GetPublicKey: the DER SubjectPublicKeyInfo of an asymmetric key and what it may be used for, so
 * that others can verify or encrypt without calling KMS. Symmetric and HMAC keys have none:
 * UnsupportedOperationException.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GetPublicKey.html
 */
import { UnsupportedOperationException } from '../../api/generated/errors.js';
import type { GetPublicKeyResponse } from '../../api/generated/shapes.js';
import { allKeyForms } from '../../domain/key/identifiers.js';
import { usableStates } from '../../domain/key/key-state.js';
import { keySpecNotValid } from '../../domain/messages-key-spec.js';
import { isAsymmetric, keySpecEntry, usageAlgorithms } from '../../crypto/algorithms.js';
import { requireKey, type Operation } from '../operation.js';
import { signKey } from '../signing.js';
import { toKeyMetadata } from '../key-metadata.js';

export const getPublicKey: Operation<'GetPublicKey'> = {
  spec: {
    iamAction: 'kms:GetPublicKey',
    mutates: false,
    // The key-state table lists GetPublicKey as needing an Enabled key, like the other crypto operations.
    key: { reference: (input) => input.KeyId, forms: allKeyForms, acceptedStates: usableStates },
  },
  async run(_input, ctx) {
    const key = requireKey(ctx);
    const entry = keySpecEntry(key.keySpec);
    if (!isAsymmetric(entry)) throw new UnsupportedOperationException(keySpecNotValid(key.arn, key.keySpec, 'GetPublicKey'));
    const pair = await signKey(ctx.deps, key);
    const algorithms = usageAlgorithms(entry, key.keyUsage) ?? {};
    const metadata = toKeyMetadata(key, undefined);
    const out: GetPublicKeyResponse = {
      KeyId: key.arn,
      PublicKey: pair.spki,
      KeySpec: key.keySpec,
      KeyUsage: key.keyUsage,
      ...(metadata.CustomerMasterKeySpec ? { CustomerMasterKeySpec: metadata.CustomerMasterKeySpec } : {}),
    };
    if (algorithms.encryptionAlgorithms) out.EncryptionAlgorithms = [...algorithms.encryptionAlgorithms];
    if (algorithms.signingAlgorithms) out.SigningAlgorithms = [...algorithms.signingAlgorithms];
    if (algorithms.keyAgreementAlgorithms) out.KeyAgreementAlgorithms = [...algorithms.keyAgreementAlgorithms];
    return out;
  },
};
