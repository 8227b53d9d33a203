/**
 * The pipeline's own refusal of the management of AWS managed keys, kept beside the policy
 * authorizer (which refuses the same calls through the key's stored policy, and also its direct
 * use): it holds where no policy is evaluated (the `allowAll` authorizer of service unit tests and
 * benchmarks) and for keys an operation resolves itself, so no AWS managed key is ever changed.
 *
 * "You cannot change any properties of AWS managed keys … You cannot manage their key policies,
 * rotate them, or schedule them for deletion" (Developer Guide, AWS managed keys). AWS refuses
 * these calls through the key policy it writes on the key (domain/key/aws-managed-keys.ts): it
 * allows only the service's use (Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*, CreateGrant,
 * DescribeKey) and the account's Describe*, Get*, List*, RevokeGrant. Anything else is
 * AccessDeniedException in the resource-policy form, the key ARN as the resource (IAM User Guide,
 * "Troubleshoot access denied error messages": "… because no resource-based policy allows the
 * <action> action").
 * https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key
 *
 * Not enforced here (the authorizer does, with its condition context): that the use statement
 * applies only through the named service (kms:ViaService) and to the key's own account.
 */
import { AccessDeniedException } from '../api/errors.js';
import { awsManagedKeyPolicyAllows } from '../domain/key/aws-managed-keys.js';
import type { KeyRecord } from '../domain/key/key-record.js';
import { accessDeniedMessage } from '../domain/policy/access-denied.js';
import type { Caller } from './caller.js';

/** AccessDeniedException when `iamAction` on `key`, an AWS managed key, is one its key policy never allows. */
export function refuseAwsManagedKeyManagement(caller: Caller, iamAction: string, key: KeyRecord): void {
  if (key.keyManager !== 'AWS' || awsManagedKeyPolicyAllows(iamAction)) return;
  throw new AccessDeniedException(accessDeniedMessage(caller.principalArn, iamAction, key.arn, 'no-resource-allow'));
}
