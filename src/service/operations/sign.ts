/**
 * Sign: a signature over a message (RAW), a message digest (DIGEST) or an ML-DSA μ (EXTERNAL_MU)
 * with the private key of an asymmetric SIGN_VERIFY key; the private key never leaves the server.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_Sign.html
 */
import { allKeyForms } from '../../domain/key/identifiers.js';
import { usableStates } from '../../domain/key/key-state.js';
import { inlineRsaPrivate, signMessage } from '../../crypto/sign.js';
import { inlineNoble } from '../../crypto/noble-work.js';
import { requireKey, type Operation } from '../operation.js';
import { checkSigningRequest, signKey } from '../signing.js';

export const sign: Operation<'Sign'> = {
  spec: {
    iamAction: 'kms:Sign',
    mutates: false,
    key: { reference: (input) => input.KeyId, forms: allKeyForms, acceptedStates: usableStates, keyUsages: ['SIGN_VERIFY'] },
  },
  async run(input, ctx) {
    const key = requireKey(ctx);
    const messageType = input.MessageType ?? 'RAW';
    const algorithm = checkSigningRequest(key, input.SigningAlgorithm, messageType, input.Message);
    const pair = await signKey(ctx.deps, key);
    const signature = await signMessage(pair, algorithm, input.Message, messageType, ctx.deps.rsa ?? inlineRsaPrivate, ctx.deps.random.bytes, ctx.deps.noble ?? inlineNoble);
    return { KeyId: key.arn, Signature: signature, SigningAlgorithm: input.SigningAlgorithm };
  },
};
