/**
 * AWS KMS's exact message texts, built in one place so operations never type them (DESIGN.md habit
 * 4; local-kms's drifting hand-typed messages are the counterexample). Each builder cites where the
 * text was recorded: docs/research/aws-kms-messages.md lists the sources (LocalStack snapshots
 * recorded against AWS, moto's aws_verified tests, the API Reference).
 */

/** NotFoundException for a key id / key ARN that names no key in the caller's scope. */
export function keyNotFound(keyArn: string): string {
  return `Key '${keyArn}' does not exist`;
}

/** NotFoundException for an alias name / alias ARN with no alias in the caller's scope (no quotes). */
export function aliasNotFound(aliasArn: string): string {
  return `Alias ${aliasArn} is not found.`;
}

/** NotFoundException for a key or alias ARN of a region other than the endpoint's (recorded). */
export function invalidArnRegion(region: string): string {
  return `Invalid arn ${region}`;
}

/**
 * AccessDeniedException (HTTP 400) for a ciphertext whose key the caller cannot reach: no such key,
 * a deleted key, a key of another region or account that does not share it, or a key whose policy
 * gives the caller nothing. One text for every cause, so Decrypt is no existence oracle. Not in the
 * API Reference; recorded in many public reports of AWS's answer, e.g.
 * aws/aws-encryption-sdk-javascript#1005, Droplr/aws-env#29 ("(Service: AWSKMS; Status Code: 400;
 * Error Code: AccessDeniedException …)"), and
 * kubernetes-sigs/aws-encryption-provider:pkg/kmsplugin/kms.go, which matches it for a key that no
 * longer exists.
 */
export const ciphertextKeyNotAccessible =
  'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.';

/** IncorrectKeyException: Decrypt's KeyId / ReEncrypt's SourceKeyId is not the blob's key. */
export const incorrectKey = 'The key ID in the request does not identify a CMK that can perform this operation.';


/** NotFoundException for a KeyId value that is no key id, key ARN, alias name or alias ARN. */
export function invalidKeyId(text: string): string {
  return `Invalid keyId '${text}'`;
}

/** DisabledException when a key is Disabled and the operation needs it Enabled. */
export function keyDisabled(keyArn: string): string {
  return `${keyArn} is disabled.`;
}

/** KMSInvalidStateException texts per state (Developer Guide, key-state table). */
export function keyInInvalidState(keyArn: string, state: string): string {
  switch (state) {
    case 'PendingDeletion': return `${keyArn} is pending deletion.`;
    case 'PendingImport': return `${keyArn} is pending import.`;
    case 'Disabled': return `${keyArn} is disabled.`;
    case 'Unavailable': return `${keyArn} is unavailable.`;
    default: return `${keyArn} is in ${state} state.`;
  }
}

/** InvalidKeyUsageException when the key's usage does not allow the operation. */
export function invalidKeyUsage(keyArn: string, keyUsage: string, operation: string): string {
  return `${keyArn} key usage is ${keyUsage} which is not valid for ${operation}.`;
}

/** DryRunOperationException for a request with DryRun: true that would have succeeded. */
export const dryRunSucceeded = 'The request would have succeeded, but the DryRun option is set.';

/** ValidationException in AWS's Coral form for a member an operation needs but the model leaves optional. */
export function memberMustNotBeNull(path: string): string {
  return `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`;
}

/** GenerateDataKey* with neither or both of KeySpec and NumberOfBytes (AWS's historic text). */
export const keySpecOrNumberOfBytes = 'Please specify either number of bytes or key spec.';

/** GenerateRandom without NumberOfBytes (recorded). */
export const numberOfBytesRequired = 'NumberOfBytes is required.';

/** Parameters Trent does not serve yet name themselves in an UnsupportedOperationException. */
export function unsupportedParameter(parameter: string, operation: string): string {
  return notSupportedYet(`${parameter} in ${operation}`);
}

/** The one phrasing of every "not served yet" answer, so they read alike. */
function notSupportedYet(what: string): string {
  return `Trent does not support ${what} yet.`;
}

// ── Aliases (docs/research/aws-kms-messages.md §5) ──────────────────────────────────────────────

/** ValidationException for an alias name without the `alias/` prefix (RECORDED, LS-SNAP test_create_alias). */
export const aliasPrefixRequired =
  'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html';

/**
 * ValidationException for an alias name with a character the KMS alias rules refuse although the
 * model pattern lets it through (`:`), RECORDED (hashicorp/terraform-provider-aws#12891). Also used,
 * by choice, for the bare `alias/` (UNRECORDED: one name check, one text).
 */
export function aliasInvalidCharacters(aliasName: string): string {
  return `${aliasName} contains invalid characters for an alias`;
}

/**
 * InvalidAliasNameException for names in the reserved `alias/aws/` namespace. UNRECORDED: AWS
 * documents the reservation but no response is recorded; moto sends an unmodelled
 * NotAuthorizedException with no text. We answer the modelled InvalidAliasNameException with a text
 * worded like the recorded "Tags beginning with aws: are reserved".
 */
export const aliasReserved = 'Aliases beginning with alias/aws/ are reserved';

/** ValidationException for a TargetKeyId naming an alias (UNRECORDED, moto's text). */
export const aliasTargetIsAlias = 'Aliases must refer to keys. Not aliases';

/** AlreadyExistsException for a taken alias name; uses the alias ARN, no trailing period (RECORDED). */
export function aliasAlreadyExists(aliasArn: string): string {
  return `An alias with the name ${aliasArn} already exists`;
}

/**
 * LimitExceededException past the "Aliases per KMS key" quota, RECORDED (ISSUE
 * scylladb/scylla-cluster-tests#7611, 2024).
 */
export function aliasesPerKeyExceeded(quota: number, usage: number): string {
  return `Aliases per key quota for this account in this region is ${quota}, current usage is ${usage}.`;
}

/**
 * ValidationException when UpdateAlias would move an alias to a key of another type or usage.
 * UNRECORDED: the API Reference states the rule but no response is recorded; the wording follows
 * the recorded cross-parameter text "KeyUsage KEY_AGREEMENT is not compatible with KeySpec RSA_2048".
 */
export function aliasTargetIncompatible(newKeyArn: string, currentKeyArn: string): string {
  return `Key ${newKeyArn} is not compatible with the alias's current target key ${currentKeyArn}: key type and key usage must be the same`;
}

// ── Key policies (docs/research/aws-kms-messages.md §8, §10) ────────────────────────────────────

/** NotFoundException for a PolicyName other than `default` (UNRECORDED; moto and LocalStack's Get). */
export const noSuchPolicy = 'No such policy exists';

/**
 * MalformedPolicyDocumentException for a statement without a usable Principal, RECORDED (ISSUE
 * terraform-aws-modules/terraform-aws-kms and others, 2023–2025; AWS knowledge-center article).
 */
export const policyInvalidPrincipals = 'Policy contains a statement with one or more invalid principals.';

/**
 * MalformedPolicyDocumentException for a document that is not JSON or has elements of the wrong JSON
 * type. RECORDED for IAM's MalformedPolicyDocument (many ISSUEs); KMS's own text is UNRECORDED (a
 * 2018 report, aws/aws-sdk-ruby#1784, saw an empty message).
 */
export const policySyntaxErrors = 'Syntax errors in policy.';

/*
 * The remaining MalformedPolicyDocumentException texts are UNRECORDED and chosen: they follow the
 * recorded "Policy contains a statement with …" form and name the offending element.
 */

/** The document has no Statement, or an empty one. */
export const policyNoStatements = 'Policy contains no statements.';

/** A Version other than 2012-10-17 / 2008-10-17. */
export function policyUnsupportedVersion(version: string): string {
  return `Policy contains an unsupported Version: ${version}.`;
}

/** A top-level element the IAM policy grammar does not define. */
export function policyUnknownElement(element: string): string {
  return `Policy contains an unknown element: ${element}.`;
}

/** A statement element the IAM policy grammar does not define. */
export function policyStatementUnknownElement(element: string): string {
  return `Policy contains a statement with an unknown element: ${element}.`;
}

/** A statement whose Effect is missing or neither Allow nor Deny. */
export const policyInvalidEffect = 'Policy contains a statement with an invalid Effect.';

/** A statement with both an element and its Not- twin (Action and NotAction…). */
export function policyConflictingElements(element: string, notElement: string): string {
  return `Policy contains a statement with both ${element} and ${notElement}.`;
}

/** Two statements with the same Sid. */
export function policyDuplicateSid(sid: string): string {
  return `Policy contains more than one statement with Sid ${sid}.`;
}

/**
 * LimitExceededException for a key policy over the 32 KB quota (the API Reference of CreateKey and
 * PutKeyPolicy names the error; the text is UNRECORDED and chosen).
 */
export function policyTooLarge(maxBytes: number): string {
  return `Policy exceeds the maximum key policy size of ${maxBytes} bytes.`;
}

// ---- keys, tags and paging (issue 3) ----

/** CreateKey with a KeySpec, KeyUsage, Origin… Trent does not serve yet (UnsupportedOperationException). */
export function unsupportedValue(parameter: string, value: string): string {
  return notSupportedYet(`${parameter} ${value}`);
}

/** UnsupportedOperationException for a modelled operation Trent does not serve yet. */
export function operationNotSupported(operation: string): string {
  return notSupportedYet(operation);
}

/**
 * CreateKey with both KeySpec and its deprecated twin. UNRECORDED: local-kms's text; AWS documents
 * the two as the same parameter under two names.
 */
export const keySpecAndCustomerMasterKeySpec =
  'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.';

/** TagException texts (recorded, research §6). */
export const tagsReserved = 'Tags beginning with aws: are reserved';
export const tagsDuplicateKeys = 'Duplicate tag keys';
export const tagsTooMany = 'Too many tags';

/** InvalidMarkerException for a Marker Trent did not issue. UNRECORDED: nothing recorded for KMS. */
export const invalidMarker = 'Invalid marker';

/** InvalidKeyUsageException for an EncryptionAlgorithm the key does not support. UNRECORDED. */
export function encryptionAlgorithmNotValid(algorithm: string, keyArn: string): string {
  return `The encryption algorithm ${algorithm} is not valid for ${keyArn}.`;
}

/** KMSInternalException when a key's current backing key is missing from storage (a fault). */
export const keyMaterialUnavailable = 'The key material of the KMS key is unavailable.';
