/**
 * The key policies of AWS managed keys (src/domain/key/aws-managed-key-policies.ts) as the policy
 * authorizer reads them: each parses, none lets the account use its key directly (no kms:ViaService
 * in a direct call), each lets the account read it, each lets the service use it on the account's
 * behalf, and the pipeline's refusal rule (awsManagedKeyPolicyAllows) covers every action they allow.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { awsManagedAliases, awsManagedKeyPolicy, awsManagedKeyPolicyAllows } from '../../../src/domain/key/aws-managed-keys.js';
import { contextOf, evaluateAccess } from '../../../src/domain/policy/evaluate.js';
import { parsePolicy } from '../../../src/domain/policy/parse-policy.js';
import { describePrincipal } from '../../../src/domain/policy/principal.js';

const account = '111122223333';
const region = 'eu-west-1';
const keyArn = `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const root = describePrincipal(`arn:aws:iam::${account}:root`);

interface Statement { Effect: string; Action: string | string[]; Condition?: Record<string, Record<string, string | string[]>> }

function statementsOf(text: string): Statement[] {
  return (JSON.parse(text) as { Statement: Statement[] }).Statement;
}

/** The kms:ViaService value a request through the key's own service carries. */
function viaServiceOf(text: string): string {
  for (const s of statementsOf(text)) {
    const value = s.Condition?.StringEquals?.['kms:ViaService'] ?? s.Condition?.StringLike?.['kms:ViaService'];
    if (typeof value === 'string') return value.replace('*', region);
  }
  throw new Error('no kms:ViaService condition');
}

function decide(text: string, action: string, context: Record<string, string>) {
  return evaluateAccess({
    request: { principal: root, action, resource: keyArn, context: contextOf({ 'kms:CallerAccount': account, ...context }) },
    resource: { policy: parsePolicy(text, 'resource'), accountId: account },
    identityPolicies: [],
  });
}

for (const alias of awsManagedAliases) {
  const text = awsManagedKeyPolicy(alias, account, region);

  test(`alias/aws/${alias.suffix}: direct use is refused by the key policy, reading is allowed`, () => {
    for (const action of ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey']) {
      assert.deepEqual(decide(text, action, {}), { allowed: false, denial: 'no-resource-allow' }, action);
    }
    assert.equal(decide(text, 'kms:DescribeKey', {}).allowed, true);
    assert.equal(decide(text, 'kms:ScheduleKeyDeletion', {}).allowed, false);
    assert.equal(decide(text, 'kms:PutKeyPolicy', {}).allowed, false);
  });

  test(`alias/aws/${alias.suffix}: its service may Decrypt on the account's behalf (kms:ViaService)`, () => {
    assert.equal(decide(text, 'kms:Decrypt', { 'kms:ViaService': viaServiceOf(text) }).allowed, true);
    assert.equal(decide(text, 'kms:Decrypt', { 'kms:ViaService': `other.${region}.amazonaws.com` }).allowed, false);
  });

  test(`alias/aws/${alias.suffix}: every allowed action is one the pipeline's refusal rule lets through`, () => {
    for (const s of statementsOf(text).filter((x) => x.Effect === 'Allow')) {
      for (const action of [s.Action].flat()) assert.ok(awsManagedKeyPolicyAllows(action.replace('*', 'X')), action);
    }
  });
}

test('the S3 policy in AWS\'s GetKeyPolicy layout, byte for byte', () => {
  const s3 = awsManagedAliases.find((a) => a.suffix === 's3')!;
  assert.equal(awsManagedKeyPolicy(s3, account, region), `{
  "Version" : "2012-10-17",
  "Id" : "auto-s3-2",
  "Statement" : [ {
    "Sid" : "Allow access through S3 for all principals in the account that are authorized to use S3",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "*"
    },
    "Action" : [ "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey" ],
    "Resource" : "*",
    "Condition" : {
      "StringEquals" : {
        "kms:CallerAccount" : "${account}",
        "kms:ViaService" : "s3.${region}.amazonaws.com"
      }
    }
  }, {
    "Sid" : "Allow direct access to key metadata to the account",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::${account}:root"
    },
    "Action" : [ "kms:Describe*", "kms:Get*", "kms:List*" ],
    "Resource" : "*"
  } ]
}`);
});
