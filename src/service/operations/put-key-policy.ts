/**
 * PutKeyPolicy: replaces the key policy, in any key state (Developer Guide key-state table). The
 * document is validated (domain/policy/policy-document.ts) and stored verbatim, so GetKeyPolicy
 * returns the caller's own text.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html
 */
import { keyIdOrArn } from '../../domain/key/identifiers.js';
import { anyState } from '../../domain/key/key-state.js';
import { checkPolicyDocument } from '../../domain/policy/policy-document.js';
import { checkPolicyName } from '../../domain/policy/policy-name.js';
import { requireKey, type Operation } from '../operation.js';
import { saveKey } from '../save-key.js';

export const putKeyPolicy: Operation<'PutKeyPolicy'> = {
  spec: {
    iamAction: 'kms:PutKeyPolicy',
    mutates: true,
    key: { reference: (input) => input.KeyId, forms: keyIdOrArn, acceptedStates: anyState },
  },
  async run(input, ctx) {
    checkPolicyName(input.PolicyName);
    checkPolicyDocument(input.Policy);
    // Lockout safety check goes here (access-control issue): unless BypassPolicyLockoutSafetyCheck
    // is true, refuse a policy that would not let the caller call PutKeyPolicy again, with the
    // recorded MalformedPolicyDocumentException "The new key policy will not allow you to update
    // the key policy in the future."
    await saveKey(ctx, requireKey(ctx), (key) => (key.policy === input.Policy ? undefined : { ...key, policy: input.Policy }));
    return {};
  },
};
