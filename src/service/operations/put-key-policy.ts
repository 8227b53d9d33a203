/**
 * PutKeyPolicy: replaces the key policy, in any key state (Developer Guide key-state table). The
 * document is validated (domain/policy/policy-document.ts) and stored verbatim, so GetKeyPolicy
 * returns the caller's own text.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html
 */
import { NotFoundException } from '../../api/generated/errors.js';
import { keyIdOrArn } from '../../domain/key/identifiers.js';
import { anyState } from '../../domain/key/key-state.js';
import { noSuchPolicy } from '../../domain/messages.js';
import { checkPolicyDocument } from '../../domain/policy/policy-document.js';
import { requireKey, type Operation } from '../operation.js';
import { saveKey } from '../save-key.js';

/** "The only valid name is default" (API Reference, PolicyName); it is also the default value. */
export const defaultPolicyName = 'default';

/**
 * NotFoundException "No such policy exists" for any other PolicyName, for Get and Put alike.
 * UNRECORDED: moto answers this for both; LocalStack answers Put with UnsupportedOperationException
 * "Only default policy is supported". One answer for both operations is the simpler contract, and
 * a named policy that does not exist is what NotFoundException means.
 */
export function checkPolicyName(policyName: string | undefined): void {
  if (policyName !== undefined && policyName !== defaultPolicyName) throw new NotFoundException(noSuchPolicy);
}

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
