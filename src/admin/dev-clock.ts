/**
 * `/_trent/dev/clock` (dev mode only; app.ts installs it only then, so elsewhere the path does not
 * exist): the way to test rotation, deletion and expiry without waiting (issue 14 item 7).
 *
 *   GET  /_trent/dev/clock                          → 200 {"now": "<ISO-8601>"}
 *   POST /_trent/dev/clock  {"advanceSeconds": N}   → moves the shared clock forward N seconds
 *        (N a whole number, 0 ≤ N ≤ 100 years), runs every job that became due, then
 *        200 {"now": "<ISO-8601>", "jobsRun": <count this process ran>}
 *
 * The offset lives in the database (src/jobs/shared-clock.ts), so every Trent process on the data
 * folder moves with it. Errors are 400/405 with {"message": "…"}; nothing is moved on an error.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MovableClock } from '../jobs/shared-clock.js';

export const devClockPath = '/_trent/dev/clock';
const maxAdvanceSeconds = 100 * 366 * 86_400;
const maxBodyBytes = 1024;

export interface DevClockDeps {
  readonly clock: MovableClock;
  /** Runs the jobs due now; resolves with how many ran. */
  readonly runDueJobs: () => Promise<number>;
}

function send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store', ...extra });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > maxBodyBytes ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Parses `{"advanceSeconds": N}`; a message for anything else. */
export function parseAdvance(text: string): number | string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'the body must be JSON: {"advanceSeconds": N}';
  }
  const seconds = (body as { advanceSeconds?: unknown } | null)?.advanceSeconds;
  if (typeof seconds !== 'number' || !Number.isSafeInteger(seconds) || seconds < 0 || seconds > maxAdvanceSeconds) {
    return `advanceSeconds must be a whole number from 0 to ${maxAdvanceSeconds}`;
  }
  return seconds;
}

/** The handler; returns false for any other path so the API gets the request. */
export function devClockHandler(deps: DevClockDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if ((req.url ?? '').split('?')[0] !== devClockPath) return false;
    void handle(deps, req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { message: `clock request failed: ${(error as Error).message}` });
      else res.destroy();
    });
    return true;
  };
}

async function handle(deps: DevClockDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === 'GET') {
    req.resume();
    await deps.clock.refresh();
    send(res, 200, { now: new Date(deps.clock.nowMs()).toISOString() });
    return;
  }
  if (req.method !== 'POST') {
    req.resume();
    send(res, 405, { message: 'use GET or POST' }, { Allow: 'GET, POST' });
    return;
  }
  const text = await readBody(req);
  if (text === undefined) {
    send(res, 400, { message: `the body must be at most ${maxBodyBytes} bytes` });
    return;
  }
  const seconds = parseAdvance(text);
  if (typeof seconds === 'string') {
    send(res, 400, { message: seconds });
    return;
  }
  const nowMs = await deps.clock.advance(seconds * 1000);
  const jobsRun = await deps.runDueJobs();
  send(res, 200, { now: new Date(nowMs).toISOString(), jobsRun });
}
