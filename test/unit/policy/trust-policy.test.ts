/**
 * evaluateTrustPolicy, the evaluator STS's AssumeRole uses: a role's trust policy is a resource
 * policy for sts:AssumeRole (IAM UG, "Roles terms and concepts"; "How IAM roles differ from
 * resource-based policies").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyContext, evaluateTrustPolicy, contextOf } from '../../../src/domain/policy/evaluate.js';
import { parsePolicy } from '../../../src/domain/policy/parse-policy.js';
import { describePrincipal } from '../../../src/domain/policy/principal.js';

const role = 'arn:aws:iam::111122223333:role/app';
const trust = (principal: unknown, condition?: object) => parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }] }, 'resource');
const may = (t: ReturnType<typeof trust>, who: string, identity: object[] = [], context = emptyContext) => evaluateTrustPolicy({
  trustPolicy: t, roleArn: role, roleAccountId: '111122223333', principal: describePrincipal(who), identityPolicies: identity.map((p) => parsePolicy(p, 'identity')), context,
});
const allowAssume = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role }] };

test('a trust policy naming the user lets it assume the role without an identity policy (same account)', () => {
  assert.deepEqual(may(trust({ AWS: 'arn:aws:iam::111122223333:user/alice' }), 'arn:aws:iam::111122223333:user/alice'), { allowed: true, by: 'resource-policy' });
});

test('a trust policy naming the account delegates to identity policies', () => {
  assert.deepEqual(may(trust({ AWS: '111122223333' }), 'arn:aws:iam::111122223333:user/bob'), { allowed: false, denial: 'no-identity-allow' });
  assert.equal(may(trust({ AWS: '111122223333' }), 'arn:aws:iam::111122223333:user/bob', [allowAssume]).allowed, true);
});

test('a user the trust policy does not name is refused; cross-account needs both sides', () => {
  assert.deepEqual(may(trust({ AWS: 'arn:aws:iam::111122223333:user/alice' }), 'arn:aws:iam::111122223333:user/bob', [allowAssume]), { allowed: false, denial: 'no-resource-allow' });
  assert.deepEqual(may(trust({ AWS: '444455556666' }), 'arn:aws:iam::444455556666:user/carol'), { allowed: false, denial: 'no-identity-allow' });
  assert.equal(may(trust({ AWS: '444455556666' }), 'arn:aws:iam::444455556666:user/carol', [allowAssume]).allowed, true);
});

test('trust policy conditions apply', () => {
  const t = trust({ AWS: '111122223333' }, { StringEquals: { 'sts:ExternalId': 'x-1' } });
  assert.equal(may(t, 'arn:aws:iam::111122223333:root', [], contextOf({ 'sts:ExternalId': 'x-1' })).allowed, true);
  assert.equal(may(t, 'arn:aws:iam::111122223333:root', [], emptyContext).allowed, false);
});
