/**
 * AWS JSON 1.1 body ⇄ operation shapes (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html):
 * blobs are base64 strings, timestamps epoch seconds, maps JSON objects. Wrong JSON types become
 * SerializationException with the AWS front end's (Coral's) texts (api/wire-values.ts).
 *
 * Two implementations of one contract. The request path uses the per-operation functions that
 * `npm run gen` writes (api/generated/serde-*.ts: one pass that decodes and validates, one that
 * encodes). `decodeInput`/`encodeOutput` below walk the generated schema table instead: they are the
 * reference the generated code is checked against (test/unit/protocol/serde-equivalence.test.ts)
 * and what the unit tests of the wire rules exercise.
 *
 * Owns: JSON.parse of the request body (once), output encoding.
 * Must never: check constraints in the table walk (validate.ts does), put a sensitive value in an
 * error message, or build a map on an ordinary object (keys such as `__proto__` are attacker-chosen:
 * NOTES.md §3).
 */
import { isUtf8 } from 'node:buffer';
import { SerializationException } from '../api/errors.js';
import type { OperationName } from '../api/generated/operations.js';
import { serdeOperations } from '../api/generated/serde-operations.js';
import type { ValidationFailure } from '../api/validation-failure.js';
import {
  decodeBlob, decodeBoolean, decodeInteger, decodeString, decodeTimestamp, encodeBlob, encodeTimestamp,
  listMismatch, mapMismatch, requireArray, structureMismatch,
} from '../api/wire-values.js';
import { shapeOf } from './shape-of.js';

/**
 * Parses a raw request body into the JSON object at its top level; an empty body is `{}`. Bytes that
 * are not UTF-8 JSON with an object at the top level: SerializationException without a message, as
 * AWS's JSON front ends answer (research §11: `{"__type":"SerializationException"}`).
 */
export function parseRequestBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  if (!isUtf8(body)) throw new SerializationException();
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new SerializationException();
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SerializationException();
  return parsed as Record<string, unknown>;
}

/**
 * The request path: decodes and validates operation `name`'s input from `body` in one generated
 * pass. Wire-type errors throw SerializationException; violated constraints are appended to
 * `failures` (in the order validate.ts reports them) and the decoded input is still returned, for
 * the audit record of the refused call.
 */
export function decodeOperationInput(name: OperationName, body: Buffer, failures: ValidationFailure[]): Record<string, unknown> {
  return serdeOperations[name].decode(parseRequestBody(body), failures);
}

/** The reply path: operation `name`'s result as its JSON body, by the generated encoder. */
export function encodeOperationOutput(name: OperationName, output: unknown): string {
  return serdeOperations[name].encode(output);
}

function decodeValue(target: string, value: unknown, inheritedSensitive: boolean): unknown {
  const shape = shapeOf(target);
  const sensitive = inheritedSensitive || ('sensitive' in shape && shape.sensitive === true);
  switch (shape.type) {
    case 'string':
    case 'enum': // membership is validate.ts's job; here it only has to be a string
      return decodeString(value);
    case 'blob':
      return decodeBlob(value, sensitive);
    case 'integer':
      return decodeInteger(value);
    case 'boolean':
      return decodeBoolean(value);
    case 'timestamp':
      return decodeTimestamp(value);
    case 'list':
      // null elements are kept: validate.ts reports them as "Member must not be null".
      if (Array.isArray(value)) return value.map((e: unknown) => (e === null ? null : decodeValue(shape.member, e, sensitive)));
      return listMismatch(value);
    case 'map': {
      if (Array.isArray(value) || typeof value !== 'object' || value === null) mapMismatch(value);
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const key of Object.keys(source)) {
        const v = source[key];
        out[key] = v === null ? null : decodeValue(shape.value, v, sensitive);
      }
      return out;
    }
    case 'structure':
      if (Array.isArray(value) || typeof value !== 'object' || value === null) structureMismatch(value);
      return decodeStructure(shape.members, value as Record<string, unknown>, sensitive);
  }
}

function decodeStructure(
  members: Readonly<Record<string, { target: string }>>, source: Readonly<Record<string, unknown>>, sensitive: boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Walk the shape's members, not the JSON keys: unknown members are ignored, as AWS's JSON 1.1
  // front end does, and no attacker-chosen key ever becomes a property of a structure.
  for (const name in members) {
    if (!Object.hasOwn(source, name)) continue;
    const v = source[name];
    if (v === null) continue; // null means absent (aws-json-1_1)
    out[name] = decodeValue(members[name]!.target, v, sensitive);
  }
  return out;
}

/**
 * Reference decoder (table walk): a raw request body into structure shape `shapeName`, without
 * constraint checks (validate.ts's `validateInput` is the reference for those).
 */
export function decodeInput(shapeName: string, body: Buffer): Record<string, unknown> {
  const shape = shapeOf(shapeName);
  if (shape.type !== 'structure') throw new Error(`${shapeName} is not a structure`);
  const parsed = parseRequestBody(body);
  return decodeStructure(shape.members, parsed, shape.sensitive === true);
}

function encodeValue(target: string, value: unknown, where: string): unknown {
  const shape = shapeOf(target);
  switch (shape.type) {
    case 'blob':
      return encodeBlob(value, where);
    case 'timestamp':
      return encodeTimestamp(value, where);
    case 'list':
      requireArray(value, where);
      return value.map((e: unknown) => encodeValue(shape.member, e, where));
    case 'map': {
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      const source = value as Record<string, unknown>;
      for (const key of Object.keys(source)) {
        if (source[key] !== undefined) out[key] = encodeValue(shape.value, source[key], where);
      }
      return out;
    }
    case 'structure':
      return encodeStructure(shape.members, value as Record<string, unknown>, where);
    default:
      return value; // string, enum, integer, boolean: JSON as they are
  }
}

function encodeStructure(members: Readonly<Record<string, { target: string }>>, value: Readonly<Record<string, unknown>>, where: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Only modelled members go out: a stray internal field on a service result never reaches the wire.
  for (const name in members) {
    const v = value[name];
    if (v === undefined || v === null) continue;
    out[name] = encodeValue(members[name]!.target, v, where === '' ? name : `${where}.${name}`);
  }
  return out;
}

/**
 * Reference encoder (table walk): an operation result as the JSON body of structure shape
 * `shapeName`: Date → epoch seconds, bytes → standard base64, undefined members omitted. Throws
 * TypeError (an internal failure) when the service returned a wrong type; the message names the
 * member, never its value.
 */
export function encodeOutput(shapeName: string, output: unknown): string {
  const shape = shapeOf(shapeName);
  if (shape.type !== 'structure') throw new Error(`${shapeName} is not a structure`);
  if (output === undefined || output === null) return '{}';
  return JSON.stringify(encodeStructure(shape.members, output as Record<string, unknown>, ''));
}
