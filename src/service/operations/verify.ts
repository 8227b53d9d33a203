/**
 * Verify: checks a signature made by Sign (or by anyone holding the private key). A signature that
 * does not verify is KMSInvalidSignatureException with AWS's empty message, never `SignatureValid:
 * false` (API Reference, Verify: "If the signature is not verified, the Verify operation fails").
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_Verify.html
 */
import { KMSInvalidSignatureException } from '../../api/generated/errors.js';
import { allKeyForms } from '../../domain/key/identifiers.js';
import { usableStates } from '../../domain/key/key-state.js';
import { invalidSignature } from '../../domain/messages-key-spec.js';
import { verifySignature } from '../../crypto/sign.js';
import { inlineNoble } from '../../crypto/noble-work.js';
import { requireKey, type Operation } from '../operation.js';
import { checkSigningRequest, signKey } from '../signing.js';

export const verify: Operation<'Verify'> = {
  spec: {
    iamAction: 'kms:Verify',
    mutates: false,
    key: { reference: (input) => input.KeyId, forms: allKeyForms, acceptedStates: usableStates, keyUsages: ['SIGN_VERIFY'] },
  },
  async run(input, ctx) {
    const key = requireKey(ctx);
    const messageType = input.MessageType ?? 'RAW';
    const algorithm = checkSigningRequest(key, input.SigningAlgorithm, messageType, input.Message);
    const pair = await signKey(ctx.deps, key);
    const valid = await verifySignature(pair, algorithm, input.Message, messageType, input.Signature, ctx.deps.noble ?? inlineNoble);
    if (!valid) throw new KMSInvalidSignatureException(invalidSignature);
    return { KeyId: key.arn, SignatureValid: true, SigningAlgorithm: input.SigningAlgorithm };
  },
};
