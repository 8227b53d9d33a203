/**
 * Starts a real Trent server in this process on a free port, backed by SQLite in a fresh temp
 * folder, and hands out real AWS SDK v3 clients and a signed raw-request helper for it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { startTrent, type RunningTrent } from '../../src/app.js';
import { defaults, type ServeConfig } from '../../src/config/serve-config.js';
import { silentLogger, type Logger } from '../../src/platform/logger.js';
import type { Clock } from '../../src/platform/clock.js';
import type { Random } from '../../src/platform/random.js';
import { signKmsRequest } from './sign.js';

export interface RawResponse {
  readonly status: number;
  /** The parsed JSON body, or the text when it is not JSON, or undefined when empty. */
  readonly body: any;
  readonly text: string;
  readonly headers: Headers;
}

export interface RawOptions {
  readonly region?: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  /** Extra or replacement headers, applied after signing. */
  readonly headers?: Record<string, string>;
  /** false: send without any Authorization header. */
  readonly sign?: boolean;
  readonly signingDate?: Date;
}

export interface TestServer {
  readonly endpoint: string;
  readonly region: string;
  readonly accountId: string;
  readonly dataDir: string;
  readonly trent: RunningTrent;
  /** A real SDK client; in dev mode a 12-digit accessKeyId selects that account. */
  client(options?: { region?: string; accessKeyId?: string; secretAccessKey?: string }): KMSClient;
  /** A signed `POST /` with `body` (an object is JSON-encoded; a string is sent as is). */
  raw(target: string, body: unknown, options?: RawOptions): Promise<RawResponse>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  readonly dev?: boolean;
  readonly rootKey?: string;
  readonly clock?: Clock;
  readonly random?: Random;
  readonly logger?: Logger;
  readonly config?: Partial<ServeConfig>;
}

const testAccessKeyId = 'AKIDTRENTTESTKEY0001';
const testSecret = 'not-checked-in-dev-mode';

/** Starts a server; call `close()` in an `after` hook. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'trent-test-'));
  const config: ServeConfig = {
    dev: options.dev ?? true,
    host: '127.0.0.1',
    port: 0,
    dataDir,
    region: defaults.region,
    accountId: defaults.accountId,
    maxClockSkewMs: defaults.maxClockSkewMs,
    maxBodyBytes: defaults.maxBodyBytes,
    logLevel: 'error',
    ...(options.rootKey !== undefined ? { rootKey: options.rootKey } : {}),
    ...options.config,
  };
  const trent = await startTrent(config, { logger: options.logger ?? silentLogger, ...(options.clock ? { clock: options.clock } : {}), ...(options.random ? { random: options.random } : {}) });
  const endpoint = trent.url;
  const clients: KMSClient[] = [];
  return {
    endpoint,
    region: config.region,
    accountId: config.accountId,
    dataDir,
    trent,
    client(clientOptions = {}) {
      const client = new KMSClient({
        region: clientOptions.region ?? config.region,
        endpoint,
        credentials: { accessKeyId: clientOptions.accessKeyId ?? testAccessKeyId, secretAccessKey: clientOptions.secretAccessKey ?? testSecret },
        maxAttempts: 1,
      });
      clients.push(client);
      return client;
    },
    async raw(target, body, rawOptions = {}) {
      const payload = typeof body === 'string' ? body : JSON.stringify(body);
      const signed = rawOptions.sign === false ? { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${target}` } : await signKmsRequest(endpoint, target, payload, {
        region: rawOptions.region ?? config.region,
        accessKeyId: rawOptions.accessKeyId ?? testAccessKeyId,
        secretAccessKey: rawOptions.secretAccessKey ?? testSecret,
        ...(rawOptions.signingDate ? { signingDate: rawOptions.signingDate } : {}),
      });
      const headers = { ...signed, ...rawOptions.headers };
      delete (headers as Record<string, string>)['host'];
      const response = await fetch(endpoint, { method: 'POST', headers, body: payload });
      const text = await response.text();
      let parsed: unknown = undefined;
      if (text !== '') {
        try { parsed = JSON.parse(text); } catch { parsed = text; }
      }
      return { status: response.status, body: parsed, text, headers: response.headers };
    },
    async close() {
      for (const client of clients) client.destroy();
      await trent.close();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(`${dataDir}.admin-credentials`, { force: true });
    },
  };
}
