/**
 * The composition root: the only module that builds concrete adapters (SQLite repository, root
 * key, SigV4 authenticator, HTTP server) and wires them into the service (DESIGN.md §2 rule 6).
 * No logic of its own beyond start-up order and shutdown.
 */
import { accessSync, constants, existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createSecureContext } from 'node:tls';
import { join, resolve } from 'node:path';
import {
  credentialsText, defaultCredentialsPath, isInside, legacyCredentialsName, writeCredentialsFile,
} from './admin/credentials-file.js';
import { adminHandler } from './admin/health.js';
import { devClockHandler } from './admin/dev-clock.js';
import { Scheduler, type ServiceEvent } from './jobs/scheduler.js';
import { fixedClock, SharedClock } from './jobs/shared-clock.js';
import type { ServeConfig } from './config/serve-config.js';
import { isLoopback } from './config/serve-config.js';
import { RootKey } from './crypto/at-rest.js';
import { systemClock, type Clock } from './platform/clock.js';
import { writeFileDurably } from './platform/durable-file.js';
import type { Logger } from './platform/logger.js';
import { systemRandom, type Random } from './platform/random.js';
import { closeGracefully, createKmsServer, reloadTls, type KmsServer } from './protocol/server.js';
import { createSigV4Authenticator } from './protocol/sigv4.js';
import { secureContextOptions, type TlsMaterial } from './protocol/tls.js';
import {
  AdminKeyRotationError, StoredCredentials, ensureAdminAccessKey, rotateAdminAccessKey,
} from './service/credentials.js';
import { claimDataFolderMode } from './service/data-folder-mode.js';
import { IdentityDirectory } from './service/identities.js';
import { SessionCredentials } from './service/sts/session-credentials.js';
import { createStsService } from './service/sts/sts-service.js';
import { stsAuditHook } from './service/sts/sts-audit.js';
import { IdentityConfigError, loadIdentityConfig, type IdentityConfig } from './config/identities.js';
import { handlers } from './service/handlers.js';
import { buildKeyResolver } from './service/build-key-resolver.js';
import { createAccessControl } from './service/authorization/access-control.js';
import { Keyring } from './service/keyring.js';
import { RsaThreadPool } from './platform/rsa-threads.js';
import { NobleThreadPool } from './crypto/noble-threads.js';
import { createKmsService } from './service/pipeline.js';
import { CachingRepository, defaultCacheEntries } from './storage/caching-repository.js';
import { RequestArrivals } from './platform/request-arrivals.js';
import { openSqliteRepository } from './storage/sqlite/sqlite-repository.js';
import type { Repository } from './storage/repository.js';
import { version } from './version.js';
import { pendingDeletionAlarm } from './audit/alarm.js';
import { loadDigestSigner, scheduleDigests } from './audit/digests.js';
import { AuditTrail } from './audit/trail.js';
import { chainHash } from './crypto/audit-chain.js';
import { createCounters, type Counters } from './platform/metrics.js';
import type { AuditRecorder } from './service/audit-recorder.js';
import { openSqliteAuditStore, type SqliteAuditStore } from './storage/sqlite/sqlite-audit-store.js';
import { signingKeyMatches, storedAuditPublicKey } from './audit/digests.js';
import { exportTrail, type ExportManifest } from './audit/export.js';
import { lookupEvents, type LookupEvent } from './audit/lookup.js';
import { verifyTrail, type VerifyReport } from './audit/verify.js';
import type { AuditQuery } from './storage/audit-store.js';

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

/** Loads the root key (flag/env), or in dev mode reads or creates `<data>/root.key` (0600). */
function loadRootKey(config: ServeConfig, dataDir: string, logger: Logger): RootKey {
  try {
    if (config.rootKeyFile !== undefined) return RootKey.parse(readFileSync(config.rootKeyFile, 'utf8'));
    if (config.rootKey !== undefined) return RootKey.parse(config.rootKey);
  } catch (error) {
    throw new StartupError(`cannot use the root key: ${(error as Error).message}`);
  }
  if (!config.dev) {
    throw new StartupError('no root key: pass --root-key-file or set TRENT_ROOT_KEY (32 bytes as 64 hex characters or base64), or use --dev');
  }
  const path = join(dataDir, 'root.key');
  if (!existsSync(path)) {
    try {
      writeFileDurably(path, systemRandom.bytes(32).toString('base64') + '\n', 0o600, { exclusive: true });
      logger.log('warn', 'dev mode: generated a root key in the data folder; keep it out of backups shared with others', { path });
    } catch (error) {
      // Another process starting on the same folder created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return RootKey.parse(readFileSync(path, 'utf8'));
}

/**
 * Reads the TLS files named in `config` and checks they form a usable context (a key matching the
 * certificate, PEM that parses); undefined without TLS. Errors name the file, never its content.
 */
function loadTlsMaterial(config: ServeConfig): TlsMaterial | undefined {
  if (config.tlsCertFile === undefined || config.tlsKeyFile === undefined) return undefined;
  const read = (what: string, path: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new StartupError(`cannot read the TLS ${what} file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    }
  };
  const material = {
    cert: read('certificate', config.tlsCertFile),
    key: read('key', config.tlsKeyFile),
    ...(config.tlsClientCaFile !== undefined ? { clientCa: read('client CA', config.tlsClientCaFile) } : {}),
  };
  try {
    createSecureContext(secureContextOptions(material));
  } catch (error) {
    throw tlsFailure(error);
  }
  return material;
}

/** OpenSSL's reason for refusing a certificate or key, without anything of the files' contents. */
function tlsFailure(error: unknown): StartupError {
  const reason = (error as { reason?: string }).reason ?? (error as NodeJS.ErrnoException).code ?? 'unusable';
  return new StartupError(`cannot use the TLS certificate and key: ${reason}`);
}

/**
 * Issue 13 item 1: outside dev mode, plaintexts and signed requests must not cross a network in
 * the clear; loopback is the only network that stays on the machine.
 */
function checkTransport(config: ServeConfig): void {
  if (config.dev || config.tlsCertFile !== undefined || config.allowPlainHttp || isLoopback(config.host)) return;
  throw new StartupError(`refusing to serve plain HTTP on ${config.host}, which is not a loopback address: pass --tls-cert-file and --tls-key-file, or --allow-plain-http behind a TLS-terminating proxy`);
}

/** The credentials file path: configured or beside the data folder, and never inside it. */
function credentialsPathFor(config: ServeConfig, dataDir: string): string {
  const path = resolve(config.adminCredentialsFile ?? defaultCredentialsPath(dataDir));
  if (isInside(path, dataDir)) {
    throw new StartupError(`the admin credentials file ${path} is inside the data folder ${dataDir}: a copy of the folder would carry a working credential; choose a path outside it`);
  }
  return path;
}

/** How a new admin key is handed over: the credentials file, or stdout once. */
function credentialsDelivery(config: ServeConfig, dataDir: string, stdout: (text: string) => void) {
  const path = config.printAdminCredentials ? undefined : credentialsPathFor(config, dataDir);
  const deliver = (accessKeyId: string, secret: string): void => {
    if (path === undefined) {
      stdout(credentialsText(accessKeyId, secret));
      return;
    }
    try {
      writeCredentialsFile(path, accessKeyId, secret);
    } catch (error) {
      throw new StartupError(`cannot write the admin credentials file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  };
  return { path, deliver };
}

/** Dev and secure mode never share a data folder (issue 13 item 5). */
async function checkFolderMode(repository: Repository, config: ServeConfig, dataDir: string): Promise<void> {
  const mode = await claimDataFolderMode(repository, config.dev ? 'dev' : 'secure');
  if (mode === 'secure' && config.dev) {
    throw new StartupError(`the data folder ${dataDir} was initialised in secure mode: dev mode accepts any credentials and will not serve it; start without --dev, or give --dev a folder of its own`);
  }
  if (mode === 'dev' && !config.dev) {
    throw new StartupError(`the data folder ${dataDir} was initialised in dev mode (any credentials were accepted, and its root key lies inside it): secure mode will not serve it; start secure mode on a new data folder`);
  }
}

function prepareDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    accessSync(dataDir, constants.W_OK);
  } catch (error) {
    throw new StartupError(`data folder ${dataDir} is not writable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function checkRootKey(repository: Repository, rootKey: RootKey): Promise<void> {
  const stored = await repository.putMetaIfAbsent('root-key-check', Buffer.from(rootKey.checkValue()).toString('base64'));
  if (!rootKey.verifyCheckValue(Buffer.from(stored, 'base64'))) {
    throw new StartupError('the root key does not match the one this data folder was created with');
  }
}

function listen(server: KmsServer, host: string, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? `port ${port} on ${host} is already in use` : `cannot listen on ${host}:${port}: ${error.code ?? error.message}`;
      reject(new StartupError(why));
    });
    server.listen(port, host, () => resolvePort((server.address() as AddressInfo).port));
  });
}

interface StartedAudit {
  readonly trail: AuditTrail;
  close(): Promise<void>;
}

/**
 * The audit trail (issue 18): its own SQLite connection on the same file, the signing key for
 * digests (sealed under the root key), the digest/retention timer and the pending-deletion alarm.
 */
async function startAudit(
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

/** Opens the data folder's database behind the validated record cache (docs/workers.md); StartupError when it cannot. */
function openRepository(dataDir: string, arrivals?: RequestArrivals): Repository {
  try {
    return new CachingRepository(openSqliteRepository(join(dataDir, 'trent.db')), defaultCacheEntries, arrivals);
  } catch (error) {
    throw new StartupError((error as Error).message);
  }
}

/** The identities file (`--config`), validated; none configured = no identities. */
function readIdentities(config: ServeConfig): IdentityConfig {
  if (config.configFile === undefined) return { accounts: [] };
  try {
    return loadIdentityConfig(config.configFile);
  } catch (error) {
    if (error instanceof IdentityConfigError) throw new StartupError(error.message);
    throw error;
  }
}

/** The checks no start may skip: dev mode on loopback only, no plain HTTP off loopback, usable TLS files. */
function checkConfig(config: ServeConfig): TlsMaterial | undefined {
  if (config.dev && !isLoopback(config.host)) {
    throw new StartupError(`dev mode accepts any credentials, so it listens on loopback only; ${config.host} is not a loopback address`);
  }
  checkTransport(config);
  return loadTlsMaterial(config);
}

/**
 * The first-start work on an open data folder: folder mode, root key (generated in dev mode), the
 * root-key check and, in secure mode, the admin access key and its delivery. Each step is
 * idempotent, but the creating ones are not race-free between processes (two writers of one
 * credentials file, two admin keys printed), so a server with several workers runs this once in
 * the primary before forking (`prepareTrent`, cluster/primary.ts); each worker's startTrent then
 * finds everything in place and creates nothing.
 */
async function prepare(
  config: ServeConfig, options: StartOptions, repository: Repository, dataDir: string,
): Promise<PreparedData & { readonly rootKey: RootKey }> {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? systemRandom;
  const stdout = options.stdout ?? ((text: string) => { process.stdout.write(text); });
  const delivery = config.dev ? undefined : credentialsDelivery(config, dataDir, stdout);
  // Before the root key: dev mode must not even write its generated key into a secure folder.
  await checkFolderMode(repository, config, dataDir);
  const rootKey = loadRootKey(config, dataDir, options.logger);
  await checkRootKey(repository, rootKey);
  if (delivery !== undefined) {
    await ensureAdminAccessKey({ repository, rootKey, random, clock }, config.accountId, delivery.deliver);
  }
  // Announced on every start while the file exists (it may have been written by a start that then
  // failed to listen); the operator moves it to where credentials belong.
  const adminCredentialsFile = delivery?.path !== undefined && existsSync(delivery.path) ? delivery.path : undefined;
  const legacyPath = join(dataDir, legacyCredentialsName);
  const legacyCredentialsFile = !config.dev && existsSync(legacyPath) ? legacyPath : undefined;
  return {
    rootKey,
    ...(adminCredentialsFile !== undefined ? { adminCredentialsFile } : {}),
    ...(legacyCredentialsFile !== undefined ? { legacyCredentialsFile } : {}),
  };
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

/** What `trent audit …` needs, over the database of a data folder (the server may be running). */
export interface AuditTools {
  /** The chain and digests; `signingKey` says whether the root key was at hand to check the signing key too. */
  verify(): Promise<VerifyReport & { readonly signingKey: 'checked' | 'unchecked' }>;
  lookup(query: AuditQuery): Promise<LookupEvent[]>;
  exportTo(outDir: string): Promise<ExportManifest>;
  close(): Promise<void>;
}

export interface AuditToolsOptions {
  readonly dataDir: string;
  readonly rootKeyFile?: string;
  readonly rootKey?: string;
}

/**
 * Opens the audit trail of `dataDir` for reading. The root key is found as `trent serve` finds it
 * (--root-key-file, TRENT_ROOT_KEY, or a dev-mode data folder's own root.key); without one the
 * digests are still checked, against the public key stored beside them.
 */
export async function openAuditTools(options: AuditToolsOptions): Promise<AuditTools> {
  const dataDir = resolve(options.dataDir);
  const dbPath = join(dataDir, 'trent.db');
  if (!existsSync(dbPath)) throw new StartupError(`no Trent database in ${dataDir} (expected ${dbPath})`);
  let rootKey: RootKey | undefined;
  try {
    if (options.rootKeyFile !== undefined) rootKey = RootKey.parse(readFileSync(options.rootKeyFile, 'utf8'));
    else if (options.rootKey !== undefined) rootKey = RootKey.parse(options.rootKey);
    else if (existsSync(join(dataDir, 'root.key'))) rootKey = RootKey.parse(readFileSync(join(dataDir, 'root.key'), 'utf8'));
  } catch (error) {
    throw new StartupError(`cannot use the root key: ${(error as Error).message}`);
  }
  let repository: Repository;
  let store: SqliteAuditStore;
  try {
    repository = openSqliteRepository(dbPath);
  } catch (error) {
    throw new StartupError((error as Error).message);
  }
  try {
    store = openSqliteAuditStore(dbPath, chainHash);
  } catch (error) {
    await repository.close();
    throw new StartupError((error as Error).message);
  }
  return {
    async verify() {
      const stored = await storedAuditPublicKey(repository);
      if (rootKey !== undefined && stored !== undefined && !signingKeyMatches(stored, rootKey)) {
        return {
          ok: false, events: 0, digests: 0, unsignedTail: 0, signingKey: 'checked',
          problem: 'the audit signing key stored in the database was not made under this root key: it was replaced',
        };
      }
      const report = await verifyTrail(store, stored?.publicKey);
      return { ...report, signingKey: rootKey !== undefined && stored !== undefined ? 'checked' : 'unchecked' };
    },
    lookup: (query) => lookupEvents(store, query),
    exportTo: (outDir) => exportTrail(store, outDir, Date.now()),
    async close() {
      await store.close();
      await repository.close();
    },
  };
}

/** What `trent admin rotate-access-key` needs: the data folder, the root key, where to deliver. */
export type RotateConfig = Pick<ServeConfig, 'dataDir' | 'rootKeyFile' | 'rootKey' | 'adminCredentialsFile' | 'printAdminCredentials'>;

/**
 * `trent admin rotate-access-key`, offline on the data folder: issues a new admin access key for
 * the same account root, delivers it like the first start does, and revokes the old one in the same
 * transaction. Servers running on the folder read the key on every request, so the old key stops
 * working there at once.
 */
export async function rotateAdminKey(
  config: RotateConfig, options: Pick<StartOptions, 'random' | 'clock' | 'stdout' | 'logger'>,
): Promise<{ revokedAccessKeyId: string; accessKeyId: string; credentialsFile?: string }> {
  const dataDir = resolve(config.dataDir);
  if (!existsSync(join(dataDir, 'trent.db'))) throw new StartupError(`${dataDir} is not a Trent data folder (no trent.db)`);
  const serveLike: ServeConfig = {
    ...config, dev: false, host: '127.0.0.1', port: 0, region: 'us-east-1', accountId: '000000000000',
    maxClockSkewMs: 0, maxBodyBytes: 0, logLevel: 'error',
  };
  const stdout = options.stdout ?? ((text: string) => { process.stdout.write(text); });
  const delivery = credentialsDelivery(serveLike, dataDir, stdout);
  const repository = openRepository(dataDir);
  try {
    await checkFolderMode(repository, serveLike, dataDir);
    const rootKey = loadRootKey(serveLike, dataDir, options.logger);
    await checkRootKey(repository, rootKey);
    const result = await rotateAdminAccessKey(
      { repository, rootKey, random: options.random ?? systemRandom, clock: options.clock ?? systemClock }, delivery.deliver,
    );
    return { ...result, ...(delivery.path !== undefined ? { credentialsFile: delivery.path } : {}) };
  } catch (error) {
    if (error instanceof AdminKeyRotationError) throw new StartupError(error.message);
    throw error;
  } finally {
    await repository.close();
  }
}
