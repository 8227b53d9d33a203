/**
 * Reading a request for SigV4: the raw header list into canonical values, the Authorization header
 * into its three parameters, the SignedHeaders list, and the ISO-8601 basic timestamp.
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
 * The value is the spelling used in the error message.
 */
const SINGLE_USE_HEADERS: ReadonlyMap<string, string> = new Map([
  ['authorization', 'Authorization'],
  ['content-length', 'Content-Length'],
  ['content-type', 'Content-Type'],
  ['date', 'Date'],
  ['host', 'Host'],
  ['x-amz-content-sha256', 'X-Amz-Content-Sha256'],
  ['x-amz-date', 'X-Amz-Date'],
  ['x-amz-security-token', 'X-Amz-Security-Token'],
  ['x-amz-target', 'X-Amz-Target'],
]);

/** The request's headers as SigV4 sees them. */
export interface CollectedHeaders {
  /** Lower-case name → canonical value; repeated names joined with ',' in the order received. */
  readonly values: Map<string, string>;
  /** Display name of the first single-use header that appeared twice, if any. */
  readonly repeated: string | undefined;
}

/**
 * Canonicalises `rawHeaders` (alternating names and values, as Node received them): names
 * lower-cased, values trimmed with inner whitespace runs collapsed, repeats joined with ',' in order
 * ("CanonicalHeaders", https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html).
 */
export function collectHeaders(rawHeaders: readonly string[]): CollectedHeaders {
  const values = new Map<string, string>();
  let repeated: string | undefined;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const value = canonicalHeaderValue(rawHeaders[i + 1]!);
    const previous = values.get(name);
    if (previous === undefined) {
      values.set(name, value);
    } else {
      values.set(name, `${previous},${value}`);
      if (repeated === undefined) repeated = SINGLE_USE_HEADERS.get(name);
    }
  }
  return { values, repeated };
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
    let start = space + 1;
    for (let i = start; i <= header.length; i++) {
      const code = i < header.length ? header.charCodeAt(i) : 44;
      if (code !== 44 /* , */ && code !== 32 && code !== 9) continue;
      if (i > start) {
        const word = header.slice(start, i);
        const eq = word.indexOf('=');
        if (eq < 0) throw new IncompleteSignatureException(notKeyValuePair(word, header));
        const key = word.slice(0, eq);
        const value = word.slice(eq + 1);
        if (key === 'Credential') credential = once(credential, value, key);
        else if (key === 'SignedHeaders') signedHeaders = once(signedHeaders, value, key);
        else if (key === 'Signature') signature = once(signature, value, key);
      }
      start = i + 1;
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
export function parseSignedHeaders(value: string): string[] {
  const names = value.split(';');
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (name === '' || name !== name.toLowerCase() || (i > 0 && names[i - 1]! >= name)) {
      throw new IncompleteSignatureException(malformedSignedHeaders(value));
    }
  }
  return names;
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
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(4, 6));
  const day = Number(value.slice(6, 8));
  const hour = Number(value.slice(9, 11));
  const minute = Number(value.slice(11, 13));
  const second = Number(value.slice(13, 15));
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day ||
    check.getUTCHours() !== hour || check.getUTCMinutes() !== minute || check.getUTCSeconds() !== second) {
    return undefined;
  }
  return ms;
}

/** Formats epoch milliseconds as `YYYYMMDD'T'HHMMSS'Z'` (the fraction is dropped). */
export function formatAmzDate(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2015-11-20T20:08:15.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}
