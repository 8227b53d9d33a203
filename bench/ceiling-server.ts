/**
 * The ceiling of the bench: a bare node:http server on a free loopback port that reads each request
 * body and answers a constant JSON reply shaped and sized like an Encrypt response. Whatever Trent
 * does per request comes on top of this. Prints "listening on http://127.0.0.1:<port>" on stderr.
 * `ceiling-server.ts N` runs N processes on one port with node:cluster, as `trent serve --workers N`
 * does, so the ceiling and Trent share connections the same way.
 *
 * `ceiling-server.ts N rsa|p256|ed25519` is the Sign ceiling of `bench --sign`: the same server, but
 * each request is answered only after one asynchronous node:crypto signature of a 32-byte message
 * (as raw signing in the bench does), with a Sign-shaped reply. It is what any node:http server that
 * signs gets on this machine, with no SigV4, JSON, policy or audit work at all.
 */
import cluster from 'node:cluster';
import { constants, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const reply = JSON.stringify({
  CiphertextBlob: Buffer.alloc(108, 1).toString('base64'),
  EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
  KeyId: 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-000000000000',
});
const headers = { 'Content-Type': 'application/x-amz-json-1.1', 'Content-Length': Buffer.byteLength(reply) };

const processes = Number(process.argv[2] ?? 1);
const signMode = process.argv[3];

/** The signature each request waits for in Sign-ceiling mode (the bench's raw rows sign the same way). */
function signer(mode: string): (done: () => void) => void {
  const message = Buffer.alloc(32, 0x42);
  const make = (key: KeyObject, hash: string | null, options: Record<string, unknown>) =>
    (done: () => void): void => sign(hash, message, { key, ...options } as never, done);
  switch (mode) {
    case 'rsa': return make(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'sha256', { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    case 'p256': return make(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'sha256', { dsaEncoding: 'der' });
    case 'ed25519': return make(generateKeyPairSync('ed25519').privateKey, null, {});
    default: throw new Error(`unknown sign mode ${mode}`);
  }
}

if (cluster.isPrimary && processes > 1) {
  let ready = 0;
  let port = 0;
  cluster.on('message', (_worker, message: { port?: number }) => {
    if (typeof message.port !== 'number') return;
    port = message.port;
    if (++ready === processes) process.stderr.write(`ceiling listening on http://127.0.0.1:${port}\n`);
  });
  for (let i = 0; i < processes; i++) cluster.fork();
  const stop = (): void => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    setTimeout(() => process.exit(0), 500);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  const signOne = signMode === undefined ? undefined : signer(signMode);
  const signReply = JSON.stringify({ KeyId: 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-000000000000', Signature: Buffer.alloc(256, 1).toString('base64'), SigningAlgorithm: 'RSASSA_PSS_SHA_256' });
  const signHeaders = { 'Content-Type': 'application/x-amz-json-1.1', 'Content-Length': Buffer.byteLength(signReply) };
  const server = createServer({ keepAlive: true }, (req, res) => {
    req.resume();
    req.on('end', () => {
      if (signOne === undefined) {
        res.writeHead(200, headers);
        res.end(reply);
        return;
      }
      signOne(() => {
        res.writeHead(200, signHeaders);
        res.end(signReply);
      });
    });
  });
  server.keepAliveTimeout = 5_000;
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    if (cluster.isWorker) process.send?.({ port });
    else process.stderr.write(`ceiling listening on http://127.0.0.1:${port}\n`);
  });
  const stop = (): void => { server.close(() => process.exit(0)); server.closeAllConnections(); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
