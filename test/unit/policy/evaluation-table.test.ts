/**
 * The table-driven evaluation suite of issue 17 (≥150 cases), each naming the AWS documentation
 * rule it checks; run through the same parser and evaluator the server uses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateAccess, contextOf } from '../../../src/domain/policy/evaluate.js';
import { parsePolicy } from '../../../src/domain/policy/parse-policy.js';
import { describePrincipal } from '../../../src/domain/policy/principal.js';
import { A, KEY, type EvalCase } from './eval-case.js';
import { basicCases } from './cases-basic.js';
import { conditionCases } from './cases-conditions.js';

const all: EvalCase[] = [...basicCases, ...conditionCases];

function run(c: EvalCase): string {
  const resource = c.resource ?? KEY;
  const decision = evaluateAccess({
    request: { principal: describePrincipal(c.principal), action: c.action, resource, context: contextOf(c.context ?? {}) },
    ...(resource !== '*' ? { resource: { policy: parsePolicy(JSON.stringify(c.keyPolicy), 'resource'), accountId: A } } : {}),
    identityPolicies: (c.identity ?? []).map((p) => parsePolicy(p, 'identity')),
  });
  return decision.allowed ? 'allow' : decision.denial;
}

test(`the table has at least 150 cases, each naming its rule once`, () => {
  assert.ok(all.length >= 150, `only ${all.length} cases`);
  const rules = all.map((c) => c.rule);
  assert.deepEqual(rules.filter((r, i) => rules.indexOf(r) !== i), []);
});

for (const c of all) {
  test(c.rule, () => assert.equal(run(c), c.expect));
}
