/**
 * The non-AWS endpoints served beside the API: `GET /healthz` answers 200 with a small JSON status
 * once the server is ready (issue 3 item 2). Liveness only; readiness and metrics come with the
 * operations issue.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface HealthInfo {
  readonly version: string;
  readonly mode: 'dev' | 'secure';
  readonly region: string;
  /** How many worker processes serve the port, and which one answers (cluster/primary.ts). */
  readonly workers: number;
  readonly worker: number;
}

/** Returns a handler that serves /healthz and reports whether it handled the request. */
export function adminHandler(info: HealthInfo): (req: IncomingMessage, res: ServerResponse) => boolean {
  const body = JSON.stringify({ status: 'ok', ...info });
  return (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/healthz' || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    res.writeHead(200, {
      'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', 'x-trent-worker': String(info.worker),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
