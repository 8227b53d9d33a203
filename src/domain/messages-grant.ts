/**
 * AWS's message texts for grants (CreateGrant, ListGrants, RetireGrant, RevokeGrant, grant tokens).
 * Where AWS's text was recorded the builder says where; the others follow the API Reference's
 * error descriptions, and tests pin them so a recording can replace them in one place.
 */

/** ValidationException (recorded against AWS in ansible/ansible#31960). */
export const grantOnlyCreateGrant = 'Grants must not contain only the CreateGrant operation.';

/** ValidationException: Operations is an empty list (the model allows it; AWS needs one operation). */
export const grantNoOperations = 'Grants must contain at least one operation.';

/** InvalidGrantTokenException (API Reference: "the specified grant token is not valid"). */
export const invalidGrantToken = 'Invalid grant token.';

/** NotFoundException for a grant id that names no grant of the key (moto#5410 matched AWS's code). */
export function grantNotFound(grantId: string): string {
  return `Grant ID ${grantId} not found`;
}

/** ValidationException: RetireGrant without a GrantToken and without both KeyId and GrantId. */
export const retireGrantWhich = 'Grant token OR (grant ID, key ID) must be specified';

/** InvalidArnException: a GranteePrincipal or RetiringPrincipal that is no principal ARN. */
export function invalidGrantPrincipal(text: string): string {
  return `ARN does not refer to a valid principal: ${text}`;
}

/**
 * AccessDeniedException for RetireGrant by a principal the grant does not name (Developer Guide,
 * "Retiring and revoking grants"); the form of IAM's access-denied messages.
 */
export function retireGrantDenied(principalArn: string, keyArn: string): string {
  return `User: ${principalArn} is not authorized to perform: kms:RetireGrant on resource: ${keyArn}`;
}
