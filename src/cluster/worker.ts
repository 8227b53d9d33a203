/**
 * One worker process of `trent serve --workers N` (docs/workers.md): a whole Trent server
 * (app.ts `startTrent`) on the socket the primary shares, over the one database. It reports
 * readiness or its start-up failure to the primary, and drains then exits 0 when told to shut down,
 * on SIGINT/SIGTERM (Ctrl-C reaches every process of the group), or when the primary is gone.
 *
 * Must never: print the start-up line (the primary does, once all workers listen), or keep
 * serving after the primary died (nobody would replace it or stop it).
 */
import cluster from 'node:cluster';
import type { RunningTrent, WorkerIdentity } from '../app.js';
import type { Logger } from '../platform/logger.js';
import { isPrimaryMessage, workerCountEnv, type FailedMessage, type ReadyMessage } from './messages.js';

/** How long a worker that got SIGINT/SIGTERM waits for its primary's shutdown before it drains alone. */
const signalGraceMs = 2_000;

/** This process's identity when it is a cluster worker, else undefined. */
export function clusterWorkerIdentity(): WorkerIdentity | undefined {
  if (!cluster.isWorker || cluster.worker === undefined) return undefined;
  const count = Number(process.env[workerCountEnv]);
  return { id: cluster.worker.id, count: Number.isSafeInteger(count) && count > 0 ? count : 1 };
}

/** Tells the primary this worker cannot start, then exits 1 (once the message is sent). */
export function reportStartFailure(message: string): void {
  const failed: FailedMessage = { type: 'trent:failed', message };
  // If the channel is already gone the callback may never run: exit anyway, soon.
  setTimeout(() => process.exit(1), 1_000);
  process.send?.(failed, undefined, {}, () => process.exit(1));
}

/**
 * Reports `running` ready and wires every way a worker is asked to stop to one graceful drain;
 * `reloadTls` runs when the primary relays a SIGHUP.
 */
export function serveAsWorker(running: RunningTrent, logger: Logger, reloadTls: () => void): void {
  let stopping = false;
  const stop = (why: string): void => {
    if (stopping) return;
    stopping = true;
    logger.log('info', 'worker shutting down', { why });
    running.close().then(() => process.exit(0), (error: unknown) => {
      logger.log('error', 'shutdown failed', { error: String(error) });
      process.exit(1);
    });
  };
  process.on('message', (message: unknown) => {
    if (!isPrimaryMessage(message)) return;
    if (message.type === 'trent:shutdown') stop('shutdown');
    else reloadTls();
  });
  // SIGHUP reaches the primary; a worker that gets one directly (a terminal hang-up reaches the
  // whole group) reloads too rather than dying of it.
  process.on('SIGHUP', reloadTls);
  // Ctrl-C (and systemd's stop, which signals the whole group) reaches the primary too, and the
  // primary must be the one to start the drain: it takes the workers out of the round-robin before
  // they close their servers (primary.ts). A worker that closed on its own signal at the same
  // moment would re-open the race the primary avoids. So a signalled worker waits for the
  // primary's shutdown, and drains by itself only if none comes (a signal sent to it alone).
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!process.connected) { stop(signal); return; }
    setTimeout(() => stop(signal), signalGraceMs).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // node:cluster makes a worker exit at once when its channel to the primary closes unexpectedly
  // (the primary died), dropping the requests in flight. Marking the exit as expected turns that
  // off (https://nodejs.org/api/cluster.html#workerexitedafterdisconnect), so the handler below
  // drains first, as it does after the primary's own disconnect() at shutdown.
  if (cluster.worker !== undefined) cluster.worker.exitedAfterDisconnect = true;
  process.on('disconnect', () => stop('primary gone'));
  const ready: ReadyMessage = { type: 'trent:ready', url: running.url };
  process.send?.(ready);
}
