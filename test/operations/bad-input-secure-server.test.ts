/**
 * Issue 3 "Bad input": against the real server in secure mode (SigV4 verified), each bad request is
 * a clear 4xx with AWS's name and message, never a 500, and nothing is written. Repeated headers
 * are sent over a raw socket, since HTTP clients merge or refuse them.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateKeyCommand, ListKeysCommand, type KMSClient } from '@aws-sdk/client-kms';
import { adminCredentialsPath } from '../helpers/spawn-server.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { signKmsRequest } from '../helpers/sign.js';

let server: TestServer;
let kms: KMSClient;
let accessKeyId: string;
let secretAccessKey: string;
before(async () => {
  server = await startTestServer({ dev: false, rootKey: 'b'.repeat(64) });
  const text = readFileSync(adminCredentialsPath(server.dataDir), 'utf8');
  accessKeyId = /aws_access_key_id = (\S+)/.exec(text)![1]!;
  secretAccessKey = /aws_secret_access_key = (\S+)/.exec(text)![1]!;
  kms = server.client({ accessKeyId, secretAccessKey });
  await kms.send(new CreateKeyCommand({ Description: 'the only key' }));
});
after(() => server.close());

/** Sends raw HTTP/1.1 bytes and returns the status and JSON body of the reply. */
function rawHttp(request: string): Promise<{ status: number; body: unknown }> {
  const { port } = new URL(server.endpoint);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(request));
    let data = '';
    socket.setEncoding('utf8').on('data', (chunk) => { data += chunk; });
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = data.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1]), body: body ? JSON.parse(body) : undefined });
    });
  });
}

/** A correctly signed CreateKey as raw header lines, plus `extra` lines. */
async function signedCreateKey(extra: string[]): Promise<string> {
  const body = JSON.stringify({ Description: 'must not be created' });
  const headers = await signKmsRequest(server.endpoint, 'CreateKey', body, { region: 'us-east-1', accessKeyId, secretAccessKey });
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return ['POST / HTTP/1.1', ...lines, `content-length: ${Buffer.byteLength(body)}`, 'connection: close', ...extra, '', body].join('\r\n');
}

async function keyCount(): Promise<number> {
  return (await kms.send(new ListKeysCommand({}))).Keys!.length;
}

for (const [header, value] of [['Authorization', 'AWS4-HMAC-SHA256 Credential=x'], ['X-Amz-Date', '20300101T000000Z'], ['X-Amz-Target', 'TrentService.DescribeKey']] as const) {
  test(`a signed request that repeats ${header} is IncompleteSignatureException and creates nothing`, async () => {
    const reply = await rawHttp(await signedCreateKey([`${header}: ${value}`]));
    assert.equal(reply.status, 400);
    assert.deepEqual(reply.body, {
      __type: 'IncompleteSignatureException',
      message: `The request repeats the '${header}' header, which must appear exactly once in a signed request.`,
    });
    assert.equal(await keyCount(), 1);
  });
}

test('the same request without the repeat succeeds (the raw request is otherwise valid)', async () => {
  const reply = await rawHttp(await signedCreateKey([]));
  assert.equal(reply.status, 200);
  assert.equal((reply.body as { KeyMetadata: { Description: string } }).KeyMetadata.Description, 'must not be created');
});

test('wrong secret, expired signature, malformed JSON and an unknown key are 400s with AWS names; nothing is written', async () => {
  const before = await keyCount();
  const wrongSecret = await server.raw('CreateKey', {}, { accessKeyId, secretAccessKey: 'wrong' });
  assert.deepEqual({ status: wrongSecret.status, type: wrongSecret.body.__type }, { status: 400, type: 'InvalidSignatureException' });
  assert.equal(wrongSecret.body.message, 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.');
  const expired = await server.raw('CreateKey', {}, { accessKeyId, secretAccessKey, signingDate: new Date(Date.now() - 10 * 60_000) });
  assert.equal(expired.status, 400);
  assert.equal(expired.body.__type, 'InvalidSignatureException');
  assert.match(expired.body.message, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
  const malformed = await server.raw('CreateKey', '{"Description": ', { accessKeyId, secretAccessKey });
  assert.deepEqual({ status: malformed.status, body: malformed.body }, { status: 400, body: { __type: 'SerializationException' } });
  const unknown = await server.raw('DescribeKey', { KeyId: 'alias/nope' }, { accessKeyId, secretAccessKey });
  assert.deepEqual({ status: unknown.status, body: unknown.body }, {
    status: 400, body: { __type: 'NotFoundException', message: `Alias arn:aws:kms:us-east-1:${server.accountId}:alias/nope is not found.` },
  });
  assert.equal(await keyCount(), before);
});
