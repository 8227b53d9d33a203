/**
 * Encrypt: up to 4096 bytes under a symmetric key, with the encryption context bound as AAD; or,
 * under an RSA ENCRYPT_DECRYPT key, RSAES-OAEP up to the algorithm's limit (k − 2·hLen − 2 bytes).
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html
 */
import { allKeyForms } from '../../domain/key/identifiers.js';
import { usableStates } from '../../domain/key/key-state.js';
import { requireKey, type Operation } from '../operation.js';
import { sealUnder } from '../symmetric-envelope.js';
import { checkEncryptionAlgorithm, rsaEncrypt } from '../asymmetric-envelope.js';

export const encrypt: Operation<'Encrypt'> = {
  spec: {
    iamAction: 'kms:Encrypt',
    mutates: false,
    key: { reference: (input) => input.KeyId, forms: allKeyForms, acceptedStates: usableStates, keyUsages: ['ENCRYPT_DECRYPT'] },
  },
  async run(input, ctx) {
    const key = requireKey(ctx);
    const algorithm = checkEncryptionAlgorithm(key, input.EncryptionAlgorithm);
    if (algorithm.oaepHash) {
      const ciphertext = await rsaEncrypt(ctx.deps, key, algorithm, input.Plaintext, input.EncryptionContext);
      return { CiphertextBlob: ciphertext, KeyId: key.arn, EncryptionAlgorithm: algorithm.algorithm };
    }
    const { blob } = await sealUnder(ctx.deps, key, input.Plaintext, input.EncryptionContext);
    return { CiphertextBlob: blob, KeyId: key.arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
  },
};
