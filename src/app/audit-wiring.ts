/**
 * The audit trail of a running server, put together and taken apart: startTrent (app.ts) calls
 * startAudit unless the config says `audit: 'off'`, and the close it returns drains the trail,
 * signs a last digest, waits for the alarm's webhook calls and closes the audit connection.
 */
import type { ServeConfig } from '../config/serve-config.js';
import type { RootKey } from '../crypto/at-rest.js';
import { chainHash } from '../crypto/audit-chain.js';
import { pendingDeletionAlarm } from '../audit/alarm.js';
import { loadDigestSigner, scheduleDigests } from '../audit/digests.js';
import { AuditTrail } from '../audit/trail.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { Counters } from '../platform/metrics.js';
import type { Random } from '../platform/random.js';
import { handlers } from '../service/handlers.js';
import type { Repository } from '../storage/repository.js';
import { openSqliteAuditStore, type SqliteAuditStore } from '../storage/sqlite/sqlite-audit-store.js';
import { StartupError } from './startup-types.js';

interface StartedAudit {
  readonly trail: AuditTrail;
  close(): Promise<void>;
}

/**
 * The audit trail (issue 18): its own SQLite connection on the same file, the signing key for
 * digests (sealed under the root key), the digest/retention timer and the pending-deletion alarm.
 */
export async function startAudit(
  config: ServeConfig, dbPath: string, repository: Repository, rootKey: RootKey,
  deps: { logger: Logger; clock: Clock; random: Random; counters: Counters },
): Promise<StartedAudit> {
  const { logger, clock, random, counters } = deps;
  let store: SqliteAuditStore;
  try {
    store = openSqliteAuditStore(dbPath, chainHash, { writerThread: true });
  } catch (error) {
    throw new StartupError((error as Error).message);
  }
  try {
    const signer = await loadDigestSigner(repository, rootKey);
    // When this data folder began recording (GetKeyLastUsage's TrackingStartDate), shared by every process.
    const trackingStartMs = Number(await repository.putMetaIfAbsent('audit-tracking-start-ms', String(clock.nowMs())));
    const alarm = pendingDeletionAlarm({ logger, counters, ...(config.auditWebhookUrl ? { webhookUrl: config.auditWebhookUrl } : {}) });
    const operationsByName: Record<string, { spec: { mutates: boolean } }> = handlers;
    const trail = new AuditTrail({
      store, clock, random, logger, counters, raiseAlarm: alarm.raise,
      readOnly: (name) => (name in operationsByName ? !operationsByName[name]!.spec.mutates : false),
      accountId: config.accountId, region: config.region, trackingStartMs,
    });
    const digests = scheduleDigests({
      store, signer, clock, logger, intervalMs: config.auditDigestIntervalMs ?? 60_000,
      ...(config.auditRetentionDays !== undefined ? { retentionMs: config.auditRetentionDays * 86_400_000 } : {}),
    });
    return {
      trail,
      async close() {
        await trail.drain();
        await digests.stop(); // a last digest signs the head as this process leaves it
        await alarm.settled();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
