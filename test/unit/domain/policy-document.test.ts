/**
 * Key policy document validation (src/domain/policy/policy-document.ts): IAM policy grammar
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html plus the KMS
 * rules of https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPolicyDocument, policyMaxBytes } from '../../../src/domain/policy/policy-document.js';
import { defaultKeyPolicy } from '../../../src/domain/policy/default-policy.js';

function throwsKms(fn: () => void, name: string, message: string): void {
  assert.throws(fn, (error: Error) => {
    assert.deepEqual({ name: error.name, message: error.message }, { name, message });
    return true;
  });
}

const root = 'arn:aws:iam::111122223333:root';
const statement = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: root }, Action: 'kms:*', Resource: '*' };
const policy = (doc: unknown): string => JSON.stringify(doc);
const withStatement = (s: Record<string, unknown>): string => policy({ Version: '2012-10-17', Statement: [s] });
const malformed = (text: string, message: string) => throwsKms(() => checkPolicyDocument(text), 'MalformedPolicyDocumentException', message);
const invalidPrincipals = 'Policy contains a statement with one or more invalid principals.';

test('the default key policy and ordinary key policies are accepted', () => {
  assert.doesNotThrow(() => checkPolicyDocument(defaultKeyPolicy('111122223333')));
  assert.doesNotThrow(() => checkPolicyDocument(policy({ Version: '2008-10-17', Id: 'x', Statement: statement })));
  assert.doesNotThrow(() => checkPolicyDocument(policy({ Statement: [statement] })));
  assert.doesNotThrow(() => checkPolicyDocument(withStatement({
    Sid: 'Allow use', Effect: 'Deny', Principal: '*', NotAction: ['kms:Decrypt', 'kms:Encrypt'], NotResource: '*',
    Condition: { StringEquals: { 'kms:CallerAccount': '111122223333' }, Bool: { 'aws:SecureTransport': false } },
  })));
  assert.doesNotThrow(() => checkPolicyDocument(withStatement({
    Effect: 'Allow', Principal: { AWS: ['111122223333', 'arn:aws:sts::111122223333:assumed-role/r/s', '*'], Service: 'logs.amazonaws.com' },
    Action: 'kms:Decrypt', Resource: '*',
  })));
});

test('a statement without Action or Resource is accepted: AWS stores it, it just has no effect', () => {
  assert.doesNotThrow(() => checkPolicyDocument(withStatement({ Effect: 'Allow', Principal: { AWS: root } })));
  assert.doesNotThrow(() => checkPolicyDocument(withStatement({ Effect: 'Allow', Principal: { AWS: root }, Action: [], Resource: [] })));
});

test('a document that is not JSON, or not a JSON object, is "Syntax errors in policy."', () => {
  for (const text of ['not a real policy statement', '{"Statement": [', '[]', '"x"', 'null', '42']) {
    malformed(text, 'Syntax errors in policy.');
  }
});

test('a document without statements is MalformedPolicyDocumentException', () => {
  malformed(policy({ Version: '2012-10-17' }), 'Policy contains no statements.');
  malformed(policy({ Version: '2012-10-17', Statement: [] }), 'Policy contains no statements.');
});

test('an unsupported Version or an unknown top-level element is refused', () => {
  malformed(policy({ Version: '2020-01-01', Statement: [statement] }), 'Policy contains an unsupported Version: 2020-01-01.');
  malformed(policy({ Version: 2012, Statement: [statement] }), 'Syntax errors in policy.');
  malformed(policy({ Version: '2012-10-17', Statement: [statement], Extra: 1 }), 'Policy contains an unknown element: Extra.');
  malformed(policy({ Id: 5, Statement: [statement] }), 'Syntax errors in policy.');
});

test('a statement with a missing or unknown Effect is refused', () => {
  const { Effect: _effect, ...noEffect } = statement;
  malformed(withStatement(noEffect), 'Policy contains a statement with an invalid Effect.');
  malformed(withStatement({ ...statement, Effect: 'allow' }), 'Policy contains a statement with an invalid Effect.');
  malformed(withStatement({ ...statement, Effect: 'Maybe' }), 'Policy contains a statement with an invalid Effect.');
});

test('every statement of a key policy needs a principal of a valid form (recorded KMS text)', () => {
  const { Principal: _principal, ...noPrincipal } = statement;
  malformed(withStatement(noPrincipal), invalidPrincipals);
  malformed(withStatement({ ...statement, Principal: {} }), invalidPrincipals);
  malformed(withStatement({ ...statement, Principal: 'everyone' }), invalidPrincipals);
  malformed(withStatement({ ...statement, Principal: { AWS: 'AIDACKCEVSQ6C2EXAMPLE' } }), invalidPrincipals);
  malformed(withStatement({ ...statement, Principal: { AWS: [] } }), invalidPrincipals);
  malformed(withStatement({ ...statement, Principal: { Robot: 'x' } }), invalidPrincipals);
  malformed(withStatement({ ...statement, Principal: { Service: '' } }), invalidPrincipals);
});

test('statement elements of the wrong type, unknown, paired with their Not- twin or Sids repeated are refused', () => {
  malformed(policy({ Statement: ['x'] }), 'Syntax errors in policy.');
  malformed(withStatement({ ...statement, Sid: 7 }), 'Syntax errors in policy.');
  malformed(withStatement({ ...statement, Action: 5 }), 'Syntax errors in policy.');
  malformed(withStatement({ ...statement, Resource: { any: '*' } }), 'Syntax errors in policy.');
  malformed(withStatement({ ...statement, Condition: 'always' }), 'Syntax errors in policy.');
  malformed(withStatement({ ...statement, Condition: { StringEquals: 'x' } }), 'Syntax errors in policy.');
  malformed(withStatement({ ...statement, Actions: 'kms:*' }), 'Policy contains a statement with an unknown element: Actions.');
  malformed(withStatement({ ...statement, NotAction: 'kms:Decrypt' }), 'Policy contains a statement with both Action and NotAction.');
  malformed(withStatement({ ...statement, NotResource: '*' }), 'Policy contains a statement with both Resource and NotResource.');
  malformed(withStatement({ ...statement, NotPrincipal: { AWS: root } }), 'Policy contains a statement with both Principal and NotPrincipal.');
  malformed(policy({ Statement: [statement, { ...statement }] }), 'Policy contains more than one statement with Sid Enable IAM User Permissions.');
});

test('a policy over 32768 bytes is LimitExceededException; exactly 32768 is accepted', () => {
  const base = withStatement(statement);
  const padded = (size: number) => base.replace('"Sid":"', `"Sid":"${'x'.repeat(size - base.length)}`);
  assert.equal(padded(policyMaxBytes).length, 32768);
  assert.doesNotThrow(() => checkPolicyDocument(padded(policyMaxBytes)));
  throwsKms(() => checkPolicyDocument(padded(policyMaxBytes + 1)), 'LimitExceededException', 'Policy exceeds the maximum key policy size of 32768 bytes.');
});
