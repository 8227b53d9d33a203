/**
 * Issue 13 item 4, against the real `trent serve` process: many unauthenticated clients that open
 * connections and then trickle (headers that never end, or a large declared body after headers that
 * fail authentication) do not make the server hold their bytes, and a signed client is still served
 * while they are connected. The server's memory is read from /proc/<pid>/status (VmRSS); the
 * unauthenticated bodies sent add up to far more than the bound asserted. The connection cap closes
 * connections beyond it on accept, and frees its slots when they go.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { connect, type Socket } from 'node:net';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { spawnServer, type SpawnedServer } from '../helpers/spawn-server.js';

let server: SpawnedServer;
const sockets: Socket[] = [];
// One process (no cluster primary in between), so that /proc/<pid> is the process that serves.
before(async () => { server = await spawnServer({ args: ['--workers', '1'] }); });
after(async () => {
  for (const socket of sockets) socket.destroy();
  await server?.close();
});

/** GET /healthz on a new connection: its status, or 0 when the connection is closed without a reply. */
function healthOnNewConnection(endpoint: string): Promise<number> {
  return new Promise((resolve) => {
    const req = get(`${endpoint}/healthz`, { agent: false, timeout: 5_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

function rssBytes(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]!;
  return Number(kb) * 1024;
}

/** Opens a socket and writes `chunks` in turn; resolves once all were handed to the kernel or the server closed it. */
function trickle(port: number, chunks: Buffer[]): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
    socket.on('connect', () => {
      let i = 0;
      const next = (): void => {
        if (i === chunks.length || socket.destroyed) { resolve(); return; }
        socket.write(chunks[i++]!, (error) => (error ? resolve() : next()));
      };
      next();
    });
  });
}

const bodyBytes = 240 * 1024;

test('200 slow unauthenticated connections: the server holds none of their bytes and a signed client is still served', async () => {
  const kms = new KMSClient({ region: 'us-east-1', endpoint: server.endpoint, credentials: server.adminCredentials!, maxAttempts: 1 });
  await kms.send(new ListKeysCommand({})); // warm: compile, open the database
  const pid = server.child.pid!;
  const before = rssBytes(pid);
  const head = (extra: string) => Buffer.from(`POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: TrentService.ListKeys\r\n${extra}`);
  const pending: Promise<void>[] = [];
  for (let i = 0; i < 100; i++) {
    // Headers that never end (slowloris): bounded by Node's header limit and the headers timeout.
    pending.push(trickle(server.port, [head('X-Slow: '), Buffer.alloc(4096, 'a')]));
    // Complete headers without a valid signature, then most of a large declared body.
    const body = Buffer.alloc(bodyBytes, '{');
    pending.push(trickle(server.port, [head(`Authorization: AWS4-HMAC-SHA256 Credential=AKIAUNKNOWN/20250101/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature=00\r\nX-Amz-Date: 20250101T000000Z\r\nContent-Length: ${bodyBytes + 1}\r\n\r\n`),
      body.subarray(0, 64 * 1024), body.subarray(64 * 1024, 128 * 1024), body.subarray(128 * 1024)]));
  }
  await Promise.all(pending);
  // Served while the slow ones are connected.
  const { Keys } = await kms.send(new ListKeysCommand({}));
  assert.deepEqual(Keys, []);
  const grown = rssBytes(pid) - before;
  const sent = 100 * bodyBytes;
  assert.ok(grown < sent / 2, `server RSS grew by ${(grown / 1e6).toFixed(1)} MB while clients sent ${(sent / 1e6).toFixed(1)} MB of unauthenticated body`);
  kms.destroy();
  for (const socket of sockets.splice(0)) socket.destroy();
});

test('connections beyond --max-connections are closed on accept; the slots free up when those clients go', async () => {
  const capped = await spawnServer({ args: ['--max-connections', '20', '--workers', '1'] });
  try {
    const idle: Socket[] = [];
    for (let i = 0; i < 20; i++) {
      idle.push(await new Promise<Socket>((resolve) => { const s = connect(capped.port, '127.0.0.1', () => resolve(s)); }));
    }
    // Accepting is asynchronous to connect(); a /healthz over a fresh connection is refused once all 20 are counted.
    let refused = false;
    for (let attempt = 0; attempt < 50 && !refused; attempt++) {
      refused = (await healthOnNewConnection(capped.endpoint)) === 0;
    }
    assert.ok(refused, 'a 21st connection was served');
    for (const socket of idle) socket.destroy();
    let served = false;
    for (let attempt = 0; attempt < 50 && !served; attempt++) {
      served = (await healthOnNewConnection(capped.endpoint)) === 200;
      if (!served) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(served, 'no connection was served after the idle ones closed');
  } finally {
    await capped.close();
  }
});
