/**
 * The SigV4 arithmetic: canonical URI, canonical query string, canonical header values, canonical
 * request, string to sign, signing-key derivation and the final HMAC. Pure functions over strings and
 * buffers, generic in the service name so they can be checked against the AWS SigV4 test suite
 * (which signs for service `service`).
 *
 * Owns: the byte-exact rules of "Create a canonical request" and "Create a string to sign" in
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
 * Must never: decide whether a request is acceptable (protocol/sigv4.ts does that), know about
 * access keys, clocks or KMS errors other than the malformed-query one it cannot avoid.
 */
import * as nodeCrypto from 'node:crypto';
import { createHash, createHmac, type KeyObject } from 'node:crypto';
import { IncompleteSignatureException } from '../api/errors.js';
import { malformedQueryEscape } from './sigv4-messages.js';

/** The only signing algorithm SigV4 (symmetric) defines. */
export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
/** The fixed last element of every credential scope. */
export const SIGV4_TERMINATOR = 'aws4_request';

// encodeURIComponent leaves A-Z a-z 0-9 - _ . ! ~ * ' ( ) alone; SigV4's "URI-encode" leaves only the
// unreserved set A-Z a-z 0-9 - _ . ~ ("URI encode every byte except the unreserved characters",
// create-signed-request.html, step 1). Compiled once: this runs on the request path.
const SUB_DELIMS_ENCODE_URI_KEEPS = /[!'()*]/g;

/** SigV4 URI-encoding of one string: UTF-8 bytes, unreserved characters kept, `%XX` upper-case. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(SUB_DELIMS_ENCODE_URI_KEEPS, percentEncodeChar);
}

function percentEncodeChar(char: string): string {
  return `%${char.charCodeAt(0).toString(16).toUpperCase()}`;
}

/**
 * Canonical URI for every service except S3: the path is normalised (empty and `.` segments
 * dropped, `..` pops a segment, RFC 3986 §5.2.4) and each segment is URI-encoded once more
 * ("each path segment must be URI-encoded twice", create-signed-request.html, CanonicalURI). The
 * path we receive is already the wire form (encoded once by the client), so one encoding here is
 * the second one. Node refuses non-ASCII request targets with 400, so `path` is ASCII.
 * KMS only ever uses `/`, which takes the fast path.
 */
export function canonicalUri(path: string): string {
  if (path === '/' || path === '') return '/';
  const segments = path.split('/');
  const kept: string[] = [];
  for (const segment of segments) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') kept.pop();
    else kept.push(uriEncode(segment));
  }
  const last = segments[segments.length - 1];
  const trailingSlash = last === '' || last === '.' || last === '..';
  if (kept.length === 0) return '/';
  return `/${kept.join('/')}${trailingSlash ? '/' : ''}`;
}

/**
 * Canonical query string: each name and value re-encoded to SigV4's form, a missing `=` meaning an
 * empty value, sorted by encoded name then value (create-signed-request.html, CanonicalQueryString).
 * Empty for every KMS request.
 * @throws IncompleteSignatureException on a broken `%` escape.
 */
export function canonicalQueryString(query: string): string {
  if (query === '') return '';
  const pairs: Array<[string, string]> = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([canonicalQueryComponent(name), canonicalQueryComponent(value)]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  let out = '';
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i]!;
    out += `${i === 0 ? '' : '&'}${pair[0]}=${pair[1]}`;
  }
  return out;
}

/**
 * Re-encodes one query name or value from its wire form, byte for byte: an escape of an unreserved
 * character becomes the character, any other escape is kept with upper-case hex, and every other
 * character except the unreserved ones is escaped (so `+` becomes `%2B`, as SigV4 wants spaces as
 * `%20` and never `+`). Working on the escapes avoids decoding, so non-UTF-8 bytes survive exactly.
 * @throws IncompleteSignatureException on a `%` not followed by two hex digits.
 */
export function canonicalQueryComponent(component: string): string {
  let out = '';
  for (let i = 0; i < component.length; i++) {
    const code = component.charCodeAt(i);
    if (code === 37 /* % */) {
      const hi = hexValue(component.charCodeAt(i + 1));
      const lo = hexValue(component.charCodeAt(i + 2));
      if (hi < 0 || lo < 0) throw new IncompleteSignatureException(malformedQueryEscape(component.slice(i, i + 3)));
      const byte = hi * 16 + lo;
      out += isUnreserved(byte) ? String.fromCharCode(byte) : `%${HEX_UPPER[hi]}${HEX_UPPER[lo]}`;
      i += 2;
    } else if (isUnreserved(code)) {
      out += component[i];
    } else {
      // Node only hands over ASCII request targets; a whole code point keeps other callers correct.
      const char = String.fromCodePoint(component.codePointAt(i)!);
      out += uriEncode(char);
      i += char.length - 1;
    }
  }
  return out;
}

const HEX_UPPER = '0123456789ABCDEF';

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/** RFC 3986 unreserved: A-Z a-z 0-9 - . _ ~ */
function isUnreserved(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) ||
    code === 45 || code === 46 || code === 95 || code === 126;
}

/**
 * Canonical header value, "Trimall" (create-signed-request.html, CanonicalHeaders: "remove leading
 * and trailing spaces … convert sequential spaces to a single space"): leading and trailing spaces
 * and tabs (the HTTP OWS of RFC 9110 §5.6.3) removed, inner runs of them collapsed to one space.
 * CR and LF count as blanks too, for the folded values of the AWS SigV4 test suite
 * ("get-header-value-multiline"); Node's parser never hands one over.
 * Nothing else counts as blank: U+00A0 and the other Unicode spaces that JavaScript's `trim()` and
 * `\s` strip are kept, so they stay visible to {@link isSignableHeaderValue}, which refuses them
 * (otherwise the bytes verified would differ from the bytes acted on). Written as one scan with a
 * fast path: this runs for every header of every request.
 */
export function canonicalHeaderValue(value: string): string {
  // Fast path, the value every signer sends: nothing to trim, no tab, CR, LF or double space. Four
  // native indexOf scans cost a quarter of a JavaScript loop over the 300-character Authorization.
  if (!isBlank(value.charCodeAt(0)) && !isBlank(value.charCodeAt(value.length - 1)) && value.indexOf('  ') < 0 &&
    value.indexOf('\t') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
    return value;
  }
  let start = 0;
  let end = value.length;
  while (start < end && isBlank(value.charCodeAt(start))) start++;
  while (end > start && isBlank(value.charCodeAt(end - 1))) end--;
  let clean = true;
  for (let i = start; i < end; i++) {
    const code = value.charCodeAt(i);
    if ((code !== 32 && isBlank(code)) || (code === 32 && isBlank(value.charCodeAt(i + 1)))) { clean = false; break; }
  }
  if (clean) return start === 0 && end === value.length ? value : value.slice(start, end);
  let out = '';
  let inBlank = false;
  for (let i = start; i < end; i++) {
    const code = value.charCodeAt(i);
    if (isBlank(code)) {
      inBlank = true;
      continue;
    }
    if (inBlank) out += ' ';
    inBlank = false;
    out += value[i];
  }
  return out;
}

/** Space or horizontal tab (HTTP's blanks), and CR/LF of an obsolete line fold (RFC 9112 §5.2). */
function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/**
 * True when a canonical header value holds only visible ASCII and single spaces: the only values
 * whose signed bytes and acted-on bytes cannot differ however a client or proxy trims them. No
 * AWS signer sends anything else in the headers KMS reads.
 */
export function isSignableHeaderValue(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 32 || code > 126) return false;
  }
  return true;
}

/** The parts of a canonical request, each already in canonical form except the header list. */
export interface CanonicalRequestParts {
  readonly method: string;
  readonly canonicalUri: string;
  readonly canonicalQuery: string;
  /** Lower-case signed header names in sorted order (the `SignedHeaders` list, split). */
  readonly signedHeaderNames: readonly string[];
  /** The `SignedHeaders` string as it goes into line 6 of the canonical request. */
  readonly signedHeaders: string;
  /** Canonical value (trimmed, collapsed, duplicates joined with ',') of each signed header, aligned with the names. */
  readonly signedHeaderValues: ReadonlyArray<string | undefined>;
  /** Lower-case hex SHA-256 of the raw body bytes. */
  readonly payloadHash: string;
}

/**
 * The canonical request: method, URI, query, one `name:value\n` line per signed header, the
 * signed-header list and the payload hash, joined by `\n` (create-signed-request.html, step 1).
 * Built by appending to one string (V8 keeps it as a rope until it is hashed), never by array joins.
 */
export function buildCanonicalRequest(parts: CanonicalRequestParts): string {
  let text = `${parts.method}\n${parts.canonicalUri}\n${parts.canonicalQuery}\n`;
  const names = parts.signedHeaderNames;
  for (let i = 0; i < names.length; i++) text += `${names[i]}:${parts.signedHeaderValues[i] ?? ''}\n`;
  return `${text}\n${parts.signedHeaders}\n${parts.payloadHash}`;
}

/**
 * Lower-case hex SHA-256 of the canonical request, as line 4 of the string to sign wants it.
 * Hashed in one call over the whole text rather than by feeding a hash object piece by piece: each
 * `update` crosses into C++, and on Node 20 twenty-odd updates for a 9-header SDK v3 request cost
 * ~4.7 µs where one one-shot hash of the concatenated text costs ~1.4 µs (measured on this machine
 * kind, issue 16 item 3; bench/sigv4-micro.ts measures the whole verification).
 */
export function canonicalRequestHash(parts: CanonicalRequestParts): string {
  return sha256Hex(buildCanonicalRequest(parts));
}

/** `YYYYMMDD/region/service/aws4_request` (create-signed-request.html, step 3). */
export function credentialScope(date: string, region: string, service: string): string {
  return `${date}/${region}/${service}/${SIGV4_TERMINATOR}`;
}

/** Algorithm, request timestamp, scope and the hex SHA-256 of the canonical request, joined by `\n`. */
export function buildStringToSign(amzDate: string, scope: string, canonicalRequestHashHex: string): string {
  return `${SIGV4_ALGORITHM}\n${amzDate}\n${scope}\n${canonicalRequestHashHex}`;
}

/**
 * `crypto.hash` (Node 20.12+) hashes in one native call, with no Hash object to build: for the
 * 200-byte bodies of KMS requests it takes ~0.4 µs where createHash().update().digest() takes ~1.1 µs.
 * Older Node 20 releases fall back to the Hash object.
 */
const oneShotHash: ((algorithm: string, data: string | Buffer, encoding: 'hex') => string) | undefined =
  typeof (nodeCrypto as { hash?: unknown }).hash === 'function' ? nodeCrypto.hash : undefined;

/** Lower-case hex SHA-256 of a UTF-8 string or raw bytes. */
export function sha256Hex(data: string | Buffer): string {
  if (oneShotHash !== undefined) return oneShotHash('sha256', data, 'hex');
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The signing key: HMAC chain `"AWS4"+secret → date → region → service → "aws4_request"`
 * (create-signed-request.html, step 4, "Derive a signing key"). Costs four HMACs: cache it.
 */
export function deriveSigningKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const kDate = createHmac('sha256', `AWS4${secretAccessKey}`).update(date).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  return createHmac('sha256', kService).update(SIGV4_TERMINATOR).digest();
}

/** The 32-byte signature: HMAC-SHA256 of the string to sign under the signing key. */
export function signatureBytes(signingKey: Buffer | KeyObject, stringToSign: string): Buffer {
  return createHmac('sha256', signingKey).update(stringToSign).digest();
}
