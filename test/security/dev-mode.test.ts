/**
 * Issue 13 item 5: dev mode cannot expose a production data folder, and the dev server answers only
 * loopback Host values (DNS rebinding). Real servers in this process on real SQLite folders.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { startTrent, StartupError } from '../../src/app.js';
import { defaults, type ServeConfig } from '../../src/config/serve-config.js';
import { silentLogger } from '../../src/platform/logger.js';
import { startTestServer } from '../helpers/server.js';

const scratch = mkdtempSync(join(tmpdir(), 'trent-devmode-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let folders = 0;

function config(dataDir: string, overrides: Partial<ServeConfig>): ServeConfig {
  return {
    dev: false, host: '127.0.0.1', port: 0, dataDir, region: defaults.region, accountId: defaults.accountId,
    maxClockSkewMs: defaults.maxClockSkewMs, maxBodyBytes: defaults.maxBodyBytes, logLevel: 'error', ...overrides,
  };
}

const rootKey = 'd'.repeat(64);

test('dev mode on a data folder initialised in secure mode does not start, and writes no root key into it', async () => {
  const dataDir = join(scratch, `f${++folders}`);
  const secure = await startTrent(config(dataDir, { rootKey }), { logger: silentLogger });
  await secure.close();
  // With the production root key at hand too: the folder itself says no.
  for (const extra of [{}, { rootKey }]) {
    await assert.rejects(startTrent(config(dataDir, { dev: true, ...extra }), { logger: silentLogger }), (error: unknown) => {
      assert.ok(error instanceof StartupError);
      assert.equal(error.message, `the data folder ${dataDir} was initialised in secure mode: dev mode accepts any credentials and will not serve it; start without --dev, or give --dev a folder of its own`);
      return true;
    });
  }
  assert.equal(existsSync(join(dataDir, 'root.key')), false);
  const again = await startTrent(config(dataDir, { rootKey }), { logger: silentLogger });
  await again.close();
});

test('secure mode on a data folder initialised in dev mode does not start, even with the dev root key', async () => {
  const dataDir = join(scratch, `f${++folders}`);
  const dev = await startTrent(config(dataDir, { dev: true }), { logger: silentLogger });
  await dev.close();
  await assert.rejects(startTrent(config(dataDir, { rootKeyFile: join(dataDir, 'root.key') }), { logger: silentLogger }), (error: unknown) => {
    assert.ok(error instanceof StartupError);
    assert.equal(error.message, `the data folder ${dataDir} was initialised in dev mode (any credentials were accepted, and its root key lies inside it): secure mode will not serve it; start secure mode on a new data folder`);
    return true;
  });
  assert.equal(existsSync(`${dataDir}.admin-credentials`), false, 'no admin key was minted for the dev folder');
});

/** A raw HTTP request with a chosen Host header (fetch would not let the test set it). */
function withHost(url: string, host: string, path: string, body?: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(url + path, {
      method: body === undefined ? 'GET' : 'POST', setHost: false,
      headers: { host, ...(body !== undefined ? { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' } : {}) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c) => { text += c; }).on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('the dev server refuses a request whose Host is not loopback (DNS rebinding) and serves loopback ones', async () => {
  const server = await startTestServer({ dev: true });
  try {
    await server.client().send(new CreateKeyCommand({}));
    for (const host of ['attacker.example', 'attacker.example:7733', '127.0.0.1.attacker.example', '10.0.0.1', '[::2]:80']) {
      for (const path of ['/', '/healthz']) {
        const reply = await withHost(server.endpoint, host, path, path === '/' ? '{}' : undefined);
        assert.deepEqual(reply, {
          status: 400,
          body: {
            __type: 'AccessDeniedException',
            message: `Trent in dev mode answers only requests addressed to a loopback host (localhost, 127.0.0.0/8 or [::1]); this request's Host header is '${host}'.`,
          },
        }, host);
      }
    }
    for (const host of ['localhost', 'LOCALHOST:7733', '127.0.0.1', '127.8.9.10:1', '[::1]:7733']) {
      assert.equal((await withHost(server.endpoint, host, '/healthz')).status, 200, host);
    }
    // The SDK addresses 127.0.0.1:<port>, so real dev clients keep working.
    assert.equal((await server.client().send(new ListKeysCommand({}))).Keys!.length, 1);
  } finally {
    await server.close();
  }
});

test('a secure server answers any Host (clients reach it by its real name)', async () => {
  const server = await startTestServer({ dev: false, rootKey });
  try {
    assert.equal((await withHost(server.endpoint, 'kms.internal.example', '/healthz')).status, 200);
  } finally {
    await server.close();
  }
});

test('outside dev mode, plain HTTP on a non-loopback address is refused unless --allow-plain-http', async () => {
  const dataDir = join(scratch, `f${++folders}`);
  await assert.rejects(startTrent(config(dataDir, { rootKey, host: '0.0.0.0' }), { logger: silentLogger }), (error: unknown) => {
    assert.ok(error instanceof StartupError);
    assert.equal(error.message, 'refusing to serve plain HTTP on 0.0.0.0, which is not a loopback address: pass --tls-cert-file and --tls-key-file, or --allow-plain-http behind a TLS-terminating proxy');
    return true;
  });
  assert.equal(existsSync(join(dataDir, 'trent.db')), false, 'refused before touching the folder');
  // Listening on 0.0.0.0 is allowed with the flag (the test only talks to it over loopback).
  const allowed = await startTrent(config(dataDir, { rootKey, host: '0.0.0.0', allowPlainHttp: true }), { logger: silentLogger });
  try {
    const response = await fetch(`http://127.0.0.1:${allowed.port}/healthz`);
    assert.equal(response.status, 200);
  } finally {
    await allowed.close();
    rmSync(`${dataDir}.admin-credentials`, { force: true });
  }
});
