/**
 * GenerateMac: the HMAC of a message under an HMAC KMS key; the MAC algorithm must be the one of the
 * key's spec (InvalidKeyUsageException, RECORDED text).
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateMac.html
 */
import { allKeyForms } from '../../domain/key/identifiers.js';
import { usableStates } from '../../domain/key/key-state.js';
import { generateMac as hmac } from '../../crypto/mac.js';
import { requireKey, type Operation } from '../operation.js';
import { checkMacAlgorithm, macKey } from '../mac-key.js';

export const generateMac: Operation<'GenerateMac'> = {
  spec: {
    iamAction: 'kms:GenerateMac',
    mutates: false,
    key: { reference: (input) => input.KeyId, forms: allKeyForms, acceptedStates: usableStates, keyUsages: ['GENERATE_VERIFY_MAC'] },
  },
  async run(input, ctx) {
    const key = requireKey(ctx);
    const algorithm = checkMacAlgorithm(key, input.MacAlgorithm);
    const mac = hmac(await macKey(ctx.deps, key), algorithm, input.Message);
    return { KeyId: key.arn, Mac: mac, MacAlgorithm: input.MacAlgorithm };
  },
};
