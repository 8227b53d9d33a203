import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderOperationsDoc } from '../scripts/operations-doc.js';
import { repoRoot } from '../scripts/codegen.js';
import { operationNames } from '../src/api/generated/operations.js';
import { handlers } from '../src/service/handlers.js';
import { isImplemented } from '../src/service/operations/not-implemented.js';

test('docs/operations.md matches the operation registry (run `npm run gen`)', () => {
  assert.equal(readFileSync(join(repoRoot, 'docs/operations.md'), 'utf8'), renderOperationsDoc());
});

test('the 22 operations of issue 3 are served', () => {
  const served = operationNames.filter((name) => isImplemented(handlers[name]));
  assert.deepEqual(served.sort(), [
    'CreateAlias', 'CreateKey', 'Decrypt', 'DeleteAlias', 'DescribeKey', 'DisableKey', 'EnableKey', 'Encrypt',
    'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateRandom', 'GetKeyPolicy', 'ListAliases', 'ListKeyPolicies',
    'ListKeys', 'ListResourceTags', 'PutKeyPolicy', 'ReEncrypt', 'TagResource', 'UntagResource', 'UpdateAlias', 'UpdateKeyDescription',
  ]);
});
