/**
 * Alias name and target rules (src/domain/alias/alias-name.ts). Texts: docs/research/aws-kms-messages.md §5.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAliasName, checkAliasRetarget, checkAliasTarget, keyTypeOf } from '../../../src/domain/alias/alias-name.js';

function throwsKms(fn: () => void, name: string, message: string): void {
  assert.throws(fn, (error: Error) => {
    assert.deepEqual({ name: error.name, message: error.message }, { name, message });
    return true;
  });
}

const prefixMessage = 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html';

test('ordinary alias names with letters, digits, slashes, underscores and dashes are accepted', () => {
  for (const name of ['alias/a', 'alias/my-key', 'alias/team/app_1', 'alias/A-Z/0_9', 'alias/awsome', 'alias/aws']) {
    assert.doesNotThrow(() => checkAliasName(name), name);
  }
});

test('a name without the alias/ prefix is ValidationException with the recorded text, whatever else it holds', () => {
  for (const name of ['my-key', 'Alias/my-key', 'aliases/x', 'x:y', 'arn:aws:kms:us-east-1:111122223333:alias/x']) {
    throwsKms(() => checkAliasName(name), 'ValidationException', prefixMessage);
  }
});

test('a colon in an alias name is ValidationException "<name> contains invalid characters for an alias"', () => {
  throwsKms(() => checkAliasName('alias/Service:Test'), 'ValidationException', 'alias/Service:Test contains invalid characters for an alias');
});

test('the bare prefix alias/ is refused with the invalid-characters text', () => {
  throwsKms(() => checkAliasName('alias/'), 'ValidationException', 'alias/ contains invalid characters for an alias');
});

test('names under the reserved alias/aws/ prefix are InvalidAliasNameException', () => {
  for (const name of ['alias/aws/s3', 'alias/aws/my-own', 'alias/aws/']) {
    throwsKms(() => checkAliasName(name), 'InvalidAliasNameException', 'Aliases beginning with alias/aws/ are reserved');
  }
});

test('a TargetKeyId naming an alias (name or ARN) is ValidationException; key ids and ARNs pass', () => {
  throwsKms(() => checkAliasTarget('alias/other'), 'ValidationException', 'Aliases must refer to keys. Not aliases');
  throwsKms(() => checkAliasTarget('arn:aws:kms:us-east-1:111122223333:alias/other'), 'ValidationException', 'Aliases must refer to keys. Not aliases');
  assert.doesNotThrow(() => checkAliasTarget('1234abcd-12ab-34cd-56ef-1234567890ab'));
  assert.doesNotThrow(() => checkAliasTarget('arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'));
  // Left to key resolution, which answers NotFoundException "Invalid keyId '…'".
  assert.doesNotThrow(() => checkAliasTarget('not-a-key'));
});

test('key types for UpdateAlias: symmetric, HMAC, asymmetric', () => {
  assert.equal(keyTypeOf('SYMMETRIC_DEFAULT'), 'symmetric');
  assert.equal(keyTypeOf('HMAC_256'), 'hmac');
  assert.equal(keyTypeOf('RSA_2048'), 'asymmetric');
  assert.equal(keyTypeOf('ECC_NIST_P256'), 'asymmetric');
});

test('UpdateAlias accepts a new target of the same key type and usage, and refuses another type or usage', () => {
  const arn = (n: number) => `arn:aws:kms:us-east-1:111122223333:key/0000000${n}-0000-4000-8000-000000000000`;
  const symmetric = { arn: arn(1), keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT' } as const;
  assert.doesNotThrow(() => checkAliasRetarget(symmetric, { ...symmetric, arn: arn(2) }));
  // Two asymmetric specs with the same usage are the same "type".
  assert.doesNotThrow(() => checkAliasRetarget(
    { arn: arn(1), keySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY' }, { arn: arn(2), keySpec: 'ECC_NIST_P256', keyUsage: 'SIGN_VERIFY' }));
  const message = `Key ${arn(2)} is not compatible with the alias's current target key ${arn(1)}: key type and key usage must be the same`;
  throwsKms(() => checkAliasRetarget(symmetric, { arn: arn(2), keySpec: 'RSA_2048', keyUsage: 'ENCRYPT_DECRYPT' }), 'ValidationException', message);
  throwsKms(() => checkAliasRetarget(
    { arn: arn(1), keySpec: 'RSA_2048', keyUsage: 'ENCRYPT_DECRYPT' }, { arn: arn(2), keySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY' }), 'ValidationException', message);
  throwsKms(() => checkAliasRetarget(symmetric, { arn: arn(2), keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC' }), 'ValidationException', message);
});
