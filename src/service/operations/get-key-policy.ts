/**
 * GetKeyPolicy: the key's policy document exactly as stored (the caller's text for a policy they
 * set, AWS's pretty-printed default otherwise), in any key state.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html
 */
import { keyIdOrArn } from '../../domain/key/identifiers.js';
import { anyState } from '../../domain/key/key-state.js';
import { checkPolicyName, defaultPolicyName } from '../../domain/policy/policy-name.js';
import { requireKey, type Operation } from '../operation.js';

export const getKeyPolicy: Operation<'GetKeyPolicy'> = {
  spec: {
    iamAction: 'kms:GetKeyPolicy',
    mutates: false,
    key: { reference: (input) => input.KeyId, forms: keyIdOrArn, acceptedStates: anyState },
  },
  async run(input, ctx) {
    checkPolicyName(input.PolicyName);
    return { Policy: requireKey(ctx).policy, PolicyName: defaultPolicyName };
  },
};
