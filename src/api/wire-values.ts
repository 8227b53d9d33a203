/**
 * Single values of the AWS JSON 1.1 wire form (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html):
 * JSON → blob/integer/boolean/timestamp/string with the AWS front end's (Coral's) texts for a value
 * of the wrong JSON type, and blob/timestamp → JSON on the way out. Shared by the table-driven serde
 * (protocol/serde.ts, the reference) and the generated per-shape decoders and encoders
 * (generated/serde-*.ts), so each text exists once.
 *
 * Must never: put a sensitive value in an error message, or accept non-canonical base64.
 * This module imports nothing of ours outside api/.
 *
 * Message sources. RECORDED against AWS: "class com.amazon.coral.value.json.numbers.TruncatingBigNumber
 * can not be converted to an String" (LocalStack API Gateway snapshot), "'Foo' can not be converted
 * to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3" (Kinesis,
 * pplu/aws-sdk-perl#81, aws/aws-sdk-php#650), "Start of structure or map found where not
 * expected" (DynamoDB, research §11). The other type-mismatch texts are the same Coral family as
 * reproduced by mhart/dynalite and kinesalite (UNRECORDED); the integer-range texts are ours, in
 * Jackson's wording.
 */
import { SerializationException } from './errors.js';

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

/** A string or enum member (enum membership is a validation matter, not a type mismatch). */
export function decodeString(value: unknown): string {
  if (typeof value === 'string') return value;
  return fail(aggregateMismatch(value) ?? `${javaClassOf(value)} can not be converted to an String`);
}

const base64Alphabet = /^[A-Za-z0-9+/]*={0,2}$/;
const firstBadBase64 = /[^A-Za-z0-9+/=]|=[^=]/u;

/**
 * Standard, padded, canonical base64 only (NOTES.md §3: `Buffer.from(s, 'base64')` skips junk and
 * accepts the url-safe alphabet). Round-tripping is the canonical-form test: any skipped character,
 * missing padding or non-zero trailing bits changes the re-encoded text.
 */
function base64Bytes(s: string, sensitive: boolean): Buffer {
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

/** A blob member: a base64 string; `sensitive` keeps its text out of the message. */
export function decodeBlob(value: unknown, sensitive: boolean): Buffer {
  if (typeof value === 'string') return base64Bytes(value, sensitive);
  return fail(aggregateMismatch(value) ?? `${javaClassOf(value)} can not be converted to a Blob`);
}

/** An integer member: a JSON number that is a 32-bit integer. */
export function decodeInteger(value: unknown): number {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= int32Min && value <= int32Max) return value;
    if (Number.isFinite(value) && value >= int32Min && value <= int32Max) fail(`Numeric value (${value}) is not an integer`);
    return fail(`Numeric value (${value}) out of range of int (${int32Min} - ${int32Max})`);
  }
  return fail(aggregateMismatch(value) ?? `${javaClassOf(value)} can not be converted to an Integer`);
}

/** A boolean member: a JSON boolean only. */
export function decodeBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  return fail(aggregateMismatch(value) ?? `${javaClassOf(value)} can not be converted to an Boolean`);
}

/** A timestamp member: epoch seconds, fraction allowed (aws-json-1_1 "Timestamp formats"). */
export function decodeTimestamp(value: unknown): Date {
  if (typeof value !== 'number') {
    return fail(aggregateMismatch(value) ?? `${javaClassOf(value)} can not be converted to milliseconds since epoch`);
  }
  const date = new Date(value * 1000);
  if (Number.isNaN(date.getTime())) fail(`Numeric value (${value}) out of range of timestamp`);
  return date;
}

/** Throws the SerializationException for a non-array where a list was expected. */
export function listMismatch(value: unknown): never {
  return fail(typeof value === 'object' ? objectFound : 'Expected list or null');
}

/** Throws the SerializationException for a non-object (or an array) where a map was expected. */
export function mapMismatch(value: unknown): never {
  return fail(Array.isArray(value) ? listFound : 'Expected map or null');
}

/** Throws the SerializationException for a non-object (or an array) where a structure was expected. */
export function structureMismatch(value: unknown): never {
  return fail(Array.isArray(value) ? listFound : 'Expected null');
}

/**
 * Length of a string in Unicode code points (Smithy `@length` counts characters, not UTF-16
 * units). The common case (no surrogates) costs one pass without allocation.
 */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { n--; i++; }
    }
  }
  return n;
}

/** `where.member`, or `member` at the top level: the path an output TypeError names. */
export function outputPath(where: string, member: string | undefined): string {
  if (member === undefined) return where;
  return where === '' ? member : `${where}.${member}`;
}

/**
 * An output blob as standard base64 (a Buffer slice encodes only its own bytes). Throws TypeError
 * (an internal failure) naming the member, never its value, when the service returned a non-blob.
 */
export function encodeBlob(value: unknown, where: string, member?: string): string {
  if (!(value instanceof Uint8Array)) throw new TypeError(`output member ${outputPath(where, member)} must be a Uint8Array`);
  return (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)).toString('base64');
}

/** An output timestamp as epoch seconds, fraction kept (1700000000.123). Throws TypeError as encodeBlob. */
export function encodeTimestamp(value: unknown, where: string, member?: string): number {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new TypeError(`output member ${outputPath(where, member)} must be a valid Date`);
  }
  return value.getTime() / 1000;
}

/** Throws the TypeError for an output list member that is not an array. */
export function requireArray(value: unknown, where: string, member?: string): asserts value is readonly unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`output member ${outputPath(where, member)} must be an array`);
}
