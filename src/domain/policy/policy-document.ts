/**
 * Structural validation of a key policy document for CreateKey and PutKeyPolicy: size, JSON, and
 * the IAM JSON policy grammar with the KMS-specific rule that every statement names a principal.
 * It only validates: evaluating policies is the access-control issue, and the documents are stored
 * verbatim by the callers. Pure: no I/O.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html
 *
 * Where AWS's behaviour is documented as lenient we are lenient too: refusing a policy AWS accepts
 * breaks real clients, accepting one AWS refuses only loses fidelity. So a statement without
 * Action or Resource is accepted ("the PutKeyPolicy API request succeeds, even though the policy
 * statement is ineffective", PutKeyPolicy API Reference), and so is a document without Version
 * (the IAM grammar makes it optional). Principals are checked for form only: AWS also requires that
 * they exist, which Trent cannot know.
 */
import { LimitExceededException, MalformedPolicyDocumentException } from '../../api/generated/errors.js';
import {
  policyConflictingElements, policyDuplicateSid, policyInvalidEffect, policyInvalidPrincipals, policyNoStatements,
  policyStatementUnknownElement, policySyntaxErrors, policyTooLarge, policyUnknownElement, policyUnsupportedVersion,
} from '../messages.js';

/**
 * "Up to 32 kilobytes (32,768 bytes)" (Developer Guide, key policy format). The model allows
 * 131072, so this is enforced here, with LimitExceededException as the CreateKey and PutKeyPolicy
 * API References say. Counted in characters: the model pattern admits only U+0009…U+00FF, one byte
 * each in the Latin-1 range the rule is written for.
 */
export const policyMaxBytes = 32768;

const topLevelElements = new Set(['Version', 'Id', 'Statement']);
const statementElements = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const versions = new Set(['2012-10-17', '2008-10-17']);
const principalTypes = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

// "*", a 12-digit account id, or an IAM/STS ARN of some partition. Unique ids (AIDA…), which AWS
// stores in place of deleted principals, are refused as AWS refuses them on a new policy.
const awsPrincipalPattern = /^(\*|\d{12}|arn:aws[a-z-]*:(iam|sts)::\d{12}:.+)$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function malformed(message: string): MalformedPolicyDocumentException {
  return new MalformedPolicyDocumentException(message);
}

/**
 * A string or an array of strings. Principal lists must not be empty (a statement needs a
 * principal); an empty Action or Resource list only makes the statement ineffective, as a missing one does.
 */
function isStringOrStrings(value: Json | undefined, allowEmpty: boolean): value is string | string[] {
  if (typeof value === 'string') return true;
  return Array.isArray(value) && (allowEmpty || value.length > 0) && value.every((v) => typeof v === 'string');
}

function checkPrincipal(value: Json | undefined): void {
  if (value === '*') return;
  if (!isObject(value) || Object.keys(value).length === 0) throw malformed(policyInvalidPrincipals);
  for (const [type, names] of Object.entries(value)) {
    if (!principalTypes.has(type) || !isStringOrStrings(names, false)) throw malformed(policyInvalidPrincipals);
    const list = typeof names === 'string' ? [names] : names;
    const valid = type === 'AWS' ? list.every((n) => awsPrincipalPattern.test(n)) : list.every((n) => n.length > 0);
    if (!valid) throw malformed(policyInvalidPrincipals);
  }
}

/** Exactly one of an element and its Not- twin may appear (IAM grammar). */
function checkPair(statement: JsonObject, element: string, required: boolean): void {
  const has = element in statement;
  const hasNot = `Not${element}` in statement;
  if (has && hasNot) throw malformed(policyConflictingElements(element, `Not${element}`));
  if (!has && !hasNot) {
    // KMS: "Each statement in the key policy must contain one or more principals."
    if (required) throw malformed(policyInvalidPrincipals);
    return;
  }
  const value = statement[has ? element : `Not${element}`];
  if (element === 'Principal') checkPrincipal(value);
  else if (!isStringOrStrings(value, true)) throw malformed(policySyntaxErrors);
}

function checkStatement(statement: Json, sids: Set<string>): void {
  if (!isObject(statement)) throw malformed(policySyntaxErrors);
  for (const element of Object.keys(statement)) {
    if (!statementElements.has(element)) throw malformed(policyStatementUnknownElement(element));
  }
  const { Sid: sid, Effect: effect, Condition: condition } = statement;
  if (sid !== undefined) {
    if (typeof sid !== 'string') throw malformed(policySyntaxErrors);
    // Sids must be unique within a policy (IAM grammar; the AWS knowledge-center article on KMS
    // MalformedPolicyDocumentException lists duplicate Sids as a cause).
    if (sids.has(sid)) throw malformed(policyDuplicateSid(sid));
    sids.add(sid);
  }
  if (effect !== 'Allow' && effect !== 'Deny') throw malformed(policyInvalidEffect);
  checkPair(statement, 'Principal', true);
  checkPair(statement, 'Action', false);
  checkPair(statement, 'Resource', false);
  if (condition !== undefined && !(isObject(condition) && Object.values(condition).every((block) => isObject(block)))) {
    throw malformed(policySyntaxErrors);
  }
}

/**
 * Throws MalformedPolicyDocumentException when `text` is not a key policy the IAM policy grammar
 * accepts, or LimitExceededException when it is over the key policy size quota. The lockout safety
 * check (BypassPolicyLockoutSafetyCheck) is not done here: it needs the caller and policy
 * evaluation, and belongs to the access-control issue.
 */
export function checkPolicyDocument(text: string): void {
  if (text.length > policyMaxBytes) throw new LimitExceededException(policyTooLarge(policyMaxBytes));
  let document: Json;
  try {
    document = JSON.parse(text) as Json;
  } catch {
    throw malformed(policySyntaxErrors);
  }
  if (!isObject(document)) throw malformed(policySyntaxErrors);
  for (const element of Object.keys(document)) {
    if (!topLevelElements.has(element)) throw malformed(policyUnknownElement(element));
  }
  const { Version: version, Id: id, Statement: statement } = document;
  if (version !== undefined) {
    if (typeof version !== 'string') throw malformed(policySyntaxErrors);
    if (!versions.has(version)) throw malformed(policyUnsupportedVersion(version));
  }
  if (id !== undefined && typeof id !== 'string') throw malformed(policySyntaxErrors);
  // "A key policy document must have at least one statement" (Developer Guide, key policy elements).
  if (statement === undefined || (Array.isArray(statement) && statement.length === 0)) throw malformed(policyNoStatements);
  const statements = Array.isArray(statement) ? statement : [statement];
  const sids = new Set<string>();
  for (const s of statements) checkStatement(s, sids);
}
