/**
 * GenerateDataKeyPair: a data key pair for use outside KMS; the private key is returned in plaintext
 * (PKCS#8 DER) and encrypted under a symmetric KMS key, the public key as SPKI DER.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKeyPair.html
 */
import { allKeyForms } from '../../domain/key/identifiers.js';
import { usableStates } from '../../domain/key/key-state.js';
import { makeDataKeyPair } from '../data-key-pair.js';
import { requireKey, type Operation } from '../operation.js';

export const generateDataKeyPair: Operation<'GenerateDataKeyPair'> = {
  spec: {
    iamAction: 'kms:GenerateDataKeyPair',
    mutates: false,
    key: { reference: (input) => input.KeyId, forms: allKeyForms, acceptedStates: usableStates, keyUsages: ['ENCRYPT_DECRYPT'], keyKinds: ['symmetric'] },
  },
  async run(input, ctx) {
    const key = requireKey(ctx);
    const pair = await makeDataKeyPair(ctx.deps, key, input, 'GenerateDataKeyPair');
    if (ctx.dryRun) pair.privateKey.fill(0);
    return {
      KeyId: key.arn, KeyPairSpec: input.KeyPairSpec, PrivateKeyCiphertextBlob: pair.blob,
      PrivateKeyPlaintext: pair.privateKey, PublicKey: pair.publicKey, KeyMaterialId: pair.materialId,
    };
  },
};
