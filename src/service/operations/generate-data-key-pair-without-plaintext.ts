/**
 * GenerateDataKeyPairWithoutPlaintext: like GenerateDataKeyPair, but the private key is returned only
 * encrypted under the symmetric KMS key.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKeyPairWithoutPlaintext.html
 */
import { allKeyForms } from '../../domain/key/identifiers.js';
import { usableStates } from '../../domain/key/key-state.js';
import { makeDataKeyPair } from '../data-key-pair.js';
import { requireKey, type Operation } from '../operation.js';

export const generateDataKeyPairWithoutPlaintext: Operation<'GenerateDataKeyPairWithoutPlaintext'> = {
  spec: {
    iamAction: 'kms:GenerateDataKeyPairWithoutPlaintext',
    mutates: false,
    key: { reference: (input) => input.KeyId, forms: allKeyForms, acceptedStates: usableStates, keyUsages: ['ENCRYPT_DECRYPT'], keyKinds: ['symmetric'] },
  },
  async run(input, ctx) {
    const key = requireKey(ctx);
    const pair = await makeDataKeyPair(ctx.deps, key, input, 'GenerateDataKeyPairWithoutPlaintext');
    pair.privateKey.fill(0);
    return { KeyId: key.arn, KeyPairSpec: input.KeyPairSpec, PrivateKeyCiphertextBlob: pair.blob, PublicKey: pair.publicKey, KeyMaterialId: pair.materialId };
  },
};
