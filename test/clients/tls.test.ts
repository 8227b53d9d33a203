/**
 * Issue 13 item 1: HTTPS with a certificate made in the test (openssl), round trips with the real
 * clients (SDK v3 with a CA, the AWS CLI with --ca-bundle, boto3 with verify=), a wrong CA refused
 * by each, TLS below 1.2 refused by the server, and mTLS with and without a client certificate.
 * The SIGHUP reload is in tls-reload.test.ts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import { connect as netConnect } from 'node:net';
import { CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { adminCredentialsPath, parseCredentialsFile, type AdminCredentials } from '../helpers/spawn-server.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { makeTestPki, type Pem, type TestPki } from '../helpers/tls-certs.js';

let pki: TestPki;
let serverPem: Pem;
let server: TestServer;
let mtls: TestServer;
let admin: AdminCredentials;
let mtlsAdmin: AdminCredentials;
const clients: KMSClient[] = [];

before(async () => {
  pki = makeTestPki();
  serverPem = pki.serverCert('trent-server');
  server = await startTestServer({ dev: false, rootKey: '1'.repeat(64), config: { tlsCertFile: serverPem.certFile, tlsKeyFile: serverPem.keyFile } });
  admin = parseCredentialsFile(readFileSync(adminCredentialsPath(server.dataDir), 'utf8'));
  mtls = await startTestServer({
    dev: false, rootKey: '2'.repeat(64),
    config: { tlsCertFile: serverPem.certFile, tlsKeyFile: serverPem.keyFile, tlsClientCaFile: pki.ca.certFile },
  });
  mtlsAdmin = parseCredentialsFile(readFileSync(adminCredentialsPath(mtls.dataDir), 'utf8'));
});
after(async () => {
  for (const kms of clients) kms.destroy();
  await server?.close();
  await mtls?.close();
  pki?.cleanup();
});

function sdk(endpoint: string, credentials: AdminCredentials, agent: { ca: Buffer; cert?: Buffer; key?: Buffer }): KMSClient {
  const kms = new KMSClient({
    region: 'us-east-1', endpoint, credentials, maxAttempts: 1,
    requestHandler: { httpsAgent: new Agent({ ...agent, keepAlive: false }) },
  });
  clients.push(kms);
  return kms;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

function awsEnv(credentials: AdminCredentials): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'], HOME: process.env['HOME'],
    AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
}

test('the server URL is https:// and the SDK v3 does an Encrypt/Decrypt round trip trusting the test CA', async () => {
  assert.match(server.endpoint, /^https:\/\/127\.0\.0\.1:\d+$/);
  const kms = sdk(server.endpoint, admin, { ca: pki.ca.cert });
  const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('over TLS') }));
  const { Plaintext } = await kms.send(new DecryptCommand({ CiphertextBlob }));
  assert.equal(Buffer.from(Plaintext!).toString(), 'over TLS');
});

test('the SDK v3 trusting another CA fails the handshake and sends nothing', async () => {
  const before = (await sdk(server.endpoint, admin, { ca: pki.ca.cert }).send(new ListKeysCommand({}))).Keys!.length;
  await assert.rejects(sdk(server.endpoint, admin, { ca: pki.otherCa.cert }).send(new CreateKeyCommand({})),
    (error: Error & { code?: string }) => {
      assert.match(`${error.code} ${error.message}`, /UNABLE_TO_VERIFY_LEAF_SIGNATURE|unable to verify the first certificate|self[- ]signed/i);
      return true;
    });
  assert.equal((await sdk(server.endpoint, admin, { ca: pki.ca.cert }).send(new ListKeysCommand({}))).Keys!.length, before);
});

test('the AWS CLI round-trips with --ca-bundle and fails with another CA', async () => {
  const env = awsEnv(admin);
  const created = await run('aws', ['--endpoint-url', server.endpoint, '--ca-bundle', pki.ca.certFile, '--output', 'text',
    'kms', 'create-key', '--description', 'from the cli', '--query', 'KeyMetadata.KeyId'], env);
  assert.equal(created.code, 0, created.stderr);
  const keyId = created.stdout.trim();
  const described = await run('aws', ['--endpoint-url', server.endpoint, '--ca-bundle', pki.ca.certFile, '--output', 'text',
    'kms', 'describe-key', '--key-id', keyId, '--query', 'KeyMetadata.Description'], env);
  assert.equal(described.stdout.trim(), 'from the cli', described.stderr);
  const wrong = await run('aws', ['--endpoint-url', server.endpoint, '--ca-bundle', pki.otherCa.certFile, 'kms', 'list-keys'], env);
  assert.notEqual(wrong.code, 0);
  assert.match(wrong.stderr, /SSL validation failed|CERTIFICATE_VERIFY_FAILED/);
});

const boto3Script = `
import json, sys, boto3, botocore
endpoint, verify = sys.argv[1], sys.argv[2]
kms = boto3.client("kms", endpoint_url=endpoint, region_name="us-east-1", verify=verify,
                   config=botocore.config.Config(retries={"max_attempts": 1}))
try:
    key = kms.create_key()["KeyMetadata"]["KeyId"]
    blob = kms.encrypt(KeyId=key, Plaintext=b"boto3 over TLS")["CiphertextBlob"]
    print(json.dumps({"ok": kms.decrypt(CiphertextBlob=blob)["Plaintext"].decode()}))
except botocore.exceptions.SSLError as e:
    print(json.dumps({"ssl_error": str(e)}))
`;

test('boto3 round-trips with verify=<CA file> and raises SSLError with another CA', async () => {
  const env = awsEnv(admin);
  const good = await run('python3', ['-c', boto3Script, server.endpoint, pki.ca.certFile], env);
  assert.deepEqual(JSON.parse(good.stdout), { ok: 'boto3 over TLS' }, good.stderr);
  const bad = await run('python3', ['-c', boto3Script, server.endpoint, pki.otherCa.certFile], env);
  assert.match(JSON.parse(bad.stdout).ssl_error, /CERTIFICATE_VERIFY_FAILED/, bad.stderr);
});

test('a client offering at most TLS 1.1 is refused by the server (protocol_version alert)', async () => {
  const { port } = new URL(server.endpoint);
  const error = await new Promise<Error>((resolve) => {
    const socket = tlsConnect({
      host: '127.0.0.1', port: Number(port), ca: pki.ca.cert, minVersion: 'TLSv1', maxVersion: 'TLSv1.1',
      ciphers: 'DEFAULT@SECLEVEL=0', // so that the refusal is the server's, not this client's own policy
    }, () => { socket.destroy(); resolve(new Error('handshake succeeded')); });
    socket.on('error', resolve);
  });
  assert.match(error.message, /alert protocol version|tlsv1 alert protocol version/i);
});

test('plain HTTP sent to the TLS port gets no KMS answer', async () => {
  const { port } = new URL(server.endpoint);
  const reply = await new Promise<string>((resolve) => {
    const socket = netConnect(Number(port), '127.0.0.1', () => socket.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}'));
    let data = '';
    socket.setEncoding('latin1').on('data', (d) => { data += d; });
    socket.on('close', () => resolve(data));
    socket.on('error', () => undefined);
  });
  assert.doesNotMatch(reply, /x-amzn-RequestId|__type/i);
});

test('mTLS: a client certificate issued by the client CA is served', async () => {
  const client = pki.clientCert('trent-client');
  const kms = sdk(mtls.endpoint, mtlsAdmin, { ca: pki.ca.cert, cert: client.cert, key: client.key });
  assert.deepEqual((await kms.send(new ListKeysCommand({}))).Keys, []);
});

test('mTLS: without a client certificate, or with one from another CA, the handshake fails', async () => {
  const stranger = pki.clientCert('stranger', pki.otherCa);
  for (const agent of [{ ca: pki.ca.cert }, { ca: pki.ca.cert, cert: stranger.cert, key: stranger.key }]) {
    await assert.rejects(sdk(mtls.endpoint, mtlsAdmin, agent).send(new ListKeysCommand({})), (error: Error & { code?: string }) => {
      assert.match(`${error.code} ${error.message}`, /certificate required|unknown ca|ECONNRESET|socket hang up|EPIPE/i);
      return true;
    });
  }
});
