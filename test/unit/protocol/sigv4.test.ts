import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../src/platform/clock.js';
import type { RawRequest } from '../../../src/protocol/authenticator.js';
import { createSigV4Authenticator, type SigV4AuthenticatorOptions } from '../../../src/protocol/sigv4.js';
import {
  ACCESS_KEY_ID, ACCOUNT_ID, authorizationOf, capturedRequests, defaultResolver, mapResolver, NOW_MS,
  PRINCIPAL_ARN, REGION, SECRET, signKmsRequest, withHeaders,
} from './sigv4-fixtures.js';

const MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const BAD_TOKEN = 'The security token included in the request is invalid.';
const MINUTE = 60_000;

function authenticator(overrides: Partial<SigV4AuthenticatorOptions> = {}, nowMs = NOW_MS) {
  return createSigV4Authenticator({
    clock: new ManualClock(nowMs), credentials: defaultResolver(), mode: 'verify', ...overrides,
  });
}

async function rejects(request: RawRequest, name: string, message: string, overrides: Partial<SigV4AuthenticatorOptions> = {}): Promise<void> {
  await assert.rejects(authenticator(overrides)(request), (e: unknown) => {
    assert.ok(e instanceof Error);
    assert.equal(e.name, name);
    assert.equal(e.message, message);
    return true;
  });
}

function replaceAuthorization(request: RawRequest, value: string): RawRequest {
  return withHeaders(request, { set: { authorization: value } });
}

const expectedCaller = { accountId: ACCOUNT_ID, region: REGION, accessKeyId: ACCESS_KEY_ID, principalArn: PRINCIPAL_ARN };

test('a request signed like SDK v3 (all headers, x-amz-content-sha256) yields the resolved caller', async () => {
  const request = await signKmsRequest();
  assert.match(authorizationOf(request), /SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target;x-amz-user-agent,/);
  assert.deepEqual(await authenticator()(request), expectedCaller);
});

test('a request signed like the AWS CLI (content-type;host;x-amz-date;x-amz-target) yields the caller', async () => {
  const request = await signKmsRequest({ style: 'cli' });
  assert.match(authorizationOf(request), /SignedHeaders=content-type;host;x-amz-date;x-amz-target,/);
  assert.deepEqual(await authenticator()(request), expectedCaller);
});

for (const captured of capturedRequests) {
  test(`a request captured from ${captured.client} verifies`, async () => {
    assert.deepEqual(await authenticator({}, captured.nowMs)(captured.request), expectedCaller);
  });
}

test('the region of the caller comes from the credential scope', async () => {
  const caller = await authenticator()(await signKmsRequest({ region: 'ap-southeast-2' }));
  assert.equal(caller.region, 'ap-southeast-2');
});

test('a body changed by one byte is a signature mismatch', async () => {
  const request = await signKmsRequest({ style: 'cli', body: '{"KeyId":"alias/app"}' });
  await rejects({ ...request, body: Buffer.from('{"KeyId":"alias/apq"}') }, 'InvalidSignatureException', MISMATCH);
});

test('a body that no longer matches its signed x-amz-content-sha256 is refused as such', async () => {
  const request = await signKmsRequest({ body: '{"KeyId":"alias/app"}' });
  await rejects({ ...request, body: Buffer.from('{"KeyId":"alias/apq"}') }, 'InvalidSignatureException',
    "The provided 'x-amz-content-sha256' header does not match what was computed.");
});

test('an x-amz-content-sha256 that was signed but is not the body hash is refused', async () => {
  const request = await signKmsRequest({ extraHeaders: { 'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' } });
  await rejects(request, 'InvalidSignatureException', "The provided 'x-amz-content-sha256' header does not match what was computed.");
});

test('a signed header value changed after signing is a signature mismatch', async () => {
  const request = await signKmsRequest();
  await rejects(withHeaders(request, { set: { 'x-amz-target': 'TrentService.Decrypt' } }), 'InvalidSignatureException', MISMATCH);
});

test('a signature made with the wrong secret is a signature mismatch', async () => {
  await rejects(await signKmsRequest({ secret: 'not-the-secret' }), 'InvalidSignatureException', MISMATCH);
});

test('an unknown access key is UnrecognizedClientException', async () => {
  await rejects(await signKmsRequest({ accessKeyId: 'AKIAUNKNOWN' }), 'UnrecognizedClientException', BAD_TOKEN);
});

test('a signed session token is UnrecognizedClientException (Trent issues none); one added after signing is an unsigned x-amz-* header', async () => {
  await rejects(await signKmsRequest({ sessionToken: 'FwoGZXIvYXdzEXAMPLE' }), 'UnrecognizedClientException', BAD_TOKEN);
  const unsigned = withHeaders(await signKmsRequest(), { append: ['X-Amz-Security-Token', 'FwoGZXIvYXdzEXAMPLE'] });
  await rejects(unsigned, 'InvalidSignatureException', "'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization.");
});

test('AWS skew example: a request 15.5 minutes old has the exact "Signature expired" text', async () => {
  const request = await signKmsRequest({ signingMs: Date.UTC(2015, 10, 20, 20, 8, 15) });
  await rejects(request, 'InvalidSignatureException',
    'Signature expired: 20151120T200815Z is now earlier than 20151120T201846Z (20151120T202346Z - 5 min.)');
});

test('a request signed 6 minutes in the past is expired', async () => {
  await rejects(await signKmsRequest({ signingMs: NOW_MS - 6 * MINUTE }), 'InvalidSignatureException',
    'Signature expired: 20151120T201746Z is now earlier than 20151120T201846Z (20151120T202346Z - 5 min.)');
});

test('a request signed 6 minutes in the future is not yet current', async () => {
  await rejects(await signKmsRequest({ signingMs: NOW_MS + 6 * MINUTE }), 'InvalidSignatureException',
    'Signature not yet current: 20151120T202946Z is still later than 20151120T202846Z (20151120T202346Z + 5 min.)');
});

test('exactly 5 minutes of skew either way is accepted; one second more is not', async () => {
  assert.deepEqual(await authenticator()(await signKmsRequest({ signingMs: NOW_MS - 5 * MINUTE })), expectedCaller);
  assert.deepEqual(await authenticator()(await signKmsRequest({ signingMs: NOW_MS + 5 * MINUTE })), expectedCaller);
  // Milliseconds of the clock are ignored: X-Amz-Date has whole seconds.
  assert.deepEqual(await authenticator({}, NOW_MS + 999)(await signKmsRequest({ signingMs: NOW_MS - 5 * MINUTE })), expectedCaller);
  await rejects(await signKmsRequest({ signingMs: NOW_MS - 5 * MINUTE - 1000 }), 'InvalidSignatureException',
    'Signature expired: 20151120T201845Z is now earlier than 20151120T201846Z (20151120T202346Z - 5 min.)');
  await rejects(await signKmsRequest({ signingMs: NOW_MS + 5 * MINUTE + 1000 }), 'InvalidSignatureException',
    'Signature not yet current: 20151120T202847Z is still later than 20151120T202846Z (20151120T202346Z + 5 min.)');
});

test('the skew message states the configured tolerance', async () => {
  await rejects(await signKmsRequest({ signingMs: NOW_MS - 16 * MINUTE }), 'InvalidSignatureException',
    'Signature expired: 20151120T200746Z is now earlier than 20151120T200846Z (20151120T202346Z - 15 min.)',
    { maxClockSkewMs: 15 * MINUTE });
});

for (const [name, display] of [['authorization', 'Authorization'], ['x-amz-date', 'X-Amz-Date'], ['host', 'Host'],
  ['x-amz-target', 'X-Amz-Target'], ['content-type', 'Content-Type'], ['x-amz-security-token', 'X-Amz-Security-Token']] as const) {
  test(`a request repeating the ${display} header is refused`, async () => {
    const request = await signKmsRequest();
    const value = name === 'x-amz-security-token' ? 'token' : request.rawHeaders[request.rawHeaders.indexOf(name) + 1]!;
    const twice = withHeaders(request, { append: name === 'x-amz-security-token' ? [display, value, display, value] : [display, value] });
    await rejects(twice, 'IncompleteSignatureException',
      `The request repeats the '${display}' header, which must appear exactly once in a signed request.`);
  });
}

test('extra whitespace in a header value is canonicalised before verification', async () => {
  const request = await signKmsRequest({ extraHeaders: { 'x-trent-note': 'a   b \t c' } });
  const sentWithOtherSpacing = withHeaders(request, { set: { 'x-trent-note': '  a b\t\t c   ' } });
  assert.deepEqual(await authenticator()(sentWithOtherSpacing), expectedCaller);
});

test('a repeated ordinary header is joined with "," in the order received, as the signer joined it', async () => {
  const request = await signKmsRequest({ extraHeaders: { 'x-trent-dup': 'first,second' } });
  const split = withHeaders(request, { remove: ['x-trent-dup'], append: ['X-Trent-Dup', 'first', 'x-trent-dup', ' second'] });
  assert.deepEqual(await authenticator()(split), expectedCaller);
  const reversed = withHeaders(request, { remove: ['x-trent-dup'], append: ['x-trent-dup', 'second', 'x-trent-dup', 'first'] });
  await rejects(reversed, 'InvalidSignatureException', MISMATCH);
});

test('no Authorization header is MissingAuthenticationTokenException', async () => {
  const request = withHeaders(await signKmsRequest(), { remove: ['authorization'] });
  await rejects(request, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
});

const SCOPE = `Credential=${ACCESS_KEY_ID}/20151120/${REGION}/kms/aws4_request`;
const SIGNED = 'SignedHeaders=content-type;host;x-amz-date;x-amz-target';
const SIG = `Signature=${'0'.repeat(64)}`;

test('an Authorization header without Credential names it', async () => {
  await rejects(replaceAuthorization(await signKmsRequest(), `AWS4-HMAC-SHA256 ${SIGNED}, ${SIG}`), 'IncompleteSignatureException',
    "Authorization header requires 'Credential' parameter. Authorization=AWS4-HMAC-SHA256");
});

test('an Authorization header without SignedHeaders names it', async () => {
  await rejects(replaceAuthorization(await signKmsRequest(), `AWS4-HMAC-SHA256 ${SCOPE}, ${SIG}`), 'IncompleteSignatureException',
    "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256");
});

test('an Authorization header without Signature names it', async () => {
  await rejects(replaceAuthorization(await signKmsRequest(), `AWS4-HMAC-SHA256 ${SCOPE}, ${SIGNED}`), 'IncompleteSignatureException',
    "Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256");
});

test('a bearer token in Authorization lists every missing part, as AWS does', async () => {
  const request = withHeaders(replaceAuthorization(await signKmsRequest(), 'eyJhbGciOiJIUzI1NiJ9.e30.sig'), { remove: ['x-amz-date'] });
  await rejects(request, 'IncompleteSignatureException',
    "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
    "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a " +
    "'X-Amz-Date' or a 'Date' header. Authorization=eyJhbGciOiJIUzI1NiJ9.e30.sig");
});

test('a request with neither X-Amz-Date nor Date is IncompleteSignatureException', async () => {
  await rejects(withHeaders(await signKmsRequest(), { remove: ['x-amz-date'] }), 'IncompleteSignatureException',
    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256");
});

test('another signing algorithm is refused by name', async () => {
  await rejects(replaceAuthorization(await signKmsRequest(), `AWS4-HMAC-SHA512 ${SCOPE}, ${SIGNED}, ${SIG}`),
    'IncompleteSignatureException', "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'.");
});

test('a word without "=" in Authorization is refused with the whole header quoted', async () => {
  const header = `AWS4-HMAC-SHA256 Credential= ${ACCESS_KEY_ID}/20151120/${REGION}/kms/aws4_request, ${SIGNED}, ${SIG}`;
  await rejects(replaceAuthorization(await signKmsRequest(), header), 'IncompleteSignatureException',
    `'${ACCESS_KEY_ID}/20151120/${REGION}/kms/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.`);
});

test('a parameter given twice in Authorization is refused', async () => {
  await rejects(replaceAuthorization(await signKmsRequest(), `AWS4-HMAC-SHA256 ${SCOPE}, ${SCOPE}, ${SIGNED}, ${SIG}`),
    'IncompleteSignatureException', "Authorization header repeats the 'Credential' parameter.");
});

async function withScope(credential: string): Promise<RawRequest> {
  return replaceAuthorization(await signKmsRequest({ style: 'cli' }), `AWS4-HMAC-SHA256 Credential=${credential}, ${SIGNED}, ${SIG}`);
}

test('a credential scope of 4 parts is IncompleteSignatureException', async () => {
  await rejects(await withScope(`${ACCESS_KEY_ID}/20151120/${REGION}/kms`), 'IncompleteSignatureException',
    `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${ACCESS_KEY_ID}/20151120/${REGION}/kms'`);
});

test('a credential scoped to s3 is refused: KMS wants service kms', async () => {
  await rejects(await withScope(`${ACCESS_KEY_ID}/20151120/${REGION}/s3/aws4_request`), 'InvalidSignatureException',
    "Credential should be scoped to correct service: 'kms'. ");
});

test('a scope date other than X-Amz-Date\'s date is refused', async () => {
  await rejects(await withScope(`${ACCESS_KEY_ID}/20151121/${REGION}/kms/aws4_request`), 'InvalidSignatureException',
    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20151121' != '20151120', from '20151120T202346Z'. ");
});

test('every scope problem is reported at once, region, service, terminator, date', async () => {
  await rejects(await withScope(`${ACCESS_KEY_ID}/2015-11-20/EU_WEST/sts/aws5_request`), 'InvalidSignatureException',
    "Credential should be scoped to a valid region, not 'EU_WEST'. Credential should be scoped to correct service: 'kms'. " +
    "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. " +
    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '2015-11-20' != '20151120', from '20151120T202346Z'. ");
});

for (const [label, signature] of [['63 characters', 'a'.repeat(63)], ['non-hex', `${'a'.repeat(63)}g`], ['upper-case hex', 'A'.repeat(64)], ['empty', '']]) {
  test(`a signature that is ${label} is a signature mismatch`, async () => {
    const request = await signKmsRequest({ style: 'cli' });
    const header = authorizationOf(request).replace(/Signature=[0-9a-f]{64}/, `Signature=${signature}`);
    await rejects(replaceAuthorization(request, header), 'InvalidSignatureException', MISMATCH);
  });
}

test('a request that does not sign host is refused', async () => {
  const request = await signKmsRequest({ style: 'cli' });
  const header = authorizationOf(request).replace('content-type;host;x-amz-date', 'content-type;x-amz-date');
  await rejects(replaceAuthorization(request, header), 'InvalidSignatureException',
    "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
});

test('a request that does not sign X-Amz-Date is refused', async () => {
  const request = await signKmsRequest({ style: 'cli' });
  const header = authorizationOf(request).replace('host;x-amz-date;x-amz-target', 'host;x-amz-target');
  await rejects(replaceAuthorization(request, header), 'InvalidSignatureException',
    "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
});

test('a signed header missing from the request is refused by name', async () => {
  const request = await signKmsRequest({ style: 'cli' });
  await rejects(withHeaders(request, { remove: ['x-amz-target'] }), 'IncompleteSignatureException',
    "'x-amz-target' is named as a SignedHeader, but it does not exist in the HTTP request.");
});

test('SignedHeaders out of order or in upper case is refused', async () => {
  const request = await signKmsRequest({ style: 'cli' });
  for (const list of ['host;content-type;x-amz-date;x-amz-target', 'content-type;Host;x-amz-date;x-amz-target', 'content-type;host;;x-amz-date']) {
    const header = authorizationOf(request).replace('content-type;host;x-amz-date;x-amz-target', list);
    await rejects(replaceAuthorization(request, header), 'IncompleteSignatureException',
      `SignedHeaders must list lower-case header names in sorted order separated by ';', got '${list}'.`);
  }
});

test('an X-Amz-Date not in ISO-8601 basic format is refused', async () => {
  const request = withHeaders(await signKmsRequest({ style: 'cli' }), { set: { 'x-amz-date': '2015-11-20T20:23:46Z' } });
  await rejects(request, 'IncompleteSignatureException',
    "Date must be in ISO-8601 'basic format'. Got '2015-11-20T20:23:46Z'. See http://en.wikipedia.org/wiki/ISO_8601");
});

test('a Date header is used when X-Amz-Date is absent, and must be in basic format too', async () => {
  const request = withHeaders(await signKmsRequest({ style: 'cli' }), { remove: ['x-amz-date'], append: ['Date', 'Fri, 20 Nov 2015 20:23:46 GMT'] });
  const header = `AWS4-HMAC-SHA256 ${SCOPE}, SignedHeaders=content-type;date;host;x-amz-target, ${SIG}`;
  await rejects(replaceAuthorization(request, header), 'IncompleteSignatureException',
    "Date must be in ISO-8601 'basic format'. Got 'Fri, 20 Nov 2015 20:23:46 GMT'. See http://en.wikipedia.org/wiki/ISO_8601");
});

test('query-string (presigned) authentication is refused with a clear message', async () => {
  const request = { ...(await signKmsRequest()), url: '/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc' };
  await rejects(request, 'IncompleteSignatureException',
    'Query-string (presigned URL) authentication is not supported; sign the request with an Authorization header.');
});

test('the same key verifies again from the signing-key cache, and a rotated secret is never served a stale key', async () => {
  const entries = { [ACCESS_KEY_ID]: { secretAccessKey: SECRET, accountId: ACCOUNT_ID, principalArn: PRINCIPAL_ARN } };
  const verify = authenticator({ credentials: mapResolver(entries), signingKeyCacheSize: 2 });
  const request = await signKmsRequest();
  assert.deepEqual(await verify(request), expectedCaller);
  assert.deepEqual(await verify(request), expectedCaller);
  entries[ACCESS_KEY_ID] = { ...entries[ACCESS_KEY_ID]!, secretAccessKey: 'rotated-secret' };
  await assert.rejects(verify(request), { name: 'InvalidSignatureException', message: MISMATCH });
  assert.deepEqual(await verify(await signKmsRequest({ secret: 'rotated-secret' })), expectedCaller);
  for (const region of ['us-east-1', 'us-west-2', 'eu-central-1']) {
    assert.equal((await verify(await signKmsRequest({ secret: 'rotated-secret', region }))).region, region);
  }
});
