/**
 * Issue 13 item 1: `kill -HUP` makes `trent serve` re-read its certificate and key. New connections
 * get the new certificate; a keep-alive connection opened before keeps working on the old one (no
 * connection is dropped); a broken pair is refused and the previous certificate kept. The server
 * runs two worker processes, so the primary's relay of the signal to each worker is covered too.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type TLSSocket } from 'node:tls';
import { spawnServer, type SpawnedServer } from '../helpers/spawn-server.js';
import { makeTestPki, type Pem, type TestPki } from '../helpers/tls-certs.js';

let pki: TestPki;
let first: Pem;
let second: Pem;
let certFile: string;
let keyFile: string;
let server: SpawnedServer;

before(async () => {
  pki = makeTestPki();
  first = pki.serverCert('first');
  second = pki.serverCert('second');
  certFile = join(pki.dir, 'live.pem');
  keyFile = join(pki.dir, 'live-key.pem');
  copyFileSync(first.certFile, certFile);
  copyFileSync(first.keyFile, keyFile);
  server = await spawnServer({ args: ['--tls-cert-file', certFile, '--tls-key-file', keyFile, '--workers', '2'], tls: { ca: pki.ca.cert } });
});
after(async () => {
  await server?.close();
  pki?.cleanup();
});

/** A TLS connection trusting the test CA. */
function open(): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: server.port, ca: pki.ca.cert, servername: 'localhost' }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** One keep-alive `GET /healthz` on `socket`; resolves with the status line. */
function healthz(socket: TLSSocket): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    const onData = (chunk: Buffer): void => {
      data += chunk.toString('latin1');
      const end = data.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(data);
      if (end >= 0 && length && data.length >= end + 4 + Number(length[1])) {
        socket.off('data', onData);
        socket.off('error', reject);
        resolve(data.slice(0, data.indexOf('\r\n')));
      }
    };
    socket.on('data', onData);
    socket.on('error', reject);
    socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n');
  });
}

const subject = (socket: TLSSocket): string => socket.getPeerCertificate().subject.CN as string;

/**
 * Opens connections until 8 in a row present `cn` (the reload is asynchronous to the signal, and
 * the workers take turns accepting); bounded. `kept` is used on every round so that it never sits
 * idle past the keep-alive timeout.
 */
async function waitForCertificate(cn: string, kept: TLSSocket): Promise<void> {
  let inARow = 0;
  for (let attempt = 0; attempt < 200; attempt++) {
    assert.equal(await healthz(kept), 'HTTP/1.1 200 OK');
    const socket = await open();
    const seen = subject(socket);
    socket.destroy();
    inARow = seen === cn ? inARow + 1 : 0;
    if (inARow === 8) return;
    if (inARow === 0) await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`no new connection presented ${cn}`);
}

test('SIGHUP swaps the certificate for new connections without dropping an open keep-alive connection', async () => {
  const kept = await open();
  assert.equal(subject(kept), 'first');
  assert.equal(await healthz(kept), 'HTTP/1.1 200 OK');

  copyFileSync(second.certFile, certFile);
  copyFileSync(second.keyFile, keyFile);
  server.kill('SIGHUP');
  await waitForCertificate('second', kept);

  // The connection opened before the reload is still open and still served, on its old certificate.
  assert.equal(kept.destroyed, false);
  assert.equal(await healthz(kept), 'HTTP/1.1 200 OK');
  assert.equal(subject(kept), 'first');
  kept.destroy();
  assert.equal(server.child.exitCode, null, 'the server exited on SIGHUP');
});

test('a SIGHUP with a key that does not match the certificate keeps the previous certificate and says so', async () => {
  writeFileSync(keyFile, first.key); // the second certificate with the first key: not a pair
  const logged = server.stderr().length;
  server.kill('SIGHUP');
  for (let i = 0; i < 100 && !server.stderr().slice(logged).includes('TLS reload failed'); i++) await new Promise((r) => setTimeout(r, 50));
  const log = server.stderr().slice(logged);
  assert.match(log, /TLS reload failed; keeping the previous certificate/);
  assert.doesNotMatch(log, /BEGIN|PRIVATE KEY/, 'key material in the log');
  for (let i = 0; i < 8; i++) {
    const socket = await open();
    assert.equal(subject(socket), 'second');
    assert.equal(await healthz(socket), 'HTTP/1.1 200 OK');
    socket.destroy();
  }
});
