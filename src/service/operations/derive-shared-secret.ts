/**
 * DeriveSharedSecret: ECDH between a KEY_AGREEMENT key's private key and the caller's public key
 * (DER SubjectPublicKeyInfo of the same curve); the raw shared secret is returned, no KDF applied.
 * An unusable public key is a ValidationException with AWS's empty message (RECORDED, LS-SNAP
 * test_derive_shared_secret).
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_DeriveSharedSecret.html
 */
import { InvalidKeyUsageException, UnsupportedOperationException } from '../../api/generated/errors.js';
import { ValidationException } from '../../api/errors.js';
import { allKeyForms } from '../../domain/key/identifiers.js';
import { usableStates } from '../../domain/key/key-state.js';
import { unsupportedParameter } from '../../domain/messages.js';
import { algorithmIncompatible, invalidPublicKey } from '../../domain/messages-key-spec.js';
import { keySpecEntry, usageAlgorithms } from '../../crypto/algorithms.js';
import { deriveSharedSecret as ecdh, InvalidPeerKeyError } from '../../crypto/key-agreement.js';
import { requireKey, type Operation } from '../operation.js';
import { nodeKeyPair } from '../signing.js';

export const deriveSharedSecret: Operation<'DeriveSharedSecret'> = {
  spec: {
    iamAction: 'kms:DeriveSharedSecret',
    mutates: false,
    key: { reference: (input) => input.KeyId, forms: allKeyForms, acceptedStates: usableStates, keyUsages: ['KEY_AGREEMENT'] },
  },
  async run(input, ctx) {
    const key = requireKey(ctx);
    if (input.Recipient !== undefined) throw new UnsupportedOperationException(unsupportedParameter('Recipient', 'DeriveSharedSecret'));
    const offered = usageAlgorithms(keySpecEntry(key.keySpec), 'KEY_AGREEMENT')?.keyAgreementAlgorithms ?? [];
    if (!offered.includes(input.KeyAgreementAlgorithm)) throw new InvalidKeyUsageException(algorithmIncompatible(input.KeyAgreementAlgorithm, key.keySpec));
    let secret: Buffer;
    try {
      secret = ecdh(await nodeKeyPair(ctx.deps, key), input.PublicKey);
    } catch (error) {
      if (error instanceof InvalidPeerKeyError) throw new ValidationException(invalidPublicKey);
      throw error;
    }
    return { KeyId: key.arn, SharedSecret: secret, KeyAgreementAlgorithm: input.KeyAgreementAlgorithm, KeyOrigin: key.origin };
  },
};
