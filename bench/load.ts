/**
 * One measurement: autocannon in this process replays one signed request on `connections`
 * keep-alive connections for `seconds`, pipelining 1, and reports req/s and latency percentiles.
 */
import { createRequire } from 'node:module';

/** The part of autocannon's result the bench reads (autocannon ships no types). */
interface CannonResult {
  readonly requests: { readonly average: number; readonly total: number };
  readonly latency: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly '2xx': number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}
type Cannon = (options: Record<string, unknown>) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

export interface Measurement {
  readonly reqPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Non-2xx replies, connection errors and timeouts: any is a failed measurement. */
  readonly failures: number;
  /**
   * Cores the load generator (this process) used meanwhile: on a 2-core machine, what it takes is
   * what the server under test cannot have (why 2 workers cannot double 1 worker's figure here).
   */
  readonly generatorCores: number;
}

export async function measure(url: string, request: { headers: Record<string, string>; body: string }, connections: number, seconds: number): Promise<Measurement> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await autocannon({
    url, method: 'POST', headers: request.headers, body: request.body, connections, pipelining: 1, duration: seconds,
  });
  return {
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    failures: result.non2xx + result.errors + result.timeouts,
    generatorCores: cpuCores(process.cpuUsage(cpuBefore), performance.now() - started),
  };
}

/** CPU time (user + system, µs) over a wall-clock span (ms), as cores. */
function cpuCores(used: NodeJS.CpuUsage, wallMs: number): number {
  return (used.user + used.system) / 1000 / wallMs;
}
