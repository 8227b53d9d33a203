/**
 * Test harness for the protocol layer: a KMS server on 127.0.0.1:0 with a fake KmsService (records
 * inputs, answers per operation) and a fake authenticator. Used by protocol-*.test.ts only.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { MissingAuthenticationTokenException } from '../../src/api/errors.js';
import type { OperationName } from '../../src/api/generated/operations.js';
import type { Logger, LogLevel } from '../../src/platform/logger.js';
import { twoPhaseAuthenticator } from '../../src/protocol/authenticator.js';
import { closeGracefully, createKmsServer, type KmsServerOptions } from '../../src/protocol/server.js';
import type { Caller } from '../../src/service/caller.js';
import type { KmsService, RequestInfo } from '../../src/service/kms-service.js';

export const caller: Caller = {
  accountId: '111122223333', region: 'us-east-1', accessKeyId: 'AKIDEXAMPLE', principalArn: 'arn:aws:iam::111122223333:root',
};

/** Allows every request, except those carrying `x-test-auth: deny`. */
export const fakeAuthenticator = twoPhaseAuthenticator(async (head) => {
  for (let i = 0; i < head.rawHeaders.length; i += 2) {
    if (head.rawHeaders[i]!.toLowerCase() === 'x-test-auth' && head.rawHeaders[i + 1] === 'deny') {
      throw new MissingAuthenticationTokenException('Missing Authentication Token');
    }
  }
  return () => caller;
});

export interface Call { readonly name: OperationName; readonly input: Record<string, unknown>; readonly info: RequestInfo }
export type Behaviour = (input: Record<string, unknown>) => unknown;

export interface Harness {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  readonly calls: Call[];
  readonly logs: { level: LogLevel; msg: string; fields: Record<string, unknown> }[];
  /** Sets what the fake service does for an operation (default: `{}`). */
  on(name: OperationName, behaviour: Behaviour): void;
  close(): Promise<void>;
}

let seq = 0;

export async function startHarness(overrides: Partial<KmsServerOptions> = {}): Promise<Harness> {
  const calls: Call[] = [];
  const logs: Harness['logs'] = [];
  const behaviours = new Map<OperationName, Behaviour>();
  const service: KmsService = {
    async execute(name, input, info) {
      const record = input as unknown as Record<string, unknown>;
      calls.push({ name, input: record, info });
      const b = behaviours.get(name);
      return (b === undefined ? {} : await b(record)) as never;
    },
  };
  const logger: Logger = { log: (level, msg, fields = {}) => { logs.push({ level, msg, fields }); } };
  const server = createKmsServer({
    service, authenticate: fakeAuthenticator, logger, maxBodyBytes: 64 * 1024,
    random: { uuid: () => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}` },
    ...overrides,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`, port, server, calls, logs,
    on: (name, behaviour) => { behaviours.set(name, behaviour); },
    close: () => closeGracefully(server, 1_000),
  };
}

export interface Reply { readonly status: number; readonly headers: Headers; readonly text: string; readonly json: Record<string, unknown> }

/** POSTs a KMS request with `fetch`. `body` is sent as is when a string. */
export async function kms(h: Harness, target: string | undefined, body: unknown, extra: Record<string, string> = {}): Promise<Reply> {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-amz-json-1.1', ...extra };
  if (target !== undefined) headers['X-Amz-Target'] = target;
  const res = await fetch(h.url, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text === '' ? {} : JSON.parse(text) as Record<string, unknown> };
}
