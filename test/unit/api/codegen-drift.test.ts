import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate, readModel, repoRoot } from '../../../scripts/codegen.js';
import { operationNames } from '../../../src/api/generated/operations.js';

test('the committed src/api/generated/* is exactly what the model generates (run `npm run gen`)', () => {
  const files = generate(readModel());
  // Every file in the folder is generated (no stale one left behind), and the serde files are there.
  assert.deepEqual(readdirSync(join(repoRoot, 'src/api/generated')).map((f) => `src/api/generated/${f}`).sort(), Object.keys(files).sort());
  for (const name of ['schemas', 'shapes', 'operations', 'errors', 'serde-operations', 'serde-decode-shapes', 'serde-encode-shapes']) {
    assert.ok(`src/api/generated/${name}.ts` in files, name);
  }
  for (const [path, content] of Object.entries(files)) {
    assert.equal(readFileSync(join(repoRoot, path), 'utf8'), content, `${path} drifted from the model`);
  }
});

test('generating twice gives the same files (the output is deterministic)', () => {
  assert.deepEqual(generate(readModel()), generate(readModel()));
});

test('the model has the 54 operations of AWS KMS', () => {
  assert.equal(operationNames.length, 54);
});
