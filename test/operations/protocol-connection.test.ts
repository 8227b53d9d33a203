/**
 * Connection-level behaviour of the protocol server: body limits, client aborts, keep-alive,
 * the admin hook, timeouts and graceful shutdown.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { closeGracefully } from '../../src/protocol/server.js';
import { kms, startHarness, type Harness } from './protocol-harness.js';

const limit = 64 * 1024;
const tooLargeBody = JSON.stringify({ __type: 'RequestEntityTooLargeException', message: `Request body exceeds the limit of ${limit} bytes.` });

let h: Harness;
before(async () => {
  h = await startHarness({
    maxBodyBytes: limit,
    admin: (req, res) => {
      if (req.method !== 'GET' || req.url !== '/healthz') return false;
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      return true;
    },
  });
});
after(() => h.close());

/** Sends raw bytes, collects everything until the server ends the connection. */
function rawExchange(port: number, bytes: string, timeoutMs = 4_000): Promise<{ text: string; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => { socket.destroy(); resolve({ text, ended: false }); }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => { text += d; });
    socket.on('end', () => { clearTimeout(timer); socket.destroy(); resolve({ text, ended: true }); });
    socket.on('error', (e) => { clearTimeout(timer); reject(e); });
    socket.write(bytes);
  });
}

const head = (extra: string): string =>
  `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: TrentService.Encrypt\r\nContent-Type: application/x-amz-json-1.1\r\n${extra}\r\n`;

test('a declared Content-Length over the cap is answered 413 at once and the connection is closed', async () => {
  const before = h.calls.length;
  const { text, ended } = await rawExchange(h.port, head('Content-Length: 100000000\r\n'));
  assert.ok(ended, 'the server closed the connection');
  assert.match(text, /^HTTP\/1\.1 413 /);
  assert.match(text, /\r\nconnection: close\r\n/i);
  assert.match(text, /\r\nx-amzn-requestid: [0-9a-f-]{36}\r\n/i);
  assert.ok(text.endsWith(`\r\n\r\n${tooLargeBody}`), text);
  assert.equal(h.calls.length, before);
});

test('a chunked body crossing the cap gets 413 while the client is still sending, without hanging', async () => {
  const started = Date.now();
  const result = await new Promise<{ status: number; body: string; connection: string | undefined }>((resolve, reject) => {
    const req = request(h.url, { method: 'POST', headers: { 'X-Amz-Target': 'TrentService.Encrypt', 'Transfer-Encoding': 'chunked' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(16 * 1024, 'a');
    let sent = 0;
    const pump = (): void => {
      // Keeps sending well past the cap (up to 4 MiB) unless the reply arrives first.
      while (sent < 4 * 1024 * 1024) {
        sent += chunk.length;
        if (!req.write(chunk)) { req.once('drain', pump); return; }
      }
      req.end();
    };
    req.on('response', () => { sent = Infinity; });
    pump();
  });
  assert.equal(result.status, 413);
  assert.equal(result.connection, 'close');
  assert.equal(result.body, tooLargeBody);
  assert.ok(Date.now() - started < 3_000);
});

test('fetch with an oversized body gets the 413', async () => {
  const res = await fetch(h.url, { method: 'POST', headers: { 'X-Amz-Target': 'TrentService.Encrypt' }, body: Buffer.alloc(limit + 1, 'a') });
  assert.equal(res.status, 413);
  assert.equal(await res.text(), tooLargeBody);
});

test('a body of exactly the cap is accepted', async () => {
  const filler = 'x'.repeat(limit - JSON.stringify({ KeyId: 'k', Plaintext: 'aGk=', Pad: '' }).length);
  const r = await kms(h, 'TrentService.Encrypt', JSON.stringify({ KeyId: 'k', Plaintext: 'aGk=', Pad: filler }));
  assert.equal(r.status, 200, r.text);
});

test('a client that aborts mid-body neither reaches the service nor breaks the server', async () => {
  const calls = h.calls.length;
  const errors = h.logs.filter((l) => l.level === 'error').length;
  await new Promise<void>((resolve) => {
    const socket = connect(h.port, '127.0.0.1', () => {
      socket.write(head('Content-Length: 1000\r\n') + '{"KeyId":');
      setTimeout(() => { socket.destroy(); resolve(); }, 50);
    });
  });
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(h.calls.length, calls);
  assert.equal(h.logs.filter((l) => l.level === 'error').length, errors);
  const r = await kms(h, 'TrentService.Encrypt', { KeyId: 'k', Plaintext: 'aGk=' });
  assert.equal(r.status, 200);
});

test('keep-alive: consecutive requests reuse one connection', async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const send = (): Promise<boolean> => new Promise((resolve, reject) => {
    const req = request(h.url, { agent, method: 'POST', headers: { 'X-Amz-Target': 'TrentService.ListKeys' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(req.reusedSocket));
    });
    req.on('error', reject);
    req.end('{}');
  });
  assert.equal(await send(), false);
  assert.equal(await send(), true);
  agent.destroy();
});

test('the admin hook answers its own routes before the API', async () => {
  const res = await fetch(new URL('/healthz', h.url));
  assert.equal(res.status, 200);
  assert.equal(await res.text(), 'ok');
});

test('timeouts are set on the server', () => {
  assert.equal(h.server.headersTimeout, 15_000);
  assert.equal(h.server.requestTimeout, 30_000);
  assert.equal(h.server.keepAliveTimeout, 5_000);
});

test('graceful shutdown lets an in-flight request finish, with Connection: close', async () => {
  const g = await startHarness();
  let release!: () => void;
  g.on('ListKeys', () => new Promise((resolve) => { release = () => resolve({ Keys: [], Truncated: false }); }));
  const reply = kms(g, 'TrentService.ListKeys', {});
  while (g.calls.length === 0) await new Promise((r) => setTimeout(r, 5));
  let closed = false;
  const closing = closeGracefully(g.server, 5_000).then(() => { closed = true; });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(closed, false, 'waits for the in-flight request');
  await assert.rejects(fetch(g.url, { method: 'POST', body: '{}' }), 'no new connections are accepted');
  release();
  const r = await reply;
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('connection'), 'close');
  assert.deepEqual(r.json, { Keys: [], Truncated: false });
  await closing;
  assert.equal(closed, true);
});

test('graceful shutdown force-closes a request still running after the timeout', async () => {
  const g = await startHarness();
  g.on('ListKeys', () => new Promise(() => {}));
  const reply = kms(g, 'TrentService.ListKeys', {});
  while (g.calls.length === 0) await new Promise((r) => setTimeout(r, 5));
  const started = Date.now();
  await closeGracefully(g.server, 200);
  assert.ok(Date.now() - started >= 150);
  await assert.rejects(reply);
});
