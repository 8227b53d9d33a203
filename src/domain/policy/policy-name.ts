/**
 * The key policy name: KMS keys have exactly one policy, named "default". Pure.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html
 */
import { NotFoundException } from '../../api/generated/errors.js';
import { noSuchPolicy } from '../messages.js';

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
