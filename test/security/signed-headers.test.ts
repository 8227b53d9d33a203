/**
 * Issue 13 items 2 and 3, against a real secure-mode server over a raw socket (HTTP clients would
 * normalise what these requests send): the signature must cover X-Amz-Target, Content-Type and every
 * x-amz-* header, and a signed value holding U+00A0 is refused rather than trimmed one way when
 * verified and another when acted on. Each attack is a DescribeKey turned into DisableKey; after
 * every one the key is still Enabled.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { CreateKeyCommand, DescribeKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { SignatureV4 } from '@smithy/signature-v4';
import { adminCredentialsPath, parseCredentialsFile } from '../helpers/spawn-server.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { NodeSha256 } from '../helpers/sign.js';

let server: TestServer;
let kms: KMSClient;
let credentials: { accessKeyId: string; secretAccessKey: string };
let keyId: string;
before(async () => {
  server = await startTestServer({ dev: false, rootKey: 'c'.repeat(64) });
  credentials = parseCredentialsFile(readFileSync(adminCredentialsPath(server.dataDir), 'utf8'));
  kms = server.client(credentials);
  keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
});
after(() => server.close());

/** Headers of a DescribeKey signed by the SDK's own signer, leaving `unsigned` out of SignedHeaders. */
async function signDescribeKey(body: string, options: { unsigned?: string[]; headers?: Record<string, string> } = {}): Promise<Record<string, string>> {
  const url = new URL(server.endpoint);
  const signer = new SignatureV4({ service: 'kms', region: 'us-east-1', credentials, sha256: NodeSha256 });
  const signed = await signer.sign({
    method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: '/',
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.DescribeKey', ...options.headers },
    body,
  }, { unsignableHeaders: new Set(options.unsigned ?? []) });
  return signed.headers as Record<string, string>;
}

/** Sends the request as raw bytes (latin1, so U+00A0 is the single byte 0xA0 on the wire). */
function send(headers: Record<string, string>, body: string): Promise<{ status: number; body: any }> {
  const text = ['POST / HTTP/1.1', ...Object.entries(headers).map(([n, v]) => `${n}: ${v}`),
    `content-length: ${Buffer.byteLength(body)}`, 'connection: close', '', body].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(server.endpoint).port), '127.0.0.1', () => socket.end(Buffer.from(text, 'latin1')));
    let data = '';
    socket.setEncoding('utf8').on('data', (chunk) => { data += chunk; });
    socket.on('error', reject);
    socket.on('close', () => {
      const at = data.indexOf('\r\n\r\n');
      const reply = data.slice(at + 4);
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1]), body: reply ? JSON.parse(reply) : undefined });
    });
  });
}

async function keyState(): Promise<string> {
  return (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState!;
}

const mustBeSigned = (name: string) => ({ __type: 'InvalidSignatureException', message: `'${name}' must be a 'SignedHeader' in the AWS Authorization.` });

test('a correctly signed raw DescribeKey succeeds (the attacks below differ from it in one header only)', async () => {
  const body = JSON.stringify({ KeyId: keyId });
  const reply = await send(await signDescribeKey(body), body);
  assert.equal(reply.status, 200);
  assert.equal(reply.body.KeyMetadata.KeyId, keyId);
});

test('X-Amz-Target left out of SignedHeaders and then changed to DisableKey is refused, naming the header', async () => {
  const body = JSON.stringify({ KeyId: keyId });
  const headers = await signDescribeKey(body, { unsigned: ['x-amz-target'] });
  assert.doesNotMatch(headers['authorization']!, /x-amz-target/);
  const reply = await send({ ...headers, 'x-amz-target': 'TrentService.DisableKey' }, body);
  assert.deepEqual(reply, { status: 400, body: mustBeSigned('X-Amz-Target') });
  assert.equal(await keyState(), 'Enabled');
});

test('a signed X-Amz-Target changed after signing is a signature mismatch', async () => {
  const body = JSON.stringify({ KeyId: keyId });
  const reply = await send({ ...(await signDescribeKey(body)), 'x-amz-target': 'TrentService.DisableKey' }, body);
  assert.equal(reply.status, 400);
  assert.equal(reply.body.__type, 'InvalidSignatureException');
  assert.match(reply.body.message, /^The request signature we calculated does not match/);
  assert.equal(await keyState(), 'Enabled');
});

test('an unsigned Content-Type is refused, naming the header', async () => {
  const body = JSON.stringify({ KeyId: keyId });
  const reply = await send(await signDescribeKey(body, { unsigned: ['content-type'] }), body);
  assert.deepEqual(reply, { status: 400, body: mustBeSigned('Content-Type') });
});

test('any other unsigned x-amz-* header is refused, naming it; an unsigned x-amzn-trace-id is accepted', async () => {
  const body = JSON.stringify({ KeyId: keyId });
  const withExtra = await signDescribeKey(body, { unsigned: ['x-amz-meta-note'], headers: { 'x-amz-meta-note': 'hello' } });
  assert.deepEqual(await send(withExtra, body), { status: 400, body: mustBeSigned('X-Amz-Meta-Note') });
  const traced = await send({ ...(await signDescribeKey(body)), 'x-amzn-trace-id': 'Root=1-5759e988-bd862e3fe1be46a994272793' }, body);
  assert.equal(traced.status, 200);
});

test('a signed X-Amz-Target padded with U+00A0 (which trim() strips) is refused, not acted on', async () => {
  const body = JSON.stringify({ KeyId: keyId });
  // The SDK's signer trims with trim(), so it signs "TrentService.DisableKey"; the wire carries the NBSP.
  const headers = await signDescribeKey(body, { headers: { 'x-amz-target': '\u00a0TrentService.DisableKey\u00a0' } });
  const reply = await send(headers, body);
  assert.deepEqual(reply, {
    status: 400,
    body: {
      __type: 'InvalidSignatureException',
      message: "The value of the signed header 'x-amz-target' holds a character other than visible ASCII, space or tab; such a value cannot be signed unambiguously.",
    },
  });
  assert.equal(await keyState(), 'Enabled');
});

test('spaces and tabs around and inside a signed value are trimmed and collapsed as SigV4 says, and verify', async () => {
  const body = JSON.stringify({ KeyId: keyId });
  const headers = await signDescribeKey(body, { headers: { 'x-amz-meta-note': 'a  \t b' } });
  const reply = await send({ ...headers, 'x-amz-meta-note': ' \ta  \t b\t ' }, body);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
});
