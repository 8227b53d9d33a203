/**
 * The generated per-shape serde (api/generated/serde-*.ts, the request path) against the table walk
 * it replaced (protocol/serde.ts decodeInput/encodeOutput + protocol/validate.ts validateInput, kept
 * as the reference): for every operation, on generated valid and invalid inputs, both give the same
 * decoded value and the same failures in the same order, or the same error (class and message); for
 * every output, the same JSON text or the same error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { operations, operationNames, type OperationName } from '../../../src/api/generated/operations.js';
import { serdeOperations, type OperationSerde } from '../../../src/api/generated/serde-operations.js';
import type { ValidationFailure } from '../../../src/api/validation-failure.js';
import { decodeInput, encodeOutput, parseRequestBody } from '../../../src/protocol/serde.js';
import { validateInput } from '../../../src/protocol/validate.js';
import { formatValidationMessage } from '../../../src/protocol/validation-message.js';
import { jsonFor, resultFor } from './shape-arbitraries.js';

type Outcome =
  | { readonly ok: true; readonly value: unknown; readonly failures?: readonly ValidationFailure[] }
  | { readonly ok: false; readonly error: string; readonly message: string };

function run(fn: () => { value: unknown; failures?: readonly ValidationFailure[] }): Outcome {
  try {
    return { ok: true, ...fn() };
  } catch (error) {
    const e = error as Error;
    return { ok: false, error: `${e.constructor.name}/${e.name}`, message: e.message };
  }
}

/** The reference: decode by table walk, then validate by table walk. */
function referenceDecode(op: OperationName, body: Buffer): Outcome {
  return run(() => {
    const value = decodeInput(operations[op].input, body);
    return { value, failures: validateInput(operations[op].input, value) };
  });
}

function generatedDecode(serde: OperationSerde, body: Buffer): Outcome {
  return run(() => {
    const failures: ValidationFailure[] = [];
    const value = serde.decode(parseRequestBody(body), failures);
    return { value, failures };
  });
}

/** Asserts the two outcomes agree, including the ValidationException text the server would send. */
function assertSameDecode(expected: Outcome, actual: Outcome, body: Buffer): void {
  assert.deepStrictEqual(actual, expected, `body ${body.toString()}`);
  if (expected.ok && actual.ok && (expected.failures?.length ?? 0) > 0) {
    assert.equal(formatValidationMessage(actual.failures!), formatValidationMessage(expected.failures!));
  }
}

/** What kinds of outcome the generated inputs produced: the property must see all of them. */
const seen = { ok: 0, serialization: 0, kinds: new Set<string>() };
function tally(o: Outcome): void {
  if (!o.ok) { if (o.error.endsWith('/SerializationException')) seen.serialization++; return; }
  if (o.failures?.length === 0) seen.ok++;
  for (const f of o.failures ?? []) seen.kinds.add(f.kind);
}

for (const op of operationNames) {
  test(`${op}: the generated decoder agrees with decode + validate by table walk`, () => {
    fc.assert(fc.property(jsonFor(operations[op].input), (value) => {
      const body = Buffer.from(JSON.stringify(value));
      const expected = referenceDecode(op, body);
      tally(expected);
      assertSameDecode(expected, generatedDecode(serdeOperations[op], body), body);
    }), { numRuns: 150 });
  });
}

test('the generated decoders agree on bodies that are not a JSON object', () => {
  for (const raw of ['', '{', 'nope', '[]', '"s"', '1', 'null', ' ', '{"KeyId":1}', '{"KeyId":null}', '{"Plaintext":"QR=="}']) {
    const body = Buffer.from(raw);
    for (const op of ['Encrypt', 'ListKeys', 'CreateKey'] as const) {
      assertSameDecode(referenceDecode(op, body), generatedDecode(serdeOperations[op], body), body);
    }
  }
  const notUtf8 = Buffer.from([0x7b, 0x22, 0x87, 0x22, 0x3a, 0x31, 0x7d]);
  assertSameDecode(referenceDecode('DescribeKey', notUtf8), generatedDecode(serdeOperations.DescribeKey, notUtf8), notUtf8);
});

for (const op of operationNames) {
  test(`${op}: the generated encoder writes the reference's JSON`, () => {
    fc.assert(fc.property(resultFor(operations[op].output), (output) => {
      const expected = run(() => ({ value: encodeOutput(operations[op].output, output) }));
      const actual = run(() => ({ value: serdeOperations[op].encode(output) }));
      assert.deepStrictEqual(actual, expected);
    }), { numRuns: 200 });
  });
}

test('the generated encoders agree on values the arbitraries never make: holes, functions, symbols, BigInt, toJSON', () => {
  const fn = (): void => undefined;
  const ctx = Object.assign(Object.create(null) as Record<string, unknown>, { a: fn, b: Symbol('s'), c: 'x', d: null });
  const cases: Array<[OperationName, unknown]> = [
    ['ListAliases', { Aliases: [, { AliasName: 'alias/a' }] }],
    ['ListGrants', { Grants: [{ Operations: ['Decrypt', , fn] }, , { Constraints: { EncryptionContextSubset: ctx } }] }],
    ['DescribeKey', { KeyMetadata: { KeyId: fn, Description: Symbol('d'), Enabled: { toJSON: () => 'later' } } }],
    ['GenerateRandom', { Plaintext: 10n }],
    ['ListKeys', { Keys: [{ KeyId: 10n }] }],
    ['ListAliases', { Aliases: [null] }],
    ['ListAliases', { Aliases: 'not a list' }],
    ['DescribeKey', { KeyMetadata: 'text' }],
  ];
  for (const [op, output] of cases) {
    const expected = run(() => ({ value: encodeOutput(operations[op].output, output) }));
    const actual = run(() => ({ value: serdeOperations[op].encode(output) }));
    assert.deepStrictEqual(actual, expected, op);
  }
});

// Runs after the per-operation tests above (node:test runs a file's tests in order).
test('the generated inputs reached success, SerializationException and every kind of ValidationFailure', () => {
  assert.ok(seen.ok > 100, `only ${seen.ok} valid inputs`);
  assert.ok(seen.serialization > 100, `only ${seen.serialization} SerializationExceptions`);
  assert.deepEqual([...seen.kinds].sort(), ['enum', 'length', 'pattern', 'range', 'required']);
});

test('the comparison catches a decoder that drops, reorders or changes anything', () => {
  const body = Buffer.from(JSON.stringify({ KeyId: '', Plaintext: 'QQ==', GrantTokens: Array(11).fill('t'), EncryptionAlgorithm: 'NOPE' }));
  const expected = referenceDecode('Encrypt', body);
  assert.ok(expected.ok && expected.failures!.length === 3, JSON.stringify(expected));
  const real = serdeOperations.Encrypt;
  const broken: OperationSerde[] = [
    { ...real, decode: (src, f) => { const v = real.decode(src, f); f.pop(); return v; } },
    { ...real, decode: (src, f) => { const v = real.decode(src, f); f.reverse(); return v; } },
    { ...real, decode: (src, f) => ({ ...real.decode(src, f), Extra: 1 }) },
    { ...real, decode: () => { throw new Error('nope'); } },
  ];
  for (const serde of broken) assert.throws(() => assertSameDecode(expected, generatedDecode(serde, body), body), assert.AssertionError);
  assertSameDecode(expected, generatedDecode(real, body), body);
});
