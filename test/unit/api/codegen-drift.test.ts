import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate, readModel, repoRoot } from '../../../scripts/codegen.js';
import { operationNames } from '../../../src/api/generated/operations.js';

test('the committed src/api/generated/* is exactly what the model generates (run `npm run gen`)', () => {
  const files = generate(readModel());
  assert.equal(Object.keys(files).length, 4);
  for (const [path, content] of Object.entries(files)) {
    assert.equal(readFileSync(join(repoRoot, path), 'utf8'), content, `${path} drifted from the model`);
  }
});

test('the model has the 54 operations of AWS KMS', () => {
  assert.equal(operationNames.length, 54);
});
