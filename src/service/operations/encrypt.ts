/**
 * Encrypt: up to 4096 bytes under a symmetric key, with the encryption context bound as AAD.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html
 */
import { allKeyForms } from '../../domain/key/identifiers.js';
import { usableStates } from '../../domain/key/key-state.js';
import { requireKey, type Operation } from '../operation.js';
import { checkSymmetricAlgorithm, sealUnder } from '../symmetric-envelope.js';

export const encrypt: Operation<'Encrypt'> = {
  spec: {
    iamAction: 'kms:Encrypt',
    mutates: false,
    key: { reference: (input) => input.KeyId, forms: allKeyForms, acceptedStates: usableStates, keyUsages: ['ENCRYPT_DECRYPT'] },
  },
  async run(input, ctx) {
    const key = requireKey(ctx);
    checkSymmetricAlgorithm(key, input.EncryptionAlgorithm);
    const { blob } = await sealUnder(ctx.deps, key, input.Plaintext, input.EncryptionContext);
    return { CiphertextBlob: blob, KeyId: key.arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
  },
};
