/**
 * The `trent` command line (commander 14): `trent serve [--dev] …`, `--help`, `--version`.
 * Every user error is one line on stderr and a non-zero exit, never a stack trace.
 */
import { Command, CommanderError, Option } from 'commander';
import { prepareTrent, rotateAdminKey, startTrent, StartupError, type PreparedData, type RunningTrent, type WorkerIdentity } from '../app.js';
import { runPrimary } from '../cluster/primary.js';
import { clusterWorkerIdentity, reportStartFailure, serveAsWorker } from '../cluster/worker.js';
import { defaults, envNames, maxWorkers, type ServeConfig } from '../config/serve-config.js';
import { jsonLogger, type Logger } from '../platform/logger.js';
import { version } from '../version.js';
import { parseCount, parseDays, parsePort, parseSeconds, parseWorkers, resolveServeConfig, type ServeFlags } from './serve-options.js';
import { addAuditCommand } from './audit-command.js';
import { addDevCommand } from './dev-clock.js';

function fail(message: string): never {
  process.stderr.write(`trent: ${message}\n`);
  process.exit(1);
}

/** The start-up lines (tests and the bench wait for "listening on <url>"). */
function announce(config: ServeConfig, url: string, workers: number, prepared: PreparedData): void {
  const mode = config.dev ? 'dev mode, any credentials accepted' : 'secure mode, SigV4 verified';
  const processes = workers === 1 ? '1 worker' : `${workers} workers`;
  process.stderr.write(`trent ${version} listening on ${url} (${mode}; ${processes}; data in ${config.dataDir})\n`);
  if (config.dev) {
    process.stderr.write(`trent: warning: dev mode verifies nothing (no signature, access key or clock): any caller is the root of account ${config.accountId}; for local development only\n`);
  }
  if (prepared.adminCredentialsFile) {
    process.stderr.write(`trent: admin credentials for account ${config.accountId} are in ${prepared.adminCredentialsFile} (profile trent-admin); store them elsewhere and delete the file\n`);
  }
  if (prepared.legacyCredentialsFile) {
    process.stderr.write(`trent: warning: ${prepared.legacyCredentialsFile} holds admin credentials inside the data folder, where every copy of the folder carries them: move them out, or run 'trent admin rotate-access-key' and delete the file\n`);
  }
}

/** SIGHUP (or the primary's relay of it): re-read the certificate and key; a bad new pair is reported and the old one kept. */
function reloadTlsOf(config: ServeConfig, running: RunningTrent, logger: Logger): void {
  if (config.tlsCertFile === undefined) return;
  try {
    running.reloadTls();
    logger.log('info', 'TLS certificate reloaded', { certFile: config.tlsCertFile });
  } catch (error) {
    logger.log('error', 'TLS reload failed; keeping the previous certificate', { error: (error as Error).message });
  }
}

/** `--workers N` with N > 1: this process prepares the data folder, then supervises N workers (cluster/primary.ts). */
async function servePrimary(config: ServeConfig, workers: number): Promise<void> {
  const logger = jsonLogger(config.logLevel, undefined, { role: 'primary' });
  let prepared: PreparedData;
  try {
    prepared = await prepareTrent(config, { logger });
  } catch (error) {
    if (error instanceof StartupError) fail(error.message);
    throw error;
  }
  await runPrimary({ workers, logger, announce: (url) => announce(config, url, workers, prepared), fail });
}

/** A forked worker: one whole server on the shared socket (cluster/worker.ts). */
async function serveWorker(config: ServeConfig, worker: WorkerIdentity): Promise<void> {
  const logger = jsonLogger(config.logLevel, undefined, { worker: worker.id });
  let running: RunningTrent;
  try {
    running = await startTrent(config, { logger, worker });
  } catch (error) {
    reportStartFailure(error instanceof StartupError ? error.message : `worker ${worker.id} failed to start: ${(error as Error).message}`);
    return;
  }
  serveAsWorker(running, logger, () => reloadTlsOf(config, running, logger));
}

/** Runs `trent serve` until SIGINT/SIGTERM, then shuts down gracefully and exits 0. */
async function serve(flags: ServeFlags): Promise<void> {
  let config;
  try {
    config = resolveServeConfig(flags, process.env);
  } catch (error) {
    fail((error as Error).message);
  }
  const worker = clusterWorkerIdentity();
  if (worker !== undefined) return serveWorker(config, worker);
  const workers = config.workers ?? 1;
  if (workers > 1) return servePrimary(config, workers);
  const logger = jsonLogger(config.logLevel, undefined, { worker: 1 });
  let running: RunningTrent;
  try {
    running = await startTrent(config, { logger });
  } catch (error) {
    if (error instanceof StartupError) fail(error.message);
    throw error;
  }
  announce(config, running.url, 1, running);
  process.on('SIGHUP', () => reloadTlsOf(config, running, logger));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log('info', 'shutting down', { signal });
    running.close().then(() => process.exit(0), (error) => {
      logger.log('error', 'shutdown failed', { error: String(error) });
      process.exit(1);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** `trent admin rotate-access-key`: one line on stderr saying what changed, or a one-line error. */
async function rotateAccessKey(flags: Pick<ServeFlags, 'dataDir' | 'rootKeyFile' | 'adminCredentialsFile' | 'printAdminCredentials'>): Promise<void> {
  const env = process.env;
  const adminCredentialsFile = flags.adminCredentialsFile ?? env[envNames.adminCredentialsFile];
  if (adminCredentialsFile && flags.printAdminCredentials) fail('--admin-credentials-file and --print-admin-credentials exclude each other.');
  const rootKeyFile = flags.rootKeyFile ?? env[envNames.rootKeyFile];
  const rootKey = env[envNames.rootKey];
  try {
    const result = await rotateAdminKey({
      dataDir: flags.dataDir ?? env[envNames.dataDir] ?? defaults.dataDir,
      ...(rootKeyFile ? { rootKeyFile } : {}),
      ...(rootKey ? { rootKey } : {}),
      ...(adminCredentialsFile ? { adminCredentialsFile } : {}),
      printAdminCredentials: flags.printAdminCredentials ?? false,
    }, { logger: jsonLogger('error') });
    const where = result.credentialsFile !== undefined ? `written to ${result.credentialsFile} (profile trent-admin)` : 'printed on stdout';
    process.stderr.write(`trent: new admin access key ${result.accessKeyId} ${where}; ${result.revokedAccessKeyId} is revoked\n`);
  } catch (error) {
    if (error instanceof StartupError) fail(error.message);
    throw error;
  }
}

/** Builds the program; `main.ts` runs it with process.argv. */
export function buildProgram(): Command {
  const program = new Command('trent')
    .description('A self-hosted key management service that speaks the AWS KMS API')
    .version(version, '-v, --version')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`trent: ${text.replace(/^error: /, '')}`) });
  program
    .command('serve')
    .description('start the KMS API server')
    .option('--dev', `emulator mode: any access key is the root of the default account, loopback only (${envNames.dev}=1)`)
    .option('--host <host>', `address to listen on (${envNames.host}, default ${defaults.host})`)
    .option('--port <port>', `port to listen on (${envNames.port}, default ${defaults.port})`, parsePort)
    .option('--data-dir <dir>', `where the database and keys live (${envNames.dataDir}, default ${defaults.dataDir})`)
    .option('--region <region>', `default region (${envNames.region}, default ${defaults.region})`)
    .option('--account-id <id>', `account of dev callers and of the admin key (${envNames.accountId}, default ${defaults.accountId})`)
    .option('--root-key-file <file>', `file holding the 32-byte root key as hex or base64 (${envNames.rootKeyFile}; or the key itself in ${envNames.rootKey})`)
    .option('--max-clock-skew <seconds>', `SigV4 clock skew allowed (${envNames.maxClockSkewSeconds}, default 300)`, parseSeconds)
    .option('--workers <n>', `worker processes sharing the port over one database, 1 to ${maxWorkers} (${envNames.workers}, default: the number of cores)`, parseWorkers)
    .addOption(new Option('--log-level <level>', `log level (${envNames.logLevel})`).choices(['debug', 'info', 'warn', 'error']))
    .option('--audit-webhook-url <url>', `POST a JSON alarm here when a key pending deletion is used (${envNames.auditWebhookUrl})`)
    .option('--audit-retention-days <days>', `prune audit events older than this, once a signed digest anchors them (${envNames.auditRetentionDays}; default: keep)`, parseDays)
    .addOption(new Option('--audit <on|off>', `BENCHMARKS ONLY: off records no audit trail; never run a real server so (${envNames.audit})`).choices(['on', 'off']))
    .option('--tls-cert-file <file>', `serve HTTPS with this PEM certificate chain (${envNames.tlsCertFile}); reloaded on SIGHUP`)
    .option('--tls-key-file <file>', `PEM private key of the certificate (${envNames.tlsKeyFile})`)
    .option('--tls-client-ca-file <file>', `require client certificates issued by this PEM CA bundle (mTLS, ${envNames.tlsClientCaFile})`)
    .option('--allow-plain-http', `serve plain HTTP on a non-loopback address, behind a TLS-terminating proxy (${envNames.allowPlainHttp}=1)`)
    .option('--max-connections <n>', `concurrent connections (${envNames.maxConnections}, default 1024)`, parseCount)
    .option('--admin-credentials-file <file>', `where the first start writes the admin credentials, outside the data folder (${envNames.adminCredentialsFile}, default <data-dir>.admin-credentials)`)
    .option('--print-admin-credentials', 'print the first admin credentials on stdout once instead of writing a file')
    .option('--config <file>', `identities file, YAML or JSON: accounts, IAM users with access keys, roles, policies (${envNames.configFile})`)
    .action(serve);
  const admin = program.command('admin').description('offline maintenance of a data folder (the server may be running)');
  admin
    .command('rotate-access-key')
    .description('issue a new admin access key and revoke the old one; needs the root key')
    .option('--data-dir <dir>', `the data folder (${envNames.dataDir}, default ${defaults.dataDir})`)
    .option('--root-key-file <file>', `file holding the root key (${envNames.rootKeyFile}; or the key itself in ${envNames.rootKey})`)
    .option('--admin-credentials-file <file>', `where to write the new credentials, outside the data folder (${envNames.adminCredentialsFile}, default <data-dir>.admin-credentials)`)
    .option('--print-admin-credentials', 'print the new credentials on stdout instead of writing a file')
    .action(rotateAccessKey);
  addAuditCommand(program);
  addDevCommand(program);
  return program;
}

/** Parses argv and runs; commander's own errors and --help/--version exit as usual. */
export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode);
    fail((error as Error).message);
  }
}
