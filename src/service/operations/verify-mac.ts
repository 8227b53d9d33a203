/**
 * VerifyMac: recomputes the HMAC and compares it in constant time; a mismatch is
 * KMSInvalidMacException with AWS's empty message (RECORDED, LS-SNAP test_invalid_verify_mac).
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_VerifyMac.html
 */
import { KMSInvalidMacException } from '../../api/generated/errors.js';
import { allKeyForms } from '../../domain/key/identifiers.js';
import { usableStates } from '../../domain/key/key-state.js';
import { invalidMac } from '../../domain/messages-key-spec.js';
import { verifyMac as hmacVerify } from '../../crypto/mac.js';
import { requireKey, type Operation } from '../operation.js';
import { checkMacAlgorithm, macKey } from '../mac-key.js';

export const verifyMac: Operation<'VerifyMac'> = {
  spec: {
    iamAction: 'kms:VerifyMac',
    mutates: false,
    key: { reference: (input) => input.KeyId, forms: allKeyForms, acceptedStates: usableStates, keyUsages: ['GENERATE_VERIFY_MAC'] },
  },
  async run(input, ctx) {
    const key = requireKey(ctx);
    const algorithm = checkMacAlgorithm(key, input.MacAlgorithm);
    if (!hmacVerify(await macKey(ctx.deps, key), algorithm, input.Message, input.Mac)) throw new KMSInvalidMacException(invalidMac);
    return { KeyId: key.arn, MacValid: true, MacAlgorithm: input.MacAlgorithm };
  },
};
