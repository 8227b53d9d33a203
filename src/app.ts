/**
 * The composition root: the only module that builds concrete adapters (SQLite repository, root
 * key, SigV4 authenticator, HTTP server) and wires them into the service (DESIGN.md §2 rule 6).
 * No logic of its own beyond start-up order and shutdown.
 *
 * The root spans this file and the folder src/app/: here startTrent and prepareTrent (the order);
 * there the steps they take — startup-checks.ts (config and TLS checks), data-folder.ts (folder,
 * database, mode, root key, admin key), audit-wiring.ts (the audit trail) — the offline commands
 * audit-tools.ts (`trent audit`) and rotate-admin-key.ts (`trent admin rotate-access-key`), and
 * startup-types.ts (StartupError and the public types). Everything public is exported from here.
 */
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { adminHandler } from './admin/health.js';
import { devClockHandler } from './admin/dev-clock.js';
import { Scheduler, type ServiceEvent } from './jobs/scheduler.js';
import { fixedClock, SharedClock } from './jobs/shared-clock.js';
import type { ServeConfig } from './config/serve-config.js';
import { systemClock } from './platform/clock.js';
import { systemRandom } from './platform/random.js';
import { closeGracefully, createKmsServer, reloadTls, type KmsServer } from './protocol/server.js';
import { createSigV4Authenticator } from './protocol/sigv4.js';
import { StoredCredentials } from './service/credentials.js';
import { IdentityDirectory } from './service/identities.js';
import { SessionCredentials } from './service/sts/session-credentials.js';
import { createStsService } from './service/sts/sts-service.js';
import { stsAuditHook } from './service/sts/sts-audit.js';
import { handlers } from './service/handlers.js';
import { buildKeyResolver } from './service/build-key-resolver.js';
import { createAccessControl } from './service/authorization/access-control.js';
import { Keyring } from './service/keyring.js';
import { RsaThreadPool } from './platform/rsa-threads.js';
import { NobleThreadPool } from './crypto/noble-threads.js';
import { createKmsService } from './service/pipeline.js';
import { RequestArrivals } from './platform/request-arrivals.js';
import { version } from './version.js';
import { createCounters } from './platform/metrics.js';
import { startAudit } from './app/audit-wiring.js';
import { openRepository, prepare, prepareDataDir } from './app/data-folder.js';
import { checkConfig, loadTlsMaterial, readIdentities, tlsFailure } from './app/startup-checks.js';
import { StartupError, type PreparedData, type RunningTrent, type StartOptions } from './app/startup-types.js';

export { StartupError, type PreparedData, type RunningTrent, type StartOptions, type WorkerIdentity } from './app/startup-types.js';
export { openAuditTools, type AuditTools, type AuditToolsOptions } from './app/audit-tools.js';
export { rotateAdminKey, type RotateConfig } from './app/rotate-admin-key.js';

function listen(server: KmsServer, host: string, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? `port ${port} on ${host} is already in use` : `cannot listen on ${host}:${port}: ${error.code ?? error.message}`;
      reject(new StartupError(why));
    });
    server.listen(port, host, () => resolvePort((server.address() as AddressInfo).port));
  });
}

/** Runs the first-start work of `prepare` once and closes the database again (the primary of a cluster). */
export async function prepareTrent(config: ServeConfig, options: StartOptions): Promise<PreparedData> {
  checkConfig(config);
  readIdentities(config);
  const dataDir = resolve(config.dataDir);
  prepareDataDir(dataDir);
  const repository = openRepository(dataDir);
  try {
    const { adminCredentialsFile, legacyCredentialsFile } = await prepare(config, options, repository, dataDir);
    return {
      ...(adminCredentialsFile !== undefined ? { adminCredentialsFile } : {}),
      ...(legacyCredentialsFile !== undefined ? { legacyCredentialsFile } : {}),
    };
  } finally {
    await repository.close();
  }
}

/** Starts a Trent server as `config` says; StartupError for anything the user can fix. */
export async function startTrent(config: ServeConfig, options: StartOptions): Promise<RunningTrent> {
  const { logger } = options;
  const baseClock = options.clock ?? systemClock;
  const random = options.random ?? systemRandom;
  const worker = options.worker ?? { id: 1, count: 1 };
  const tls = checkConfig(config);
  const identityConfig = readIdentities(config);
  const dataDir = resolve(config.dataDir);
  prepareDataDir(dataDir);
  // One change-counter read serves a request's lookups (platform/request-arrivals.ts).
  const arrivals = new RequestArrivals();
  const repository = openRepository(dataDir, arrivals);
  let auditCleanup: (() => Promise<void>) | undefined;
  try {
    const { rootKey, adminCredentialsFile, legacyCredentialsFile } = await prepare(config, options, repository, dataDir);
    // Dev mode: a clock tests can move, its offset shared through the database by every process.
    // SigV4 keeps the real clock: clients sign with real time however far the dev clock moved.
    const clock = config.dev ? new SharedClock(repository, baseClock) : fixedClock(baseClock);
    await clock.refresh();
    // ECDSA DIGEST, Ed25519ph and ML-DSA (signing, verification, key expansion) run here, off the event loop.
    const noble = new NobleThreadPool();
    const keyring = new Keyring(repository, rootKey, random, clock, undefined, noble);
    const counters = createCounters();
    const audit = config.audit === 'off' ? undefined : await startAudit(config, join(dataDir, 'trent.db'), repository, rootKey, { logger, clock, random, counters });
    auditCleanup = audit?.close;
    if (audit === undefined) logger.log('warn', 'audit trail OFF: nothing is recorded; this mode exists for benchmarks only');
    // RSA private-key operations without an async node:crypto API run here, off the event loop.
    const rsa = new RsaThreadPool();
    const syncClock = config.dev ? () => clock.refresh() : undefined;
    // Configured keys first, then STS sessions (ASIA…), then stored keys (the admin key).
    const sessions = new SessionCredentials(repository, rootKey, new StoredCredentials(repository, rootKey), syncClock);
    const identities = new IdentityDirectory(identityConfig, rootKey, sessions);
    const access = createAccessControl({ repository, identities, clock });
    const service = createKmsService({
      repository, clock, random, logger, keyring, keys: buildKeyResolver({ repository, keyring, clock, random, ...(config.dev ? { syncClock: () => clock.refresh() } : {}) }, access.visibleAcrossAccounts), rsa, noble, ...(audit ? { audit: audit.trail } : {}),
      ...(config.dev ? { syncClock: () => clock.refresh() } : {}),
    }, handlers, access.authorizer);
    // The scheduler's service events go to the audit trail (AwsServiceEvent) and to the caller's hook.
    const onServiceEvent = async (event: ServiceEvent): Promise<void> => {
      options.onServiceEvent?.(event);
      await audit?.trail.recordServiceEvent({
        eventName: event.eventName,
        key: { arn: event.keyArn, accountId: event.accountId, region: event.region },
        ...(event.keyMaterialId !== undefined ? { additionalEventData: { keyMaterialId: event.keyMaterialId } } : {}),
      });
    };
    const scheduler = new Scheduler({ repository, clock, keyring, logger, onServiceEvent });
    // Catch up on whatever fell due while no server ran, then keep looking.
    await scheduler.runDue();
    scheduler.start(options.schedulerIntervalMs ?? 10_000);
    const health = adminHandler({ version, mode: config.dev ? 'dev' : 'secure', region: config.region, workers: worker.count, worker: worker.id });
    const devClock = config.dev ? devClockHandler({ clock, runDueJobs: () => scheduler.runDue() }) : undefined;
    const authenticate = createSigV4Authenticator({
      clock: baseClock,
      maxClockSkewMs: config.maxClockSkewMs,
      credentials: identities,
      mode: config.dev ? 'dev' : 'verify',
      devAccountId: config.accountId,
      sessionClock: clock,
    });
    // STS on the same port (issue 17 item 2): its own signing name, the same identities and clock.
    const sts = {
      authenticate: createSigV4Authenticator({
        clock: baseClock, maxClockSkewMs: config.maxClockSkewMs, credentials: identities, mode: config.dev ? 'dev' : 'verify',
        devAccountId: config.accountId, signingService: 'sts', sessionClock: clock,
      }),
      service: createStsService({ identities, repository, rootKey, random, clock, ...(syncClock ? { syncClock } : {}) }),
      ...(audit ? { audit: stsAuditHook(audit.trail) } : {}),
    };
    const server = createKmsServer({
      service, authenticate, logger, random, maxBodyBytes: config.maxBodyBytes, workerId: worker.id, arrivals,
      admin: (req, res) => health(req, res) || (devClock !== undefined && devClock(req, res)),
      ...(tls !== undefined ? { tls } : {}),
      ...(config.maxConnections !== undefined ? { maxConnections: config.maxConnections } : {}),
      loopbackHostOnly: config.dev,
      ...(audit ? { audit: audit.trail } : {}),
      sts,
    });
    const port = await listen(server, config.host, config.port);
    const host = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
    let closing: Promise<void> | undefined;
    return {
      server,
      port,
      url: `${tls !== undefined ? 'https' : 'http'}://${host}:${port}`,
      ...(adminCredentialsFile !== undefined ? { adminCredentialsFile } : {}),
      counters,
      ...(audit ? { serviceEvents: audit.trail } : {}),
      ...(legacyCredentialsFile !== undefined ? { legacyCredentialsFile } : {}),
      reloadTls(): void {
        const material = loadTlsMaterial(config);
        if (material === undefined) throw new StartupError('this server does not serve TLS');
        try {
          reloadTls(server, material);
        } catch (error) {
          throw tlsFailure(error);
        }
      },
      close(): Promise<void> {
        if (closing === undefined) {
          closing = scheduler.stop().then(() => closeGracefully(server, 10_000)).then(async () => {
            await audit?.close();
            await rsa.close();
            await noble.close();
            await repository.close();
          });
        }
        return closing;
      },
    };
  } catch (error) {
    await auditCleanup?.();
    await repository.close();
    throw error;
  }
}
