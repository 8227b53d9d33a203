/**
 * Talking to chosen worker processes of a `trent serve --workers N` child: node:cluster hands each
 * new connection to the next worker, so a keep-alive connection stays with the worker that
 * accepted it. `connectionsToWorkers` opens connections until it holds one to each wanted worker;
 * every reply carries the `x-trent-worker` header, and `send` asserts it is still that worker.
 */
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import type { SpawnedServer } from './spawn-server.js';
import { signKmsRequest } from './sign.js';

/** One keep-alive connection held open to one worker. */
export interface WorkerConnection {
  readonly worker: number;
  /** A signed AWS JSON request over this connection; the reply must come from `worker`. */
  send(target: string, body: unknown): Promise<{ status: number; body: any }>;
  close(): void;
}

interface Reply { status: number; worker: number; text: string }

function post(endpoint: string, agent: Agent, path: string, headers: Record<string, string>, body: string | undefined): Promise<Reply> {
  const url = new URL(path, endpoint);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: body === undefined ? 'GET' : 'POST', agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => { text += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, worker: Number(res.headers['x-trent-worker']), text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function connection(endpoint: string, agent: Agent, worker: number): WorkerConnection {
  return {
    worker,
    async send(target, body) {
      const payload = JSON.stringify(body);
      const headers = await signKmsRequest(endpoint, target, payload, { region: 'us-east-1', accessKeyId: '111122223333', secretAccessKey: 'dev' });
      delete headers['host'];
      const reply = await post(endpoint, agent, '/', headers, payload);
      assert.equal(reply.worker, worker, `${target} was answered by worker ${reply.worker}, not ${worker}`);
      return { status: reply.status, body: reply.text === '' ? undefined : JSON.parse(reply.text) };
    },
    close: () => agent.destroy(),
  };
}

/**
 * Opens connections (at most 50) until it holds one to each of `workers`; closes the others.
 * Returns them in the order asked.
 */
export async function connectionsToWorkers(endpoint: string, workers: readonly number[]): Promise<WorkerConnection[]> {
  const found = new Map<number, WorkerConnection>();
  for (let i = 0; i < 50 && found.size < workers.length; i++) {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const { worker } = await post(endpoint, agent, '/healthz', {}, undefined);
    if (workers.includes(worker) && !found.has(worker)) found.set(worker, connection(endpoint, agent, worker));
    else agent.destroy();
  }
  assert.equal(found.size, workers.length, `reached workers ${[...found.keys()].join(', ')} only, wanted ${workers.join(', ')}`);
  return workers.map((w) => found.get(w)!);
}

/** Worker id → pid, from the primary's "worker ready" log lines so far. */
export function readyWorkers(server: Pick<SpawnedServer, 'stderr'>): Map<number, number> {
  const workers = new Map<number, number>();
  for (const line of server.stderr().split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { msg?: string; worker?: number; pid?: number };
    if (entry.msg === 'worker ready' && entry.worker !== undefined && entry.pid !== undefined) workers.set(entry.worker, entry.pid);
  }
  return workers;
}

/** Waits (≤ `ms`) until the primary has logged worker `id` ready; returns its pid. */
export async function untilWorkerReady(server: Pick<SpawnedServer, 'stderr'>, id: number, ms = 30_000): Promise<number> {
  const deadline = Date.now() + ms;
  for (;;) {
    const pid = readyWorkers(server).get(id);
    if (pid !== undefined) return pid;
    if (Date.now() > deadline) throw new Error(`worker ${id} was not ready within ${ms} ms:\n${server.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
