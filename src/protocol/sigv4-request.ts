/**
 * Reading a request for SigV4: the raw header names (one scan), the canonical values of the signed
 * headers only (a second scan), the Authorization header into its three parameters, the SignedHeaders
 * list, and the ISO-8601 basic timestamp. Each is read in place with indexOf and char codes, no
 * regex and no split: this runs on every request (issue 16 item 3).
 *
 * Owns: the strict syntax of what a signer sends. Throws IncompleteSignatureException for anything
 * malformed, with the texts of protocol/sigv4-messages.ts.
 * Must never: look up credentials, read the clock or compare signatures (protocol/sigv4.ts does).
 */
import { IncompleteSignatureException } from '../api/errors.js';
import { canonicalHeaderValue, SIGV4_ALGORITHM } from './sigv4-canonical.js';
import {
  malformedSignedHeaders, missingAuthorizationParts, notKeyValuePair, repeatedAuthorizationParameter,
  unsupportedAlgorithm,
} from './sigv4-messages.js';

/**
 * Headers that decide who is calling, when, what operation runs and how the body is framed. A second
 * copy would let the signed value and the acted-on value differ (Node's `req.headers` keeps only one
 * of them: NOTES.md §2), so a request repeating any of them is refused. `date` and
 * `x-amz-content-sha256` join the list from NOTES.md because they feed the signature too.
 * Each maps to its slot in {@link HeaderScan.at}; {@link SINGLE_USE_DISPLAY} holds the spelling used
 * in the error message.
 */
const SINGLE_USE_SLOTS: ReadonlyMap<string, number> = new Map([
  ['authorization', 0],
  ['content-length', 1],
  ['content-type', 2],
  ['date', 3],
  ['host', 4],
  ['x-amz-content-sha256', 5],
  ['x-amz-date', 6],
  ['x-amz-security-token', 7],
  ['x-amz-target', 8],
]);
const SINGLE_USE_DISPLAY: readonly string[] = [
  'Authorization', 'Content-Length', 'Content-Type', 'Date', 'Host', 'X-Amz-Content-Sha256', 'X-Amz-Date',
  'X-Amz-Security-Token', 'X-Amz-Target',
];

/** Slots of {@link HeaderScan.at} that SigV4 reads by name. */
export const HEADER_AUTHORIZATION = 0;
export const HEADER_DATE = 3;
export const HEADER_AMZ_DATE = 6;

/** One pass over the request's header names, before the signed-header list is known. */
export interface HeaderScan {
  /** Lower-case name of each header pair, in the order received (index = pair number). */
  readonly names: readonly string[];
  /** Pair number of each single-use header (slots above), -1 when absent. */
  readonly at: readonly number[];
  /** Display name of the first single-use header that appeared twice, if any. */
  readonly repeated: string | undefined;
}

/**
 * Reads the names of `rawHeaders` (alternating names and values, as Node received them) once:
 * lower-cases them, finds the single-use headers and notes the first one repeated. No value is
 * canonicalised here; {@link headerValueAt} and {@link readSignedHeaderValues} do it only for the
 * headers SigV4 reads.
 */
export function scanHeaders(rawHeaders: readonly string[]): HeaderScan {
  const pairs = rawHeaders.length >> 1;
  const names = new Array<string>(pairs);
  const at = [-1, -1, -1, -1, -1, -1, -1, -1, -1];
  let repeated: string | undefined;
  for (let pair = 0; pair < pairs; pair++) {
    const name = rawHeaders[pair * 2]!.toLowerCase();
    names[pair] = name;
    const slot = SINGLE_USE_SLOTS.get(name);
    if (slot === undefined) continue;
    if (at[slot]! < 0) at[slot] = pair;
    else if (repeated === undefined) repeated = SINGLE_USE_DISPLAY[slot];
  }
  return { names, at, repeated };
}

/** Canonical value of the header pair `pair` (see {@link canonicalHeaderValue}); undefined for -1. */
export function headerValueAt(rawHeaders: readonly string[], pair: number): string | undefined {
  return pair < 0 ? undefined : canonicalHeaderValue(rawHeaders[pair * 2 + 1]!);
}

/** The canonical values of the signed headers, and the first header sent that had to be signed and was not. */
export interface SignedHeaderValues {
  /** Aligned with the signed names: repeats joined with ',' in the order received; undefined when absent. */
  readonly values: ReadonlyArray<string | undefined>;
  /** Lower-case name of the first header (in the order received) that must be signed and is not. */
  readonly unsigned: string | undefined;
}

/**
 * Canonical values of the headers `signedNames` lists ("CanonicalHeaders": values trimmed, inner
 * runs of blanks collapsed, repeats joined with ',' in order,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html), in one pass over the
 * header pairs. Only signed values are canonicalised. Also notes the first header that must be
 * signed and is not: Content-Type and every `x-amz-*` header (see protocol/sigv4.ts, step 5a).
 */
export function readSignedHeaderValues(rawHeaders: readonly string[], names: readonly string[], signedNames: readonly string[]): SignedHeaderValues {
  const values = new Array<string | undefined>(signedNames.length).fill(undefined);
  let unsigned: string | undefined;
  for (let pair = 0; pair < names.length; pair++) {
    const name = names[pair]!;
    const slot = signedNames.indexOf(name);
    if (slot < 0) {
      if (unsigned === undefined && mustBeSigned(name)) unsigned = name;
      continue;
    }
    const value = canonicalHeaderValue(rawHeaders[pair * 2 + 1]!);
    const previous = values[slot];
    values[slot] = previous === undefined ? value : `${previous},${value}`;
  }
  return { values, unsigned };
}

/** Content-Type and every `x-amz-*` header must be signed (x-amzn-* is another prefix). */
function mustBeSigned(name: string): boolean {
  return name === 'content-type' || (name.length > 6 && name.startsWith('x-amz-'));
}

/** The three parameters of `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`. */
export interface AuthorizationParameters {
  readonly credential: string;
  readonly signedHeaders: string;
  readonly signature: string;
}

/**
 * Parses the Authorization header the way the AWS front end does: the first word is the algorithm,
 * the rest is words separated by ',' and/or whitespace, each of the form `key=value`; unknown keys
 * are ignored; every missing parameter and a missing date header are reported together.
 * @param hasDateHeader whether the request carries `X-Amz-Date` or `Date`.
 * @throws IncompleteSignatureException
 */
export function parseAuthorization(header: string, hasDateHeader: boolean): AuthorizationParameters {
  const space = header.indexOf(' ');
  const algorithm = space < 0 ? header : header.slice(0, space);
  // A one-word header (a bearer token, a bare algorithm) is answered with the missing-parts list,
  // ending "Authorization=<the word>" (aws/chalice#828); a different algorithm word is refused.
  if (space >= 0 && algorithm !== SIGV4_ALGORITHM) throw new IncompleteSignatureException(unsupportedAlgorithm(algorithm));
  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  if (space >= 0) {
    // Words end at ',', ' ' or a tab. The next position of each delimiter is found with indexOf
    // (a native scan) and kept until the scan passes it, rather than testing every character.
    let nextComma = header.indexOf(',', space + 1);
    let nextSpace = header.indexOf(' ', space + 1);
    let nextTab = header.indexOf('\t', space + 1);
    const length = header.length;
    let start = space + 1;
    while (start < length) {
      if (nextComma >= 0 && nextComma < start) nextComma = header.indexOf(',', start);
      if (nextSpace >= 0 && nextSpace < start) nextSpace = header.indexOf(' ', start);
      if (nextTab >= 0 && nextTab < start) nextTab = header.indexOf('\t', start);
      let end = length;
      if (nextComma >= 0 && nextComma < end) end = nextComma;
      if (nextSpace >= 0 && nextSpace < end) end = nextSpace;
      if (nextTab >= 0 && nextTab < end) end = nextTab;
      if (end > start) {
        // Key and value are read in place: only the three values are ever sliced out.
        const eq = header.indexOf('=', start);
        if (eq < 0 || eq >= end) throw new IncompleteSignatureException(notKeyValuePair(header.slice(start, end), header));
        const keyLength = eq - start;
        if (keyLength === 10 && header.startsWith('Credential', start)) credential = once(credential, header.slice(eq + 1, end), 'Credential');
        else if (keyLength === 13 && header.startsWith('SignedHeaders', start)) signedHeaders = once(signedHeaders, header.slice(eq + 1, end), 'SignedHeaders');
        else if (keyLength === 9 && header.startsWith('Signature', start)) signature = once(signature, header.slice(eq + 1, end), 'Signature');
      }
      start = end + 1;
    }
  }
  if (credential === undefined || signedHeaders === undefined || signature === undefined || !hasDateHeader) {
    throw new IncompleteSignatureException(missingAuthorizationParts({
      credential: credential === undefined,
      signature: signature === undefined,
      signedHeaders: signedHeaders === undefined,
      date: !hasDateHeader,
    }, algorithm));
  }
  return { credential, signedHeaders, signature };
}

function once(previous: string | undefined, value: string, key: string): string {
  if (previous !== undefined) throw new IncompleteSignatureException(repeatedAuthorizationParameter(key));
  return value;
}

/**
 * Splits SignedHeaders, requiring what every signer emits and the canonical request needs:
 * non-empty lower-case names in strictly ascending order (create-signed-request.html, SignedHeaders:
 * "sorted by … lowercase name"). Accepting another order would make us canonicalise differently
 * from the client and answer a misleading signature mismatch.
 * @throws IncompleteSignatureException
 */
export function parseSignedHeaders(value: string): readonly string[] {
  // A client sends the same list on every request: the last one parsed is kept (a pure function of
  // the string, so reusing its frozen result is exact) and costs one string comparison to reuse.
  if (value === lastSignedHeaders.value) return lastSignedHeaders.names;
  const names = splitSignedHeaders(value);
  lastSignedHeaders = { value, names: Object.freeze(names) };
  return names;
}

/** Starts with no list: `undefined` equals no header value (an empty list must still be refused). */
let lastSignedHeaders: { readonly value: string | undefined; readonly names: readonly string[] } = { value: undefined, names: [] };

function splitSignedHeaders(value: string): string[] {
  const names: string[] = [];
  let start = 0;
  for (;;) {
    const semicolon = value.indexOf(';', start);
    const end = semicolon < 0 ? value.length : semicolon;
    const name = value.slice(start, end);
    if (name === '' || !isLowerCase(name) || (names.length > 0 && names[names.length - 1]! >= name)) {
      throw new IncompleteSignatureException(malformedSignedHeaders(value));
    }
    names.push(name);
    if (semicolon < 0) return names;
    start = semicolon + 1;
  }
}

/** `name === name.toLowerCase()`, without building the lower-cased copy for an ASCII name. */
function isLowerCase(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code >= 65 && code <= 90) return false;
    if (code > 127) return name === name.toLowerCase();
  }
  return true;
}

/**
 * Reads `YYYYMMDD'T'HHMMSS'Z'` (ISO 8601 basic, UTC, no fraction: "Handling dates in Signature
 * Version 4", https://docs.aws.amazon.com/general/latest/gr/sigv4-date-handling.html) into epoch
 * milliseconds; undefined for anything else, including impossible dates such as 20150230.
 */
export function parseAmzDate(value: string): number | undefined {
  if (value.length !== 16 || value.charCodeAt(8) !== 84 /* T */ || value.charCodeAt(15) !== 90 /* Z */) return undefined;
  for (let i = 0; i < 15; i++) {
    if (i === 8) continue;
    const code = value.charCodeAt(i);
    if (code < 48 || code > 57) return undefined;
  }
  const year = digits(value, 0, 4);
  const month = digits(value, 4, 2);
  const day = digits(value, 6, 2);
  const hour = digits(value, 9, 2);
  const minute = digits(value, 11, 2);
  const second = digits(value, 13, 2);
  // Years 0000–0099 are refused: Date.UTC would read them as 1900–1999. No leap second (…60Z).
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** The decimal number in `value` at [start, start + count), digits already checked. */
function digits(value: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) n = n * 10 + (value.charCodeAt(i) - 48);
  return n;
}

/** Days in `month` (1–12) of `year`, proleptic Gregorian as JavaScript's Date. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Formats epoch milliseconds as `YYYYMMDD'T'HHMMSS'Z'` (the fraction is dropped). */
export function formatAmzDate(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2015-11-20T20:08:15.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}
