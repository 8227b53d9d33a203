/**
 * The condition keys a CreateGrant request brings to policy evaluation (Developer Guide, "AWS KMS
 * condition keys": kms:GrantOperations, kms:GranteePrincipal, kms:RetiringPrincipal,
 * kms:GrantConstraintType, kms:GrantIsForAWSResource). The Authorizer's condition context (built
 * once per request in the pipeline) adds these for CreateGrant; nothing here evaluates them.
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html
 */
import type { CreateGrantRequest } from '../../api/generated/shapes.js';

/** A condition value: single-valued keys are strings or booleans, multivalued ones lists. */
export type GrantConditionValue = string | boolean | readonly string[];

/** The grant condition keys of one CreateGrant request; absent keys are absent (for `Null` and `…IfExists`). */
export function createGrantConditionKeys(input: CreateGrantRequest): Record<string, GrantConditionValue> {
  const keys: Record<string, GrantConditionValue> = Object.create(null);
  keys['kms:GrantOperations'] = [...input.Operations];
  keys['kms:GranteePrincipal'] = input.GranteePrincipal;
  if (input.RetiringPrincipal !== undefined) keys['kms:RetiringPrincipal'] = input.RetiringPrincipal;
  const types = [
    ...(input.Constraints?.EncryptionContextEquals !== undefined ? ['EncryptionContextEquals'] : []),
    ...(input.Constraints?.EncryptionContextSubset !== undefined ? ['EncryptionContextSubset'] : []),
  ];
  if (types.length > 0) keys['kms:GrantConstraintType'] = types;
  // True only when an AWS service integrated with KMS calls on the user's behalf; Trent has none.
  keys['kms:GrantIsForAWSResource'] = false;
  return keys;
}
