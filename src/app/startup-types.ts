/**
 * What starting Trent takes and gives back: the StartupError the CLI prints as one line, the
 * options of startTrent and prepareTrent, and the handle of a running server. A leaf module, so
 * app.ts and the start-up steps beside this file share it without an import cycle; app.ts
 * re-exports all of it, and importers keep importing from app.ts.
 */
import type { ServiceEvent } from '../jobs/scheduler.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { Counters } from '../platform/metrics.js';
import type { Random } from '../platform/random.js';
import type { KmsServer } from '../protocol/server.js';
import type { AuditRecorder } from '../service/audit-recorder.js';

/** A start-up problem the CLI prints as one line (no stack trace). */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

export interface RunningTrent {
  readonly server: KmsServer;
  readonly url: string;
  readonly port: number;
  /** Path of the admin credentials file while it exists (secure mode only; written on first start). */
  readonly adminCredentialsFile?: string;
  /** Set when an older version left credentials inside the data folder: the operator must move them. */
  readonly legacyCredentialsFile?: string;
  /** Re-reads the TLS certificate, key and client CA files (SIGHUP); StartupError if they are unusable. */
  reloadTls(): void;
  /** Stops accepting, finishes in-flight requests, closes the database. */
  close(): Promise<void>;
  /** In-process counters (pending-deletion alarms, audit write failures) for a later /metrics. */
  readonly counters: Counters;
  /**
   * Where the lifecycle scheduler records what Trent does on its own (RotateKey, DeleteKey,
   * DeleteExpiredKeyMaterial as AwsServiceEvent records); undefined with `audit: 'off'`.
   */
  readonly serviceEvents?: Pick<AuditRecorder, 'recordServiceEvent'>;
}

/** Which of the server's worker processes this one is (cluster/primary.ts forks them). */
export interface WorkerIdentity {
  /** 1, 2, … as node:cluster numbers workers; a replacement gets the next unused number. */
  readonly id: number;
  /** How many workers the server runs. */
  readonly count: number;
}

export interface StartOptions {
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly random?: Random;
  /** Receives every job the scheduler applied (audit issue: KMS service events). */
  readonly onServiceEvent?: (event: ServiceEvent) => void;
  /** How often the scheduler looks for due jobs (default 10 s; the dev clock runs them at once). */
  readonly schedulerIntervalMs?: number;
  /** Where `--print-admin-credentials` prints (default: process.stdout). */
  readonly stdout?: (text: string) => void;
  /** Default: worker 1 of 1 (a single process). */
  readonly worker?: WorkerIdentity;
}

/** What preparing a data folder found or made (see `prepareTrent`). */
export interface PreparedData {
  /** Path of the admin credentials file while it exists (secure mode only; written on first start). */
  readonly adminCredentialsFile?: string;
  /** Set when an older version left credentials inside the data folder. */
  readonly legacyCredentialsFile?: string;
}
