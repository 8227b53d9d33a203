/**
 * The IPC messages between the primary of `trent serve --workers N` and its workers
 * (docs/workers.md). Nothing else crosses the channel: no key, no request, no secret.
 */

/** Worker → primary: this worker listens (`url` has the port actually bound). */
export interface ReadyMessage {
  readonly type: 'trent:ready';
  readonly url: string;
}

/** Worker → primary: this worker could not start; `message` is the one line the CLI prints. */
export interface FailedMessage {
  readonly type: 'trent:failed';
  readonly message: string;
}

/** Primary → worker: finish in-flight requests, then exit 0. */
export interface ShutdownMessage {
  readonly type: 'trent:shutdown';
}

/** Primary → worker: the primary got SIGHUP; re-read the TLS certificate and key. */
export interface ReloadTlsMessage {
  readonly type: 'trent:reload-tls';
}

export type WorkerMessage = ReadyMessage | FailedMessage;
export type PrimaryMessage = ShutdownMessage | ReloadTlsMessage;

/** The environment variable through which the primary tells each worker how many workers run. */
export const workerCountEnv = 'TRENT_CLUSTER_WORKERS';

/** Narrows what arrives on the channel to a message of ours (anything else is ignored). */
export function isWorkerMessage(value: unknown): value is WorkerMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { type } = value as { type?: unknown };
  if (type === 'trent:ready') return typeof (value as { url?: unknown }).url === 'string';
  if (type === 'trent:failed') return typeof (value as { message?: unknown }).message === 'string';
  return false;
}

export function isPrimaryMessage(value: unknown): value is PrimaryMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { type } = value as { type?: unknown };
  return type === 'trent:shutdown' || type === 'trent:reload-tls';
}
