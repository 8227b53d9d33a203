/**
 * The primary process of `trent serve --workers N` (docs/workers.md). It does the first-start work
 * once (data folder, migrations, root-key check, admin key: app.ts `prepareTrent`), forks N workers
 * with node:cluster, which share the listening socket (the primary accepts and hands connections
 * round-robin, so no worker starves: https://nodejs.org/api/cluster.html#how-it-works), and then
 * only supervises: a worker that dies is replaced, SIGINT/SIGTERM drains every worker and exits 0,
 * SIGHUP is relayed to every worker (TLS certificate reload).
 *
 * Owns: worker lifetimes and the start-up line's timing. Must never: serve a request, open the
 * database after start-up, or hold state a worker relies on (workers share only the database).
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../platform/logger.js';
import { isWorkerMessage, workerCountEnv, type ReloadTlsMessage, type ShutdownMessage } from './messages.js';

export interface PrimaryOptions {
  readonly workers: number;
  readonly logger: Logger;
  /** Called once, when every first-generation worker listens; `url` is where. */
  readonly announce: (url: string) => void;
  /** A worker could not start (port taken…): print the one line and exit non-zero. */
  readonly fail: (message: string) => never;
}

/** After this long, workers still draining are killed (each one force-closes after 10 s itself). */
const shutdownGraceMs = 15_000;
/** More exits than twice the worker count within this window is a crash loop: slow down. */
const crashWindowMs = 10_000;
const crashBackoffMs = 1_000;

/**
 * Forks the workers and supervises them until SIGINT/SIGTERM; then drains them all and exits 0.
 * Resolves once the workers listen (the process then lives on in the event handlers).
 */
export function runPrimary(options: PrimaryOptions): Promise<void> {
  const { workers: count, logger } = options;
  let stopping = false;
  let started = false;
  const exits: number[] = [];

  // Our own list of live worker processes. node:cluster's `cluster.workers` is not enough: a worker
  // leaves it at `disconnect()` (below, long before it exits), and when a worker's 'exit' is seen
  // before its 'disconnect', it is still listed in the 'exit' event of the last worker.
  const alive = new Set<Worker>();
  const fork = (): Worker => {
    const worker = cluster.fork({ [workerCountEnv]: String(count) });
    alive.add(worker);
    return worker;
  };

  return new Promise<void>((resolveStarted) => {
    let ready = 0;
    cluster.on('message', (worker, message: unknown) => {
      if (!isWorkerMessage(message)) return;
      if (message.type === 'trent:failed') {
        if (!started) {
          stopping = true;
          for (const other of alive) other.process.kill('SIGKILL');
          options.fail(message.message);
        }
        logger.log('error', 'a replacement worker could not start', { worker: worker.id, error: message.message });
        return;
      }
      logger.log('info', 'worker ready', { worker: worker.id, pid: worker.process.pid });
      if (!started && ++ready === count) {
        started = true;
        options.announce(message.url);
        resolveStarted();
      }
    });

    cluster.on('exit', (worker, code, signal) => {
      alive.delete(worker);
      if (stopping) {
        logger.log(code === 0 ? 'info' : 'error', 'worker stopped', { worker: worker.id, pid: worker.process.pid, code, signal });
        if (alive.size === 0) process.exit(0);
        return;
      }
      if (!started) {
        stopping = true;
        for (const other of alive) other.process.kill('SIGKILL');
        options.fail(`worker ${worker.id} exited before it was ready (${signal ?? `exit code ${code}`})`);
      }
      // Its connections were reset with it: clients see a failed request, never a wrong answer.
      logger.log('warn', 'worker exited; starting a replacement', { worker: worker.id, pid: worker.process.pid, code, signal });
      const now = Date.now();
      exits.push(now);
      while (exits.length > 0 && exits[0]! < now - crashWindowMs) exits.shift();
      if (exits.length > 2 * count) setTimeout(() => { if (!stopping) fork(); }, crashBackoffMs);
      else fork();
    });

    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      logger.log('info', 'shutting down', { signal });
      const shutdown: ShutdownMessage = { type: 'trent:shutdown' };
      if (alive.size === 0) process.exit(0);
      for (const worker of alive) {
        // A worker that is already gone (its IPC channel closed) cannot be told; it exits anyway.
        if (!worker.isConnected()) continue;
        worker.send(shutdown);
        // Take the worker out of node:cluster's round-robin here, in the primary, before the worker
        // closes its server. If the workers closed first, a connection the primary was handing to one
        // of them at that moment is refused by it and queued for another; once every worker has
        // closed, nobody takes it and the primary holds it, open and unanswered, until it exits
        // (nodejs/node#21746): a client connecting during the drain hung for the whole drain.
        // `disconnect()` removes the worker from the round-robin at once (the listening socket
        // closes with the last one, so new connections are refused by the kernel), and every
        // connection already sent reaches the worker before the messages above, so it is served.
        // The worker then closes its server, drains, and exits (worker.ts).
        worker.disconnect();
      }
      setTimeout(() => {
        logger.log('error', 'workers did not finish in time; killing them', { graceMs: shutdownGraceMs });
        for (const worker of alive) worker.process.kill('SIGKILL');
        process.exit(1);
      }, shutdownGraceMs).unref();
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
    // SIGHUP: every worker re-reads the TLS certificate and key (each holds its own TLS context).
    process.on('SIGHUP', () => {
      const reload: ReloadTlsMessage = { type: 'trent:reload-tls' };
      for (const worker of alive) if (worker.isConnected()) worker.send(reload);
    });

    for (let i = 0; i < count; i++) fork();
  });
}
