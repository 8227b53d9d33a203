/**
 * The text of AccessDeniedException, in the forms AWS uses (IAM User Guide, "Troubleshoot access
 * denied error messages"): the caller, the action, the resource when there is one, and which kind
 * of policy refused. Pure.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
 */
import type { Denial } from './evaluate.js';

export function accessDeniedMessage(principalArn: string, action: string, resource: string | undefined, denial: Denial): string {
  const head = resource === undefined
    ? `User: ${principalArn} is not authorized to perform: ${action}`
    : `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource}`;
  switch (denial) {
    case 'explicit-identity-deny': return `${head} with an explicit deny in an identity-based policy`;
    case 'explicit-resource-deny': return `${head} with an explicit deny in a resource-based policy`;
    case 'no-resource-allow': return `${head} because no resource-based policy allows the ${action} action`;
    case 'no-identity-allow': return `${head} because no identity-based policy allows the ${action} action`;
  }
}

/** PutKeyPolicy / CreateKey: the policy would not let the caller change it again (Developer Guide, lockout safety check). */
export const policyLockoutMessage = 'The new key policy will not allow you to update the key policy in the future.';
