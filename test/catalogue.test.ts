import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorCatalogue, renderErrorsDoc, renderOperationsDoc } from '../scripts/docs.js';
import { repoRoot } from '../scripts/codegen.js';
import { operationNames } from '../src/api/generated/operations.js';
import { handlers } from '../src/service/handlers.js';
import { isImplemented } from '../src/service/operations/not-implemented.js';

test('docs/operations.md matches the operation registry (run `npm run gen`)', () => {
  assert.equal(readFileSync(join(repoRoot, 'docs/operations.md'), 'utf8'), renderOperationsDoc());
});

/** Operations other issues serve, each checked by its own tests (issue 15: test/operations/key-specs.test.ts & co.). */
const servedElsewhere = new Set<string>([
  // issue 15
  'Sign', 'Verify', 'GetPublicKey', 'GenerateMac', 'VerifyMac', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext', 'DeriveSharedSecret',
  // issue 14: test/lifecycle/*.test.ts
  'CancelKeyDeletion', 'DeleteImportedKeyMaterial', 'DisableKeyRotation', 'EnableKeyRotation', 'GetKeyRotationStatus',
  'GetParametersForImport', 'ImportKeyMaterial', 'ListKeyRotations', 'RotateKeyOnDemand', 'ScheduleKeyDeletion',
  // issue 17: test/grants/*.test.ts
  'CreateGrant', 'ListGrants', 'ListRetirableGrants', 'RetireGrant', 'RevokeGrant',
]);

test('the operations of issue 3, and GetKeyLastUsage (issue 18), are served', () => {
  const served = operationNames.filter((name) => isImplemented(handlers[name]) && !servedElsewhere.has(name));
  assert.deepEqual(served.sort(), [
    'CreateAlias', 'CreateKey', 'Decrypt', 'DeleteAlias', 'DescribeKey', 'DisableKey', 'EnableKey', 'Encrypt',
    'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateRandom', 'GetKeyLastUsage', 'GetKeyPolicy', 'ListAliases', 'ListKeyPolicies',
    'ListKeys', 'ListResourceTags', 'PutKeyPolicy', 'ReEncrypt', 'TagResource', 'UntagResource', 'UpdateAlias', 'UpdateKeyDescription',
  ]);
});

test('docs/errors.md matches the error classes (run `npm run gen`)', () => {
  assert.equal(readFileSync(join(repoRoot, 'docs/errors.md'), 'utf8'), renderErrorsDoc());
});

test('the catalogue holds every modelled error and the AWS front-end errors, each with a 4xx/5xx status matching its fault', () => {
  const catalogue = errorCatalogue();
  assert.equal(catalogue.filter((e) => e.modelled).length, 48);
  for (const name of ['UnknownOperationException', 'SerializationException', 'ValidationException', 'MissingAuthenticationTokenException',
    'IncompleteSignatureException', 'UnrecognizedClientException', 'InvalidSignatureException', 'InternalFailure']) {
    assert.ok(catalogue.some((e) => e.name === name && !e.modelled), name);
  }
  for (const error of catalogue) {
    assert.equal(error.fault === 'client' ? error.status >= 400 && error.status < 500 : error.status >= 500, true, error.name);
  }
  assert.equal(new Set(catalogue.map((e) => e.name)).size, catalogue.length, 'error names are unique');
});
