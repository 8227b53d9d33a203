/**
 * The README's key-spec table stays in step with src/crypto/algorithms.ts (DESIGN.md habit 8, as
 * fastify tests that every error code is documented): every key spec, each usage it allows and
 * each algorithm of that usage appear in one row of the table; a spec Trent refuses (SM2) is listed
 * as refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { keySpecs, signingAlgorithms, encryptionAlgorithms } from '../../../src/crypto/algorithms.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('### Key specs and algorithms'));
const rows = section.split('\n').filter((line) => line.startsWith('| `')).map((line) => line.split(' | ').map((cell) => cell.replace(/^\| /, '')));

/** `RSASSA_PSS_SHA_256/384/512` in a cell names RSASSA_PSS_SHA_256, _384 and _512. */
function namesIn(cell: string): Set<string> {
  const names = new Set<string>();
  for (const [, name] of cell.matchAll(/`([A-Z0-9_/]+)`/g)) {
    const [first, ...more] = name!.split('/');
    names.add(first!);
    const stem = first!.replace(/[0-9]+$/, '');
    for (const suffix of more) names.add(stem + suffix);
  }
  return names;
}

test('every key spec × usage of algorithms.ts is a README row listing its algorithms', () => {
  for (const [keySpec, entry] of Object.entries(keySpecs)) {
    const specRows = rows.filter((cells) => namesIn(cells[0]!).has(keySpec));
    if (entry === undefined) {
      assert.equal(specRows.length, 1, `${keySpec}: one row`);
      assert.match(specRows[0]![3]!, /refused with `UnsupportedOperationException`/, `${keySpec} is listed as refused`);
      continue;
    }
    const usages = Object.entries(entry.usages);
    assert.equal(specRows.length, usages.length, `${keySpec}: one row per usage`);
    for (const [usage, algorithms] of usages) {
      const row = specRows.find((cells) => cells[1] === `\`${usage}\``);
      assert.ok(row, `${keySpec} ${usage} has a row`);
      const expected = [
        ...(algorithms.encryptionAlgorithms ?? []), ...(algorithms.signingAlgorithms ?? []),
        ...(algorithms.macAlgorithms ?? []), ...(algorithms.keyAgreementAlgorithms ?? []),
      ];
      const listed = namesIn(row[2]!);
      for (const algorithm of expected) assert.ok(listed.has(algorithm), `${keySpec} ${usage}: ${algorithm} listed`);
      assert.ok(row[4]!.trim().length > 1, `${keySpec} ${usage}: the library is named`);
    }
  }
});

test('the algorithms Trent refuses (SM2DSA, SM2PKE) are named in the SM2 row', () => {
  const refused = [...Object.entries(signingAlgorithms), ...Object.entries(encryptionAlgorithms)].filter(([, e]) => e === undefined).map(([name]) => name);
  assert.deepEqual(refused.sort(), ['SM2DSA', 'SM2PKE']);
  const sm2 = rows.find((cells) => cells[0] === '`SM2`')!;
  for (const name of refused) assert.ok(namesIn(sm2[2]!).has(name));
});
