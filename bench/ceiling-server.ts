/**
 * The ceiling of the bench: a bare node:http server on a free loopback port that reads each request
 * body and answers a constant JSON reply shaped and sized like an Encrypt response. Whatever Trent
 * does per request comes on top of this. Prints "listening on http://127.0.0.1:<port>" on stderr.
 * `ceiling-server.ts N` runs N processes on one port with node:cluster, as `trent serve --workers N`
 * does, so the ceiling and Trent share connections the same way.
 */
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const reply = JSON.stringify({
  CiphertextBlob: Buffer.alloc(108, 1).toString('base64'),
  EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
  KeyId: 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-000000000000',
});
const headers = { 'Content-Type': 'application/x-amz-json-1.1', 'Content-Length': Buffer.byteLength(reply) };

const processes = Number(process.argv[2] ?? 1);

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
  const server = createServer({ keepAlive: true }, (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, headers);
      res.end(reply);
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
