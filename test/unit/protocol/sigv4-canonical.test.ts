import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { IncompleteSignatureException } from '../../../src/api/errors.js';
import {
  buildCanonicalRequest, buildStringToSign, canonicalHeaderValue, canonicalQueryString, canonicalRequestHash, canonicalUri,
  isSignableHeaderValue, credentialScope, deriveSigningKey, sha256Hex, signatureBytes, uriEncode,
} from '../../../src/protocol/sigv4-canonical.js';
import {
  formatAmzDate, HEADER_AMZ_DATE, headerValueAt, parseAmzDate, parseSignedHeaders, readSignedHeaderValues, scanHeaders,
} from '../../../src/protocol/sigv4-request.js';
import { SigningKeyCache } from '../../../src/protocol/sigv4-signing-key-cache.js';
import { suiteCredentials, suiteDate, suiteRegion, suiteService, vectors } from './sigv4-vectors.js';

for (const vector of vectors) {
  test(`AWS SigV4 test suite "${vector.name}": canonical request, string to sign and signature match`, () => {
    const scan = scanHeaders(vector.rawHeaders);
    const signedHeaderNames = parseSignedHeaders(vector.signedHeaders);
    const parts = {
      method: vector.method,
      canonicalUri: canonicalUri(vector.path),
      canonicalQuery: canonicalQueryString(vector.query),
      signedHeaderNames,
      signedHeaders: vector.signedHeaders,
      signedHeaderValues: readSignedHeaderValues(vector.rawHeaders, scan.names, signedHeaderNames).values,
      payloadHash: sha256Hex(Buffer.from(vector.body, 'utf8')),
    };
    const canonicalRequest = buildCanonicalRequest(parts);
    assert.equal(canonicalRequest, vector.canonicalRequest);
    const hash = canonicalRequestHash(parts);
    assert.equal(hash, createHash('sha256').update(vector.canonicalRequest, 'utf8').digest('hex'));
    const amzDate = headerValueAt(vector.rawHeaders, scan.at[HEADER_AMZ_DATE]!)!;
    const stringToSign = buildStringToSign(amzDate, credentialScope(suiteDate, suiteRegion, suiteService), hash);
    assert.equal(stringToSign, vector.stringToSign);
    const key = deriveSigningKey(suiteCredentials.secretAccessKey, suiteDate, suiteRegion, suiteService);
    assert.equal(signatureBytes(key, stringToSign).toString('hex'), vector.signature);
  });
}

test('the test suite covers the POST vanilla, duplicate-key, value-trim and multi-line cases', () => {
  const names = new Set(vectors.map((v) => v.name));
  for (const name of ['post-vanilla', 'get-header-key-duplicate', 'get-header-value-trim', 'get-header-value-multiline', 'post-x-www-form-urlencoded']) {
    assert.ok(names.has(name), name);
  }
});

test('URI-encoding keeps only A-Z a-z 0-9 - _ . ~ and escapes the rest as upper-case UTF-8 bytes', () => {
  assert.equal(uriEncode("-_.~AZaz09!'()*"), '-_.~AZaz09%21%27%28%29%2A');
  assert.equal(uriEncode('a b/c+ሴ'), 'a%20b%2Fc%2B%E1%88%B4');
});

test('a wire path that is already percent-encoded is encoded a second time (non-S3 services)', () => {
  assert.equal(canonicalUri('/example%20space/'), '/example%2520space/');
  assert.equal(canonicalUri('/'), '/');
  assert.equal(canonicalUri(''), '/');
  assert.equal(canonicalUri('/a/b/..'), '/a/');
});

test('query parameters are re-encoded from their wire form and sorted by name, then value', () => {
  assert.equal(canonicalQueryString('b=2&a=%7e&a=1&c'), 'a=1&a=~&b=2&c=');
  assert.equal(canonicalQueryString('k=a+b&k2=%e1%88%b4'), 'k=a%2Bb&k2=%E1%88%B4');
  assert.equal(canonicalQueryString(''), '');
});

test('a broken % escape in the query string is IncompleteSignatureException', () => {
  assert.throws(() => canonicalQueryString('a=%yy'), (e: unknown) => {
    assert.ok(e instanceof IncompleteSignatureException);
    assert.equal(e.name, 'IncompleteSignatureException');
    assert.equal(e.message, 'Illegal hex character in escape % pattern: %yy');
    return true;
  });
});

test('header values are trimmed and inner whitespace runs collapse to one space', () => {
  assert.equal(canonicalHeaderValue('  a   b\t\tc  '), 'a b c');
  assert.equal(canonicalHeaderValue('plain'), 'plain');
  assert.equal(canonicalHeaderValue('"a   b   c"'), '"a b c"');
});

test('repeated header names are lower-cased and joined with "," in the order received', () => {
  const raw = ['X-Dup', 'v2', 'host', 'h', 'x-dup', ' v1 ', 'X-DUP', 'v0'];
  const scan = scanHeaders(raw);
  assert.deepEqual(scan.names, ['x-dup', 'host', 'x-dup', 'x-dup']);
  assert.equal(scan.repeated, undefined);
  assert.deepEqual(readSignedHeaderValues(raw, scan.names, ['host', 'x-dup']), { values: ['h', 'v2,v1,v0'], unsigned: undefined });
});

test('only signed headers are read: an absent one is undefined, and the first unsigned x-amz-* or content-type is named', () => {
  const raw = ['Host', ' h ', 'X-Amzn-Trace-Id', 't', 'X-Amz-Meta', 'm', 'Content-Type', 'c', 'x-amz-target', 'T'];
  const scan = scanHeaders(raw);
  assert.deepEqual(readSignedHeaderValues(raw, scan.names, ['host', 'x-amz-date', 'x-amz-target']),
    { values: ['h', undefined, 'T'], unsigned: 'x-amz-meta' });
  assert.deepEqual(readSignedHeaderValues(raw, scan.names, ['content-type', 'host', 'x-amz-meta']),
    { values: ['c', 'h', 'm'], unsigned: 'x-amz-target' });
});

test('a repeated single-use header is reported by its display name, the first one repeated winning', () => {
  assert.equal(scanHeaders(['Host', 'a', 'host', 'b']).repeated, 'Host');
  assert.equal(scanHeaders(['x-amz-date', 'a', 'X-Amz-Date', 'a']).repeated, 'X-Amz-Date');
  assert.equal(scanHeaders(['Date', 'a', 'Host', 'a', 'host', 'b', 'date', 'b']).repeated, 'Host');
  assert.equal(scanHeaders(['X-Other', 'a', 'x-other', 'b']).repeated, undefined);
});

test('headers are located by lower-case name; a value is canonicalised only when asked for', () => {
  const raw = ['X-AMZ-DATE', ' 20150830T123600Z ', 'Authorization', 'a  b'];
  const scan = scanHeaders(raw);
  assert.equal(headerValueAt(raw, scan.at[HEADER_AMZ_DATE]!), '20150830T123600Z');
  assert.equal(headerValueAt(raw, -1), undefined);
});

test('X-Amz-Date parses only as YYYYMMDDTHHMMSSZ of a real instant', () => {
  assert.equal(parseAmzDate('20150830T123600Z'), Date.UTC(2015, 7, 30, 12, 36, 0));
  assert.equal(parseAmzDate('20240229T235959Z'), Date.UTC(2024, 1, 29, 23, 59, 59));
  assert.equal(parseAmzDate('20000229T000000Z'), Date.UTC(2000, 1, 29));
  assert.equal(parseAmzDate('01000101T000000Z'), Date.UTC(100, 0, 1));
  for (const bad of ['20150830T123600', '2015-08-30T12:36:00Z', '20150230T123600Z', '20150830T246000Z', '20150830t123600z', '',
    '20230229T000000Z', '19000229T000000Z', '20150431T000000Z', '20151301T000000Z', '20150001T000000Z', '20150100T000000Z',
    '20150830T240000Z', '20150830T126000Z', '20150830T123660Z', '00991231T000000Z', '2015083OT123600Z']) {
    assert.equal(parseAmzDate(bad), undefined, bad);
  }
  assert.equal(formatAmzDate(Date.UTC(2015, 10, 20, 20, 8, 15, 999)), '20151120T200815Z');
});

test('the signing-key cache derives a key once per (secret, date, region, service)', () => {
  const cache = new SigningKeyCache(10);
  const first = cache.get('secret', '20150830', 'us-east-1', 'kms');
  const second = cache.get('secret', '20150830', 'us-east-1', 'kms');
  assert.equal(first, second);
  assert.equal(cache.derivations, 1);
  assert.deepEqual(first.export(), deriveSigningKey('secret', '20150830', 'us-east-1', 'kms'));
  cache.get('other-secret', '20150830', 'us-east-1', 'kms');
  cache.get('secret', '20150831', 'us-east-1', 'kms');
  cache.get('secret', '20150830', 'eu-west-1', 'kms');
  assert.equal(cache.derivations, 4);
});

test('the signing-key cache never holds more than its bound and evicts the oldest entry first', () => {
  const cache = new SigningKeyCache(2);
  cache.get('s1', '20150830', 'r', 'kms');
  cache.get('s2', '20150830', 'r', 'kms');
  cache.get('s3', '20150830', 'r', 'kms');
  assert.equal(cache.size, 2);
  cache.get('s3', '20150830', 'r', 'kms');
  cache.get('s2', '20150830', 'r', 'kms');
  assert.equal(cache.derivations, 3);
  cache.get('s1', '20150830', 'r', 'kms');
  assert.equal(cache.derivations, 4);
  assert.equal(cache.size, 2);
  assert.throws(() => new SigningKeyCache(0), RangeError);
});

test('Trimall removes and collapses spaces and tabs only: U+00A0 and other Unicode spaces are kept (issue 13 item 3)', () => {
  assert.equal(canonicalHeaderValue(' \t a \t\t b  '), 'a b');
  assert.equal(canonicalHeaderValue('\u00a0TrentService.Encrypt\u00a0'), '\u00a0TrentService.Encrypt\u00a0');
  assert.equal(canonicalHeaderValue('a\u2003\u2003b'), 'a\u2003\u2003b');
  assert.equal(canonicalHeaderValue(' a\u00a0 b'), 'a\u00a0 b');
  assert.equal(isSignableHeaderValue('TrentService.Encrypt'), true);
  assert.equal(isSignableHeaderValue('a b ~'), true);
  for (const bad of ['\u00a0x', 'x\u2028', 'x\u0000', 'x\u007f', 'é']) assert.equal(isSignableHeaderValue(bad), false, JSON.stringify(bad));
});

test('Trimall on any mix of spaces, tabs, CR, LF, U+00A0 and letters equals the definition (fast path and slow path agree)', () => {
  // The definition, written the slow way: split on runs of SigV4 blanks, drop empty ends, join with one space.
  const reference = (value: string) => value.split(/[ \t\r\n]+/).filter((part, i, all) => part !== '' || (i > 0 && i < all.length - 1)).join(' ');
  fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\t', '\r', '\n', '\u00a0', ','), maxLength: 40 }), (value) => {
    assert.equal(canonicalHeaderValue(value), reference(value), JSON.stringify(value));
  }), { numRuns: 2000 });
});

test('SignedHeaders parsed again gives the same names, and a malformed list is refused every time, not served from memory', () => {
  const list = 'content-type;host;x-amz-date;x-amz-target';
  assert.deepEqual(parseSignedHeaders(list), ['content-type', 'host', 'x-amz-date', 'x-amz-target']);
  assert.deepEqual(parseSignedHeaders(list), ['content-type', 'host', 'x-amz-date', 'x-amz-target']);
  for (const bad of ['', 'host;host', 'b;a', 'Host', 'a;']) {
    for (let i = 0; i < 2; i++) {
      assert.throws(() => parseSignedHeaders(bad), { name: 'IncompleteSignatureException' }, bad);
    }
  }
  assert.deepEqual(parseSignedHeaders('host'), ['host']);
});
