/**
 * Constraint checking of a decoded request against the generated schema table: required members,
 * length, range, pattern and enum membership. Failures come back as data (`ValidationFailure[]`);
 * the one place that turns them into AWS's text is validation-message.ts (DESIGN.md habit 4). The
 * request path uses the generated one-pass decoders instead (serde.ts); this table walk is their
 * reference (test/unit/protocol/serde-equivalence.test.ts).
 *
 * Owns: the walk over a decoded input, wire-style member paths, the compiled pattern table.
 * Must never: format messages, throw for a constraint violation, or compile a regex per request.
 */
import { schemas } from '../api/generated/schemas.js';
import { compileJavaPattern } from '../api/java-pattern.js';
import type { LengthConstraint } from '../api/schema.js';
import type { ValidationFailure } from '../api/validation-failure.js';
import { codePointLength } from '../api/wire-values.js';
import { shapeOf } from './shape-of.js';

export type { ValidationFailure } from '../api/validation-failure.js';
export { compileJavaPattern } from '../api/java-pattern.js';

/** Every pattern of the model, compiled once at module load (a bad pattern fails start-up). */
const compiledPatterns: ReadonlyMap<string, RegExp> = new Map(
  Object.entries(schemas).flatMap(([name, s]) =>
    s.type === 'string' && s.pattern !== undefined ? [[name, compileJavaPattern(s.pattern)] as const] : []),
);

/** `KeyId` → `keyId`: AWS's validation paths use lowerCamelCase member names (research §4). */
function wireName(member: string): string {
  return member.charAt(0).toLowerCase() + member.slice(1);
}

function checkLength(
  out: ValidationFailure[], bounds: LengthConstraint | undefined, size: number, value: unknown, path: string, sensitive: boolean,
): void {
  if (bounds === undefined) return;
  if (bounds.min !== undefined && size < bounds.min) out.push({ kind: 'length', path, sensitive, value, min: bounds.min });
  else if (bounds.max !== undefined && size > bounds.max) out.push({ kind: 'length', path, sensitive, value, max: bounds.max });
}

/** Checks one present (non-null) value against its target shape; recurses into aggregates. */
function checkValue(out: ValidationFailure[], target: string, value: unknown, path: string, inheritedSensitive: boolean): void {
  const shape = shapeOf(target);
  const sensitive = inheritedSensitive || ('sensitive' in shape && shape.sensitive === true);
  switch (shape.type) {
    case 'string': {
      if (typeof value !== 'string') return;
      const b = shape.length;
      // A UTF-16 length inside [2*min, max] is inside [min, max] in code points too: skip the count.
      const size = b === undefined || (value.length <= (b.max ?? Infinity) && value.length >= 2 * (b.min ?? 0))
        ? value.length : codePointLength(value);
      checkLength(out, b, size, value, path, sensitive);
      // Length before pattern: AWS lists both when a value breaks both (research §4, "the same
      // member can appear twice, once per violated constraint").
      const re = compiledPatterns.get(target);
      if (re !== undefined && shape.pattern !== undefined && !re.test(value)) {
        out.push({ kind: 'pattern', path, sensitive, value, pattern: shape.pattern });
      }
      return;
    }
    case 'enum':
      if (typeof value === 'string' && !shape.values.includes(value)) {
        out.push({ kind: 'enum', path, sensitive, value, shape: target, values: shape.values });
      }
      return;
    case 'blob':
      if (value instanceof Uint8Array) checkLength(out, shape.length, value.byteLength, value, path, sensitive);
      return;
    case 'integer': {
      if (typeof value !== 'number' || shape.range === undefined) return;
      const { min, max } = shape.range;
      if (min !== undefined && value < min) out.push({ kind: 'range', path, sensitive, value, min });
      else if (max !== undefined && value > max) out.push({ kind: 'range', path, sensitive, value, max });
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) return;
      checkLength(out, shape.length, value.length, value, path, sensitive);
      for (let i = 0; i < value.length; i++) {
        // Elements are `<list>.<1-based index>.member` (recorded: `tags.1.member.tagKey`).
        const elementPath = `${path}.${i + 1}.member`;
        const element: unknown = value[i];
        if (element === null || element === undefined) out.push({ kind: 'required', path: elementPath, sensitive });
        else checkValue(out, shape.member, element, elementPath, sensitive);
      }
      return;
    }
    case 'map': {
      if (value === null || typeof value !== 'object') return;
      const entries = value as Record<string, unknown>;
      const keys = Object.keys(entries);
      checkLength(out, shape.length, keys.length, value, path, sensitive);
      for (const key of keys) {
        // Our choice (nothing recorded for maps): `<map>.<key>.member`, the path the Coral-faithful
        // emulators (mhart/dynalite) use. No KMS map key shape has constraints (a unit test pins that).
        const valuePath = `${path}.${key}.member`;
        const v = entries[key];
        if (v === null || v === undefined) out.push({ kind: 'required', path: valuePath, sensitive });
        else checkValue(out, shape.value, v, valuePath, sensitive);
      }
      return;
    }
    case 'structure':
      if (value !== null && typeof value === 'object') checkStructure(out, shape.members, value as Record<string, unknown>, path, sensitive);
      return;
    default:
      return; // boolean, timestamp: no constraints in the model
  }
}

function checkStructure(
  out: ValidationFailure[], members: Readonly<Record<string, { target: string; required?: true }>>,
  value: Readonly<Record<string, unknown>>, prefix: string, sensitive: boolean,
): void {
  // Member order of the request shape, as listed in the generated table.
  for (const name in members) {
    const member = members[name]!;
    const path = prefix === '' ? wireName(name) : `${prefix}.${wireName(name)}`;
    const v = Object.hasOwn(value, name) ? value[name] : undefined;
    if (v === undefined || v === null) {
      if (member.required) out.push({ kind: 'required', path, sensitive: sensitive || isSensitive(member.target) });
      continue;
    }
    checkValue(out, member.target, v, path, sensitive);
  }
}

function isSensitive(target: string): boolean {
  const s = shapeOf(target);
  return 'sensitive' in s && s.sensitive === true;
}

/**
 * Validates a decoded input (serde.ts output) against structure shape `shapeName`. Returns every
 * violated constraint, in member order; an empty array means valid.
 */
export function validateInput(shapeName: string, input: Readonly<Record<string, unknown>>): ValidationFailure[] {
  const shape = shapeOf(shapeName);
  if (shape.type !== 'structure') throw new Error(`${shapeName} is not a structure`);
  const out: ValidationFailure[] = [];
  checkStructure(out, shape.members, input, '', shape.sensitive === true);
  return out;
}
