/**
 * The parsed key-policy cache (issue 17 "Speed"): one parse per policy text, and never a stale
 * answer when another process changed the policy (the entry is checked against the record's text).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyPolicyCache } from '../../../src/service/authorization/key-policy-cache.js';
import { defaultKeyPolicy } from '../../../src/domain/policy/default-policy.js';

const arn = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

test('the same policy text is parsed once; a changed text is parsed again', () => {
  const cache = new KeyPolicyCache();
  const first = cache.get({ arn, policy: defaultKeyPolicy('111122223333') });
  assert.equal(cache.get({ arn, policy: defaultKeyPolicy('111122223333') }), first, 'equal text: the cached parse');
  const changed = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*' }] });
  const second = cache.get({ arn, policy: changed });
  assert.notEqual(second, first);
  assert.equal(second.statements[0]!.effect, 'Deny');
});

test('a stored policy the parser refuses allows nothing (fail closed)', () => {
  const cache = new KeyPolicyCache();
  const parsed = cache.get({ arn, policy: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Condition":{"NoSuchOperator":{"a":"b"}}}]}' });
  assert.equal(parsed.statements.length, 0);
});

test('keys with the same policy text share one parsed document (memory: one entry, not one per key)', () => {
  const cache = new KeyPolicyCache();
  const policy = defaultKeyPolicy('111122223333');
  const other = arn.replace('1234abcd', '9999abcd');
  const first = cache.get({ arn, policy });
  assert.equal(cache.get({ arn: other, policy }), first);
  assert.equal(cache.size, 1);
  // Changing one key's policy does not change what the other key's text parses to.
  const denyAll = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*' }] });
  assert.equal(cache.get({ arn, policy: denyAll }).statements[0]!.effect, 'Deny');
  assert.equal(cache.get({ arn: other, policy }), first);
});
