/**
 * AWS JSON 1.1 body ⇄ operation shapes, driven by the generated schema table
 * (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html): blobs are base64 strings,
 * timestamps epoch seconds, maps JSON objects. Wrong JSON types become SerializationException with
 * the AWS front end's (Coral's) texts.
 *
 * Owns: JSON.parse of the request body (once), strict base64, output encoding.
 * Must never: check constraints (validate.ts does), put a sensitive value in an error message, or
 * build a map on an ordinary object (keys such as `__proto__` are attacker-chosen: NOTES.md §3).
 *
 * Message sources. RECORDED against AWS: "class com.amazon.coral.value.json.numbers.TruncatingBigNumber
 * can not be converted to an String" (LocalStack API Gateway snapshot), "'Foo' can not be converted
 * to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3" (Kinesis,
 * pplu/aws-sdk-perl#81, aws/aws-sdk-php#650), "Start of structure or map found where not
 * expected" (DynamoDB, research §11) and message-less bodies for unparseable JSON (research §11).
 * The other type-mismatch texts are the same Coral family as reproduced by mhart/dynalite and
 * kinesalite (UNRECORDED); the integer-range texts are ours, in Jackson's wording.
 */
import { isUtf8 } from 'node:buffer';
import { SerializationException } from '../api/errors.js';
import { shapeOf } from './shape-of.js';

const objectFound = 'Start of structure or map found where not expected.';
const listFound = 'Start of list found where not expected';
const numberClass = 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber';
const int32Min = -2147483648;
const int32Max = 2147483647;

/** The Java class Coral names for a JSON scalar of the wrong type. */
function javaClassOf(value: unknown): string {
  if (typeof value === 'number') return numberClass;
  if (typeof value === 'boolean') return 'class java.lang.Boolean';
  return 'class java.lang.String';
}

/** An object or array where a scalar was expected; null for any scalar. */
function aggregateMismatch(value: unknown): string | null {
  if (Array.isArray(value)) return listFound;
  if (typeof value === 'object') return objectFound;
  return null;
}

function fail(message: string): never {
  throw new SerializationException(message);
}

const base64Alphabet = /^[A-Za-z0-9+/]*={0,2}$/;
const firstBadBase64 = /[^A-Za-z0-9+/=]|=[^=]/u;

/**
 * Standard, padded, canonical base64 only (NOTES.md §3: `Buffer.from(s, 'base64')` skips junk and
 * accepts the url-safe alphabet). Round-tripping is the canonical-form test: any skipped character,
 * missing padding or non-zero trailing bits changes the re-encoded text.
 */
function decodeBlob(s: string, sensitive: boolean): Buffer {
  // Coral quotes the offending text; a sensitive member's text is never echoed (our redaction).
  const what = sensitive ? 'Value' : `'${s}'`;
  if (s.length % 4 !== 0) {
    fail(`${what} can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: ${s.length}`);
  }
  const bytes = Buffer.from(s, 'base64');
  if (bytes.toString('base64') === s) return bytes;
  if (!base64Alphabet.test(s)) {
    const bad = String.fromCodePoint(firstBadBase64.exec(s)?.[0]?.codePointAt(0) ?? 0x3d);
    fail(`${what} can not be converted to a Blob: Invalid Base64 character${sensitive ? '' : `: '${bad}'`}`);
  }
  // Typo "dectected" as the Coral-faithful emulators reproduce it (UNRECORDED; kept deliberately).
  return fail(`${what} can not be converted to a Blob: Invalid last non-pad Base64 character dectected`);
}

function decodeValue(target: string, value: unknown, inheritedSensitive: boolean): unknown {
  const shape = shapeOf(target);
  const sensitive = inheritedSensitive || ('sensitive' in shape && shape.sensitive === true);
  switch (shape.type) {
    case 'string':
    case 'enum': // membership is validate.ts's job; here it only has to be a string
      if (typeof value === 'string') return value;
      return fail(aggregateMismatch(value) ?? `${javaClassOf(value)} can not be converted to an String`);
    case 'blob':
      if (typeof value === 'string') return decodeBlob(value, sensitive);
      return fail(aggregateMismatch(value) ?? `${javaClassOf(value)} can not be converted to a Blob`);
    case 'integer':
      if (typeof value === 'number') {
        if (Number.isInteger(value) && value >= int32Min && value <= int32Max) return value;
        if (Number.isFinite(value) && value >= int32Min && value <= int32Max) fail(`Numeric value (${value}) is not an integer`);
        return fail(`Numeric value (${value}) out of range of int (${int32Min} - ${int32Max})`);
      }
      return fail(aggregateMismatch(value) ?? `${javaClassOf(value)} can not be converted to an Integer`);
    case 'boolean':
      if (typeof value === 'boolean') return value;
      return fail(aggregateMismatch(value) ?? `${javaClassOf(value)} can not be converted to an Boolean`);
    case 'timestamp': {
      if (typeof value !== 'number') {
        return fail(aggregateMismatch(value) ?? `${javaClassOf(value)} can not be converted to milliseconds since epoch`);
      }
      // Epoch seconds, fraction allowed (aws-json-1_1 "Timestamp formats").
      const date = new Date(value * 1000);
      if (Number.isNaN(date.getTime())) fail(`Numeric value (${value}) out of range of timestamp`);
      return date;
    }
    case 'list':
      if (Array.isArray(value)) {
        // null elements are kept: validate.ts reports them as "Member must not be null".
        return value.map((e: unknown) => (e === null ? null : decodeValue(shape.member, e, sensitive)));
      }
      return fail(typeof value === 'object' ? objectFound : 'Expected list or null');
    case 'map': {
      if (Array.isArray(value)) fail(listFound);
      if (typeof value !== 'object' || value === null) fail('Expected map or null');
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const key of Object.keys(source)) {
        const v = source[key];
        out[key] = v === null ? null : decodeValue(shape.value, v, sensitive);
      }
      return out;
    }
    case 'structure':
      if (Array.isArray(value)) fail(listFound);
      if (typeof value !== 'object' || value === null) fail('Expected null');
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
 * Decodes a raw request body into structure shape `shapeName`. An empty body is an empty input.
 * Bytes that are not UTF-8 JSON with an object at the top level: SerializationException without a
 * message, as AWS's JSON front ends answer (research §11: `{"__type":"SerializationException"}`).
 */
export function decodeInput(shapeName: string, body: Buffer): Record<string, unknown> {
  const shape = shapeOf(shapeName);
  if (shape.type !== 'structure') throw new Error(`${shapeName} is not a structure`);
  if (body.length === 0) return {};
  if (!isUtf8(body)) throw new SerializationException();
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new SerializationException();
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SerializationException();
  return decodeStructure(shape.members, parsed as Record<string, unknown>, shape.sensitive === true);
}

function encodeValue(target: string, value: unknown, where: string): unknown {
  const shape = shapeOf(target);
  switch (shape.type) {
    case 'blob':
      if (!(value instanceof Uint8Array)) throw new TypeError(`output member ${where} must be a Uint8Array`);
      return (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)).toString('base64');
    case 'timestamp':
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new TypeError(`output member ${where} must be a valid Date`);
      return value.getTime() / 1000; // epoch seconds, fraction kept (1700000000.123)
    case 'list':
      if (!Array.isArray(value)) throw new TypeError(`output member ${where} must be an array`);
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
 * Encodes an operation result as the JSON body of structure shape `shapeName`: Date → epoch
 * seconds, bytes → standard base64, undefined members omitted. Throws TypeError (an internal
 * failure) when the service returned a wrong type; the message names the member, never its value.
 */
export function encodeOutput(shapeName: string, output: unknown): string {
  const shape = shapeOf(shapeName);
  if (shape.type !== 'structure') throw new Error(`${shapeName} is not a structure`);
  if (output === undefined || output === null) return '{}';
  return JSON.stringify(encodeStructure(shape.members, output as Record<string, unknown>, ''));
}
