/**
 * The verifier against the AWS SDK's own signer (@smithy/signature-v4, what SDK v3 signs every KMS
 * request with), over fast-check generated requests: extra headers in random case with odd spaces and
 * tabs around and inside their values, sent split into repeated headers and interleaved with the
 * others, bodies empty, small and large, signed SDK v3 style (every header, x-amz-content-sha256) or
 * AWS CLI style (content-type;host;x-amz-date;x-amz-target plus the extras), always to `/` with no
 * query. Every SDK-signed request verifies, and any single-byte change to a signed part fails with
 * the error AWS gives (issue 16 item 3: a faster verifier must not become a weaker one).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SignatureV4 } from '@smithy/signature-v4';
import { ManualClock } from '../../../src/platform/clock.js';
import type { RawRequest } from '../../../src/protocol/authenticator.js';
import { createSigV4Authenticator } from '../../../src/protocol/sigv4.js';
import { NodeSha256 } from '../../helpers/sign.js';
import { ACCESS_KEY_ID, ACCOUNT_ID, defaultResolver, HOST, NOW_MS, PRINCIPAL_ARN, REGION, SECRET } from './sigv4-fixtures.js';

const MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const CONTENT_SHA256_MISMATCH = "The provided 'x-amz-content-sha256' header does not match what was computed.";
const AUTH_ERRORS = new Set(['InvalidSignatureException', 'IncompleteSignatureException', 'UnrecognizedClientException']);
const expectedCaller = { accountId: ACCOUNT_ID, region: REGION, accessKeyId: ACCESS_KEY_ID, principalArn: PRINCIPAL_ARN };

/** Names the fixed headers already use (or SigV4 treats specially): extras never take them. */
const RESERVED = new Set(['x-amz-date', 'x-amz-target', 'x-amz-content-sha256', 'x-amz-security-token', 'x-amz-user-agent']);

const blanks = (min: number) => fc.stringMatching(new RegExp(`^[ \\t]{${min},3}$`));
const word = fc.stringMatching(/^[!-~]{1,10}$/).filter((w) => !w.includes(','));
/** One copy of a header as sent: words, and the blanks before, between and after them. */
const part = fc.record({ words: fc.array(word, { minLength: 1, maxLength: 3 }), lead: blanks(0), inner: blanks(1), trail: blanks(0) });
const extraHeader = fc.record({
  name: fc.stringMatching(/^x-(amz-)?[a-z0-9]{1,8}(-[a-z0-9]{1,5})?$/).filter((n) => !RESERVED.has(n)),
  parts: fc.array(part, { minLength: 1, maxLength: 3 }),
  /** Blanks the signer is given between words, independent of those on the wire. */
  signedInner: blanks(1),
});
const body = fc.oneof(
  { weight: 2, arbitrary: fc.constant('') },
  { weight: 6, arbitrary: fc.string({ maxLength: 300, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.integer({ min: 64 * 1024, max: 300 * 1024 }).map((n) => 'k'.repeat(n)) },
);
const requestSpec = fc.record({
  style: fc.constantFrom('sdk-v3' as const, 'cli' as const),
  extras: fc.uniqueArray(extraHeader, { maxLength: 4, selector: (h) => h.name }),
  body,
  /** Per header name character: upper-case it on the wire or not. */
  caseBits: fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
  /** Sort keys that interleave the wire headers (repeats keep their relative order). */
  order: fc.array(fc.nat(1000), { minLength: 40, maxLength: 40 }),
});

type Spec = typeof requestSpec extends fc.Arbitrary<infer T> ? T : never;

function recase(name: string, bits: readonly boolean[]): string {
  let out = '';
  for (let i = 0; i < name.length; i++) out += bits[i % bits.length] ? name[i]!.toUpperCase() : name[i]!;
  return out;
}

/** Signs the spec with the SDK signer and lays it out as Node's rawHeaders would carry it. */
async function signedRequest(spec: Spec): Promise<RawRequest> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.Encrypt', host: HOST,
  };
  if (spec.style === 'sdk-v3') {
    Object.assign(headers, {
      'content-length': String(Buffer.byteLength(spec.body)), 'x-amz-user-agent': 'aws-sdk-js/3.1163.0',
      'user-agent': 'aws-sdk-js/3.1163.0 ua/2.1', 'amz-sdk-invocation-id': '621f37fd-8108-4e17-bf07-fbba962ab2f4',
      'amz-sdk-request': 'attempt=1; max=3',
    });
  }
  // The signer gets each extra header once, its copies joined with ',' as SigV4 joins repeats; it
  // trims and collapses blanks itself, so it sees different spacing than the wire carries.
  for (const extra of spec.extras) {
    headers[extra.name] = ` ${extra.parts.map((p) => p.words.join(extra.signedInner)).join(',')}\t`;
  }
  const signer = new SignatureV4({
    service: 'kms', region: REGION, credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET }, sha256: NodeSha256,
    applyChecksum: spec.style === 'sdk-v3',
  });
  const signable = spec.style === 'cli'
    ? { signableHeaders: new Set(['content-type', 'host', 'x-amz-date', 'x-amz-target', ...spec.extras.map((e) => e.name)]) }
    : {};
  const signed = await signer.sign(
    { method: 'POST', protocol: 'https:', hostname: HOST, path: '/', query: {}, headers, body: spec.body },
    { signingDate: new Date(NOW_MS), ...signable, ...(spec.style === 'cli' ? { unsignableHeaders: new Set(['content-length']) } : {}) },
  );
  const wire: Array<{ name: string; value: string }> = [];
  const extraNames = new Set(spec.extras.map((e) => e.name));
  for (const [name, value] of Object.entries(signed.headers as Record<string, string>)) {
    if (!extraNames.has(name)) wire.push({ name, value });
  }
  for (const extra of spec.extras) {
    for (const p of extra.parts) wire.push({ name: extra.name, value: `${p.lead}${p.words.join(p.inner)}${p.trail}` });
  }
  // Interleave: each entry draws a sort key; copies of one header take their keys in ascending order.
  const keys = wire.map((_, i) => spec.order[i % spec.order.length]! * 100 + i);
  for (const extra of spec.extras) {
    const at = wire.flatMap((w, i) => (w.name === extra.name ? [i] : []));
    const sorted = at.map((i) => keys[i]!).sort((a, b) => a - b);
    at.forEach((i, k) => { keys[i] = sorted[k]!; });
  }
  const rawHeaders: string[] = [];
  for (const i of wire.map((_, i) => i).sort((a, b) => keys[a]! - keys[b]!)) {
    rawHeaders.push(recase(wire[i]!.name, spec.caseBits), wire[i]!.value);
  }
  return { method: 'POST', url: '/', rawHeaders, body: Buffer.from(spec.body, 'utf8') };
}

function authenticator() {
  return createSigV4Authenticator({ clock: new ManualClock(NOW_MS + 1000), credentials: defaultResolver(), mode: 'verify' });
}

function headerValue(request: RawRequest, lower: string): string {
  const at = request.rawHeaders.findIndex((n, i) => i % 2 === 0 && n.toLowerCase() === lower);
  return request.rawHeaders[at + 1]!;
}

function signedNamesOf(request: RawRequest): string[] {
  return /SignedHeaders=([^,\s]+)/.exec(headerValue(request, 'authorization'))![1]!.split(';');
}

/** `text` with the character at `index` replaced by a visible ASCII one that differs from it. */
function replaceChar(text: string, index: number, code: number): string {
  const replacement = code === text.charCodeAt(index) ? (code === 126 ? 33 : code + 1) : code;
  return `${text.slice(0, index)}${String.fromCharCode(replacement)}${text.slice(index + 1)}`;
}

test('every request the AWS SDK signer signs verifies, whatever its header case, spacing, repeats and body', async () => {
  await fc.assert(fc.asyncProperty(requestSpec, async (spec) => {
    assert.deepEqual(await authenticator()(await signedRequest(spec)), expectedCaller);
  }), { numRuns: 300 });
});

const mutation = fc.record({
  target: fc.constantFrom('body', 'signed-header', 'signature', 'credential', 'method', 'path'),
  pick: fc.nat(),
  at: fc.nat(),
  code: fc.integer({ min: 33, max: 126 }),
});

test('one byte changed in any signed part of an SDK-signed request fails, with the error AWS gives', async () => {
  await fc.assert(fc.asyncProperty(requestSpec, mutation, async (spec, change) => {
    const request = await signedRequest(spec);
    let changed: RawRequest;
    let expected: string | undefined; // exact message when it is determined by the part changed
    const target = change.target === 'body' && request.body.length === 0 ? 'signed-header' : change.target;
    if (target === 'body') {
      const bytes = Buffer.from(request.body);
      const index = change.at % bytes.length;
      bytes[index] = bytes[index] === change.code ? change.code ^ 0x40 : change.code;
      changed = { ...request, body: bytes };
      expected = spec.style === 'sdk-v3' ? CONTENT_SHA256_MISMATCH : MISMATCH;
    } else if (target === 'signed-header') {
      const signed = new Set(signedNamesOf(request));
      const candidates = request.rawHeaders.flatMap((n, i) => (i % 2 === 0 && signed.has(n.toLowerCase()) ? [i + 1] : []));
      const valueAt = candidates[change.pick % candidates.length]!;
      const rawHeaders = [...request.rawHeaders];
      rawHeaders[valueAt] = replaceChar(rawHeaders[valueAt]!, change.at % rawHeaders[valueAt]!.length, change.code);
      changed = { ...request, rawHeaders };
      const name = rawHeaders[valueAt - 1]!.toLowerCase();
      // The date feeds the skew and scope checks and the declared hash its own check: their
      // messages depend on the byte. Every other signed value reaches only the signature.
      if (name === 'x-amz-content-sha256') expected = CONTENT_SHA256_MISMATCH;
      else if (name !== 'x-amz-date') expected = MISMATCH;
    } else if (target === 'signature' || target === 'credential') {
      const authorization = headerValue(request, 'authorization');
      const key = target === 'signature' ? 'Signature=' : 'Credential=';
      const start = authorization.indexOf(key) + key.length;
      const length = target === 'signature' ? 64 : authorization.indexOf(',', start) - start;
      const rawHeaders = request.rawHeaders.map((v, i) => (i % 2 === 1 && request.rawHeaders[i - 1]!.toLowerCase() === 'authorization'
        ? replaceChar(authorization, start + (change.at % length), change.code) : v));
      changed = { ...request, rawHeaders };
      // A ',' cuts the Authorization word in two, which is a syntax error (notKeyValuePair) instead.
      if (target === 'signature' && change.code !== 44) expected = MISMATCH;
    } else if (target === 'method') {
      changed = { ...request, method: replaceChar('POST', change.at % 4, change.code) };
      expected = MISMATCH;
    } else {
      // One letter added after the slash: SigV4 normalises '.', '..' and empty segments (RFC 3986
      // §5.2.4) for every service but S3, so only a byte that survives normalisation is a change.
      changed = { ...request, url: `/${String.fromCharCode(97 + (change.code % 26))}` };
      expected = MISMATCH;
    }
    await assert.rejects(authenticator()(changed), (e: unknown) => {
      assert.ok(e instanceof Error);
      assert.ok(AUTH_ERRORS.has(e.name), `${target}: ${e.name}: ${e.message}`);
      if (expected !== undefined) {
        assert.equal(e.name, 'InvalidSignatureException', target);
        assert.equal(e.message, expected, target);
      }
      return true;
    });
  }), { numRuns: 400 });
});
