/**
 * GenerateDataKeyWithoutPlaintext: like GenerateDataKey, but only the encrypted copy is returned;
 * the plaintext is wiped before the response is built.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKeyWithoutPlaintext.html
 */
import { allKeyForms } from '../../domain/key/identifiers.js';
import { usableStates } from '../../domain/key/key-state.js';
import { makeDataKey } from '../data-key.js';
import { requireKey, type Operation } from '../operation.js';

export const generateDataKeyWithoutPlaintext: Operation<'GenerateDataKeyWithoutPlaintext'> = {
  spec: {
    iamAction: 'kms:GenerateDataKeyWithoutPlaintext',
    mutates: false,
    key: { reference: (input) => input.KeyId, forms: allKeyForms, acceptedStates: usableStates, keyUsages: ['ENCRYPT_DECRYPT'], keyKinds: ['symmetric'] },
  },
  async run(input, ctx) {
    const key = requireKey(ctx);
    const dataKey = await makeDataKey(ctx.deps, key, input, 'GenerateDataKeyWithoutPlaintext');
    dataKey.plaintext.fill(0);
    return { CiphertextBlob: dataKey.blob, KeyId: key.arn, KeyMaterialId: dataKey.materialId };
  },
};
