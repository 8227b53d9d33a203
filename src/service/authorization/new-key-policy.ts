/**
 * The checks a new key policy gets before CreateKey or PutKeyPolicy stores it (issue 17 item 5):
 *  - principals that do not exist are refused: "The principals in the key policy must exist and be
 *    visible to AWS KMS" (API Reference, PutKeyPolicy, Policy), MalformedPolicyDocumentException
 *    "Policy contains a statement with one or more invalid principals.";
 *  - the policy lockout safety check, unless BypassPolicyLockoutSafetyCheck is true: "the policy must
 *    allow the principal that is making the … request to make a subsequent PutKeyPolicy request on
 *    the KMS key" (Developer Guide, "Default key policy"; API Reference, CreateKey / PutKeyPolicy).
 * A document the grammar refuses is left to the operation, which answers its own error in its own order.
 */
import { MalformedPolicyDocumentException } from '../../api/generated/errors.js';
import { keyArn } from '../../domain/key/identifiers.js';
import { policyInvalidPrincipals, policySyntaxErrors } from '../../domain/messages.js';
import { policyLockoutMessage } from '../../domain/policy/access-denied.js';
import { evaluateAccess } from '../../domain/policy/evaluate.js';
import { parsePolicy, PolicyParseError, type ParsedPolicy } from '../../domain/policy/parse-policy.js';
import { checkPolicyDocument } from '../../domain/policy/policy-document.js';
import { checkPolicyName } from '../../domain/policy/policy-name.js';
import type { RequestScope } from './policy-authorizer.js';

interface PolicyInput {
  readonly Policy?: string;
  readonly PolicyName?: string;
  readonly KeyId?: string;
  readonly BypassPolicyLockoutSafetyCheck?: boolean;
}

/** Every AWS principal a Principal or NotPrincipal element names. */
function namedPrincipals(text: string): string[] {
  const out: string[] = [];
  const document = JSON.parse(text) as { Statement: unknown };
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  for (const s of statements as Record<string, unknown>[]) {
    for (const element of [s['Principal'], s['NotPrincipal']]) {
      if (element === null || typeof element !== 'object') continue;
      const aws = (element as Record<string, unknown>)['AWS'];
      if (typeof aws === 'string') out.push(aws);
      else if (Array.isArray(aws)) out.push(...aws.filter((a): a is string => typeof a === 'string'));
    }
  }
  return out;
}

/** Runs for CreateKey with a Policy and for PutKeyPolicy; nothing for other operations. */
export function checkNewKeyPolicy(scope: RequestScope): void {
  if (scope.operation !== 'CreateKey' && scope.operation !== 'PutKeyPolicy') return;
  const input = scope.input as PolicyInput;
  const text = input.Policy;
  if (text === undefined) return;
  try {
    if (scope.operation === 'PutKeyPolicy') checkPolicyName(input.PolicyName);
    checkPolicyDocument(text);
  } catch {
    return; // the operation reports it
  }
  let policy: ParsedPolicy;
  try {
    policy = parsePolicy(text, 'resource');
  } catch (error) {
    if (error instanceof PolicyParseError) throw new MalformedPolicyDocumentException(error.reason === 'unknown principal type' ? policyInvalidPrincipals : policySyntaxErrors);
    throw error;
  }
  for (const arn of namedPrincipals(text)) {
    if (arn !== '*' && !scope.deps.identities.principalExists(arn)) throw new MalformedPolicyDocumentException(policyInvalidPrincipals);
  }
  if (input.BypassPolicyLockoutSafetyCheck === true) return;
  const { accountId, region } = scope.request.caller;
  // CreateKey: the key has no id yet; a Resource element in a key policy is "*" in practice.
  const resource = input.KeyId !== undefined && input.KeyId.startsWith('arn:') ? input.KeyId
    : keyArn(region, accountId, input.KeyId ?? '00000000-0000-0000-0000-000000000000');
  const decision = evaluateAccess({
    request: { principal: scope.principal, action: 'kms:PutKeyPolicy', resource, context: scope.conditions.forRequest('kms:PutKeyPolicy') },
    resource: { policy, accountId },
    identityPolicies: scope.identityPolicies,
  });
  if (!decision.allowed) throw new MalformedPolicyDocumentException(policyLockoutMessage);
}
