/**
 * The scheduler: runs due automatic rotations, scheduled deletions and imported-material expiries
 * (issue 14 item 6). Jobs are not rows of their own: a key is due when its deletionDateMs,
 * nextRotationMs or validToMs has passed (domain/key/lifecycle.ts `dueJob`), so scheduling is just
 * writing the key, and a restart or downtime loses nothing: the next run finds every overdue key.
 *
 * Exactly once across processes (docs/scheduler.md): each job is claimed in the same transaction
 * that applies it, by the key's revision. Deletion is `deleteKey(key)` (deletes only the revision
 * read); rotation and expiry are `updateKeyAndMaterial` (compare-and-set on the revision). Of two
 * processes that read the same due key, one applies the job, the other's write matches nothing
 * and it moves on; no lease, no in-memory flag. Idempotent: a key whose job was applied is no
 * longer due.
 *
 * Also deletes the STS role sessions that expired more than a day ago (EXPIRED_SESSION_RETENTION_MS):
 * one idempotent `deleteExpiredSessions(now - 1 day)`, so two processes running it at once delete
 * each row once between them and conflict in nothing; no claim is needed.
 *
 * Audit hook: every job this process applied is reported to `onServiceEvent` (audit issue), after
 * its transaction committed and only by the process whose claim won, so each event is reported once.
 */
import type { KeyRecord } from '../domain/key/key-record.js';
import { EXPIRED_SESSION_RETENTION_MS } from '../domain/sts/session-record.js';
import { dueJob, withMaterialRemoved, type DueJob } from '../domain/key/lifecycle.js';
import type { Logger } from '../platform/logger.js';
import type { Keyring } from '../service/keyring.js';
import { rotateGenerated } from '../service/rotation.js';
import { ConcurrentUpdateError, type Repository } from '../storage/repository.js';
import type { MovableClock } from './shared-clock.js';

/** A job the scheduler applied, as the audit trail records a KMS service event. */
export interface ServiceEvent {
  readonly eventName: DueJob;
  readonly keyArn: string;
  readonly keyId: string;
  readonly accountId: string;
  readonly region: string;
  /** When the job was applied (the scheduler's clock). */
  readonly timeMs: number;
  /** RotateKey: the new current material; DeleteExpiredKeyMaterial: the material deleted. */
  readonly keyMaterialId?: string;
}

export interface SchedulerDeps {
  readonly repository: Repository;
  readonly clock: MovableClock;
  readonly keyring: Keyring;
  readonly logger: Logger;
  /** Awaited; a failure is logged and does not undo the job (it has committed). */
  readonly onServiceEvent?: (event: ServiceEvent) => void | Promise<void>;
}

const pageSize = 100;

export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly deps: SchedulerDeps) {}

  /**
   * Applies every job due now and returns how many this process applied. Concurrent calls in one
   * process share one run (the dev clock and the timer may both ask).
   */
  runDue(): Promise<number> {
    if (this.running) return this.running.then(() => this.runDue());
    this.running = this.runOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Runs due jobs every `intervalMs` until stop(); the timer does not keep the process alive. */
  start(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.runDue().catch((error: unknown) => this.deps.logger.log('error', 'scheduler run failed', { error: String(error) }));
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => {});
  }

  private async runOnce(): Promise<number> {
    const { repository, clock } = this.deps;
    await clock.refresh();
    const nowMs = clock.nowMs();
    await this.pruneSessions(nowMs);
    let applied = 0;
    let after: string | undefined;
    for (;;) {
      const page = await repository.listDueKeys(nowMs, { limit: pageSize, ...(after !== undefined ? { after } : {}) });
      for (const key of page) {
        if (await this.apply(key, nowMs)) applied++;
      }
      if (page.length < pageSize) return applied;
      after = page.at(-1)!.keyId;
    }
  }

  /** Deletes sessions expired for longer than the retention; a failure is logged, the key jobs still run. */
  private async pruneSessions(nowMs: number): Promise<void> {
    try {
      const deleted = await this.deps.repository.deleteExpiredSessions(nowMs - EXPIRED_SESSION_RETENTION_MS);
      if (deleted > 0) this.deps.logger.log('info', 'expired STS sessions deleted', { deleted });
    } catch (error) {
      this.deps.logger.log('error', 'deleting expired STS sessions failed', { error: String(error) });
    }
  }

  /** Applies the key's due job; false when there is none or another process claimed it first. */
  private async apply(key: KeyRecord, nowMs: number): Promise<boolean> {
    const job = dueJob(key, nowMs);
    if (job === undefined) return false;
    try {
      const keyMaterialId = await this.run(job, key, nowMs);
      if (keyMaterialId === false) return false;
      this.deps.logger.log('info', 'scheduled job applied', { job, keyArn: key.arn });
      try {
        await this.deps.onServiceEvent?.({
          eventName: job, keyArn: key.arn, keyId: key.keyId, accountId: key.accountId, region: key.region, timeMs: nowMs,
          ...(keyMaterialId !== undefined ? { keyMaterialId } : {}),
        });
      } catch (error) {
        this.deps.logger.log('error', 'recording a service event failed', { job, keyArn: key.arn, error: String(error) });
      }
      return true;
    } catch (error) {
      if (error instanceof ConcurrentUpdateError) return false;
      this.deps.logger.log('error', 'scheduled job failed', { job, keyArn: key.arn, error: String(error) });
      return false;
    }
  }

  /** The job itself; false when the claim lost, else the material id the event names (if any). */
  private async run(job: DueJob, key: KeyRecord, nowMs: number): Promise<string | undefined | false> {
    const { repository, keyring } = this.deps;
    switch (job) {
      case 'DeleteKey':
        return (await repository.deleteKey(key)) ? undefined : false;
      case 'RotateKey':
        return (await rotateGenerated({ repository, keyring }, key, 'AUTOMATIC', nowMs)).material.materialId;
      case 'DeleteExpiredKeyMaterial': {
        const next = { ...withMaterialRemoved(key), revision: key.revision + 1 };
        const material = await repository.getKeyMaterial(key.keyId, key.currentVersion);
        if (!material) {
          // No row to clear (should not happen): still end the expiry, or the key stays due forever.
          await repository.updateKey(next);
          return undefined;
        }
        const { sealed: _sealed, ...deleted } = material;
        await repository.updateKeyAndMaterial(next, deleted);
        return deleted.materialId;
      }
    }
  }
}
