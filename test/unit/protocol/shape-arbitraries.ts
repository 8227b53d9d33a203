/**
 * fast-check arbitraries derived from the generated schema table, for the serde equivalence test:
 * JSON request bodies for an input shape (mostly valid, with wrong JSON types, missing and null
 * members, lengths and values just outside their bounds, bad enums, bad base64, unknown members and
 * hostile map keys mixed in), and service results for an output shape (right JS types, with
 * undefined/null members, stray fields and the occasional wrong type).
 */
import fc from 'fast-check';
import { schemas } from '../../../src/api/generated/schemas.js';
import { compileJavaPattern } from '../../../src/api/java-pattern.js';
import type { LengthConstraint } from '../../../src/api/schema.js';

const schemaOf = (name: string) => {
  const s = schemas[name];
  if (s === undefined) throw new Error(`no shape ${name}`);
  return s;
};

/** Any JSON value of a kind that some shape does not expect. */
const wrongJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.string({ maxLength: 5 }),
  fc.constant({}), fc.constant([]), fc.constant([1]), fc.constant({ a: 1 }), fc.constant(null),
);

/** Sizes around a length constraint: inside, on both bounds, one past each (never negative). */
function sizeAround(b: LengthConstraint | undefined, cap: number): fc.Arbitrary<number> {
  const min = b?.min ?? 0;
  const max = Math.min(b?.max ?? cap, cap + 1);
  const edges = [min - 1, min, min + 1, max - 1, max, max + 1].filter((n) => n >= 0 && n <= cap + 1);
  return fc.oneof({ arbitrary: fc.integer({ min: 0, max: Math.min(max, 40) }), weight: 3 }, { arbitrary: fc.constantFrom(...edges), weight: 2 });
}

/** Text of exactly `n` code points, sometimes astral (two UTF-16 units each) so lengths count code points. */
function textOf(n: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant('a'.repeat(n)),
    fc.constant('\u{1F600}'.repeat(n)),
    fc.array(fc.constantFrom('a', 'Z', '0', '-', '/', ':', '_', ' ', '\u00e9', '\u{1F600}', '\t'), { minLength: n, maxLength: n }).map((a) => a.join('')),
  );
}

const patternArbs = new Map<string, fc.Arbitrary<string>>();
function matching(name: string, pattern: string): fc.Arbitrary<string> {
  let arb = patternArbs.get(name);
  if (arb === undefined) {
    arb = fc.stringMatching(compileJavaPattern(pattern));
    patternArbs.set(name, arb);
  }
  return arb;
}

const badBase64 = fc.constantFrom('Foo', 'QR==', '-_-_', 'QQ==QQ==', 'QU J', 'QQ', '====', 'AAA=A===', 'my secret!!!');

/** A JSON value for shape `name` (mostly valid, sometimes not). `depth` bounds nesting. */
export function jsonFor(name: string, depth = 0): fc.Arbitrary<unknown> {
  const s = schemaOf(name);
  const wrong = { arbitrary: wrongJson, weight: 1 };
  switch (s.type) {
    case 'string': {
      const sized = sizeAround(s.length, 300).chain(textOf);
      const valid = s.pattern === undefined ? sized : fc.oneof({ arbitrary: matching(name, s.pattern), weight: 3 }, { arbitrary: sized, weight: 1 });
      return fc.oneof({ arbitrary: valid, weight: 14 }, wrong);
    }
    case 'enum':
      return fc.oneof({ arbitrary: fc.constantFrom(...s.values), weight: 12 }, { arbitrary: fc.constantFrom('NOPE', '', 'symmetric_default'), weight: 2 }, wrong);
    case 'blob':
      return fc.oneof(
        { arbitrary: sizeAround(s.length, 4200).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })).map((b) => Buffer.from(b).toString('base64')), weight: 12 },
        { arbitrary: badBase64, weight: 2 }, wrong,
      );
    case 'integer': {
      const min = s.range?.min ?? -5;
      const max = s.range?.max ?? 5000;
      return fc.oneof(
        { arbitrary: fc.integer({ min: Math.max(min - 2, -(2 ** 31)), max: Math.min(max + 2, 2 ** 31 - 1) }), weight: 10 },
        { arbitrary: fc.constantFrom(1.5, 2 ** 31, -(2 ** 31) - 1, 1e300), weight: 1 }, wrong,
      );
    }
    case 'boolean':
      return fc.oneof({ arbitrary: fc.boolean(), weight: 12 }, wrong);
    case 'timestamp':
      return fc.oneof({ arbitrary: fc.oneof(fc.integer({ min: 0, max: 2e9 }), fc.double({ min: 0, max: 2e9, noNaN: true })), weight: 10 },
        { arbitrary: fc.constant(1e300), weight: 1 }, wrong);
    case 'list': {
      const element = fc.oneof({ arbitrary: jsonFor(s.member, depth + 1), weight: 12 }, { arbitrary: fc.constant(null), weight: 1 });
      return fc.oneof({ arbitrary: sizeAround(s.length, 12).chain((n) => fc.array(element, { minLength: n, maxLength: n })), weight: 12 }, wrong);
    }
    case 'map': {
      const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', 'constructor', '1', 'toString'));
      const value = fc.oneof({ arbitrary: jsonFor(s.value, depth + 1), weight: 12 }, { arbitrary: fc.constant(null), weight: 1 });
      return fc.oneof({ arbitrary: fc.dictionary(key, value, { maxKeys: 5 }), weight: 12 }, wrong);
    }
    case 'structure': {
      const entries = Object.entries(s.members).map(([member, def]) => fc.oneof(
        { arbitrary: jsonFor(def.target, depth + 1).map((v) => [member, v] as const), weight: def.required ? 14 : 6 },
        { arbitrary: fc.constant([member, null] as const), weight: 1 },
        { arbitrary: fc.constant(undefined), weight: def.required ? 1 : 5 },
      ));
      const unknown = fc.array(fc.tuple(fc.constantFrom('Bogus', 'keyId', 'KEYID', '__proto__'), wrongJson), { maxLength: 2 });
      const record = fc.tuple(fc.tuple(...entries), unknown).map(([members, extra]) => {
        const out: Record<string, unknown> = {};
        for (const e of [...extra, ...members]) if (e !== undefined) Object.defineProperty(out, e[0], { value: e[1], enumerable: true, configurable: true, writable: true });
        return out;
      });
      return depth === 0 ? record : fc.oneof({ arbitrary: record, weight: 12 }, wrong);
    }
  }
}

/** A service result for shape `name`: right JS types mostly, with the odd wrong one. */
export function resultFor(name: string): fc.Arbitrary<unknown> {
  const s = schemaOf(name);
  const odd = { arbitrary: fc.constantFrom<unknown>('text', 7, true, null, undefined, new Date(Number.NaN), { a: 1 }), weight: 1 };
  switch (s.type) {
    case 'string': case 'enum':
      return fc.oneof({ arbitrary: s.type === 'enum' ? fc.constantFrom(...s.values) : fc.string({ unit: 'binary', maxLength: 12 }), weight: 20 }, odd);
    case 'integer':
      return fc.oneof({ arbitrary: fc.integer(), weight: 20 }, { arbitrary: fc.constantFrom(Number.NaN, 1.5, -0), weight: 1 }, odd);
    case 'boolean':
      return fc.oneof({ arbitrary: fc.boolean(), weight: 20 }, odd);
    case 'timestamp':
      return fc.oneof({ arbitrary: fc.date({ noInvalidDate: true }), weight: 20 }, odd);
    case 'blob':
      return fc.oneof({ arbitrary: fc.uint8Array({ maxLength: 40 }), weight: 10 },
        { arbitrary: fc.uint8Array({ minLength: 4, maxLength: 40 }).map((b) => Buffer.from(b).subarray(1, -1)), weight: 10 }, odd);
    case 'list':
      return fc.oneof({ arbitrary: fc.array(fc.oneof({ arbitrary: resultFor(s.member), weight: 12 }, { arbitrary: fc.constantFrom(null, undefined), weight: 1 }), { maxLength: 4 }), weight: 20 }, odd);
    case 'map': {
      const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', '2', 'b'));
      return fc.oneof({
        arbitrary: fc.array(fc.tuple(key, fc.oneof({ arbitrary: resultFor(s.value), weight: 8 }, { arbitrary: fc.constantFrom(undefined, null), weight: 2 })), { maxLength: 4 })
          .map((pairs) => {
            const out = Object.create(null) as Record<string, unknown>;
            for (const [k, v] of pairs) Object.defineProperty(out, k, { value: v, enumerable: true, configurable: true, writable: true });
            return out;
          }),
        weight: 20,
      }, odd);
    }
    case 'structure': {
      const entries = Object.entries(s.members).map(([member, def]) => fc.option(resultFor(def.target).map((v) => [member, v] as const), { freq: 3 }));
      return fc.oneof({
        arbitrary: fc.tuple(...entries).map((members) => {
          const out: Record<string, unknown> = { internalField: 'never on the wire' };
          for (const e of members) if (e !== null) out[e[0]] = e[1];
          return out;
        }),
        weight: 20,
      }, odd);
    }
  }
}
