/**
 * GenerateDataKey: a random data key returned in plaintext and encrypted under a symmetric key
 * (envelope encryption).
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKey.html
 */
import { allKeyForms } from '../../domain/key/identifiers.js';
import { usableStates } from '../../domain/key/key-state.js';
import { makeDataKey } from '../data-key.js';
import { requireKey, type Operation } from '../operation.js';

export const generateDataKey: Operation<'GenerateDataKey'> = {
  spec: {
    iamAction: 'kms:GenerateDataKey',
    mutates: false,
    key: { reference: (input) => input.KeyId, forms: allKeyForms, acceptedStates: usableStates, keyUsages: ['ENCRYPT_DECRYPT'], keyKinds: ['symmetric'] },
  },
  async run(input, ctx) {
    const key = requireKey(ctx);
    const dataKey = await makeDataKey(ctx.deps, key, input, 'GenerateDataKey');
    return { CiphertextBlob: dataKey.blob, Plaintext: dataKey.plaintext, KeyId: key.arn, KeyMaterialId: dataKey.materialId };
  },
};
