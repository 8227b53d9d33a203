/**
 * `trent serve` flags + TRENT_* environment → ServeConfig. Bad values are one-line errors.
 */
import { InvalidArgumentError } from 'commander';
import { availableParallelism } from 'node:os';
import { defaults, envNames, maxWorkers, type ServeConfig } from '../config/serve-config.js';

export interface ServeFlags {
  dev?: boolean;
  host?: string;
  port?: number;
  dataDir?: string;
  region?: string;
  accountId?: string;
  rootKeyFile?: string;
  maxClockSkew?: number;
  logLevel?: string;
  audit?: string;
  auditWebhookUrl?: string;
  auditRetentionDays?: number;
  tlsCertFile?: string;
  tlsKeyFile?: string;
  tlsClientCaFile?: string;
  allowPlainHttp?: boolean;
  maxConnections?: number;
  adminCredentialsFile?: string;
  printAdminCredentials?: boolean;
  workers?: number;
  config?: string;
}

/** Commander parser for a TCP port (0 picks a free one). */
export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535.');
  return port;
}

export function parseSeconds(text: string): number {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError('give a whole number of seconds.');
  return Number(text);
}

/** Commander parser for a retention period in whole days (at least 1). */
export function parseDays(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new InvalidArgumentError('give a whole number of days, at least 1.');
  return Number(text);
}

/** Commander parser for a positive whole number. */
export function parseCount(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new InvalidArgumentError('give a whole number of at least 1.');
  return Number(text);
}

function isTrue(value: string | undefined): boolean {
  return ['1', 'true'].includes(value ?? '');
}

/** Commander parser for --workers: 1 to maxWorkers processes. */
export function parseWorkers(text: string): number {
  const workers = Number(text);
  if (!/^\d+$/.test(text) || workers < 1 || workers > maxWorkers) {
    throw new InvalidArgumentError(`give a whole number of worker processes from 1 to ${maxWorkers}.`);
  }
  return workers;
}

/** Names the variable in the message of a bad environment value. */
function fromEnv<T>(name: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new InvalidArgumentError(`${name}: ${(error as Error).message}`);
  }
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new InvalidArgumentError(message);
}

/** Merges flags, environment and defaults, and checks what commander could not. */
export function resolveServeConfig(flags: ServeFlags, env: NodeJS.ProcessEnv): ServeConfig {
  const envPort = env[envNames.port];
  const port = flags.port ?? (envPort !== undefined && envPort !== '' ? parsePort(envPort) : defaults.port);
  const envSkew = env[envNames.maxClockSkewSeconds];
  const skewSeconds = flags.maxClockSkew ?? (envSkew ? parseSeconds(envSkew) : defaults.maxClockSkewMs / 1000);
  const region = flags.region ?? env[envNames.region] ?? defaults.region;
  const accountId = flags.accountId ?? env[envNames.accountId] ?? defaults.accountId;
  const logLevel = flags.logLevel ?? env[envNames.logLevel] ?? 'info';
  check(/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region), `--region ${region} is not a region name like us-east-1.`);
  check(/^\d{12}$/.test(accountId), `--account-id ${accountId} is not a 12-digit AWS account id.`);
  check(['debug', 'info', 'warn', 'error'].includes(logLevel), `--log-level must be debug, info, warn or error.`);
  const envWorkers = env[envNames.workers];
  const workers = flags.workers ?? (envWorkers !== undefined && envWorkers !== '' ? fromEnv(envNames.workers, () => parseWorkers(envWorkers)) : availableParallelism());
  const rootKeyFile = flags.rootKeyFile ?? env[envNames.rootKeyFile];
  const rootKey = env[envNames.rootKey];
  const audit = flags.audit ?? env[envNames.audit] ?? 'on';
  check(audit === 'on' || audit === 'off', '--audit must be on or off (off is for benchmarks only).');
  const auditWebhookUrl = flags.auditWebhookUrl ?? env[envNames.auditWebhookUrl];
  if (auditWebhookUrl) {
    let ok = false;
    try { ok = ['http:', 'https:'].includes(new URL(auditWebhookUrl).protocol); } catch { ok = false; }
    check(ok, `--audit-webhook-url ${auditWebhookUrl} is not an http(s) URL.`);
  }
  const envRetention = env[envNames.auditRetentionDays];
  const auditRetentionDays = flags.auditRetentionDays ?? (envRetention ? parseDays(envRetention) : undefined);
  const tlsCertFile = flags.tlsCertFile ?? env[envNames.tlsCertFile];
  const tlsKeyFile = flags.tlsKeyFile ?? env[envNames.tlsKeyFile];
  const tlsClientCaFile = flags.tlsClientCaFile ?? env[envNames.tlsClientCaFile];
  check(!tlsCertFile === !tlsKeyFile, 'TLS needs both --tls-cert-file and --tls-key-file.');
  check(!tlsClientCaFile || !!tlsCertFile, '--tls-client-ca-file needs --tls-cert-file and --tls-key-file (mTLS is a TLS option).');
  const envMaxConnections = env[envNames.maxConnections];
  const maxConnections = flags.maxConnections ?? (envMaxConnections ? parseCount(envMaxConnections) : undefined);
  const adminCredentialsFile = flags.adminCredentialsFile ?? env[envNames.adminCredentialsFile];
  const configFile = flags.config ?? env[envNames.configFile];
  check(!(adminCredentialsFile && flags.printAdminCredentials), '--admin-credentials-file and --print-admin-credentials exclude each other.');
  return {
    audit: audit as 'on' | 'off',
    ...(auditWebhookUrl ? { auditWebhookUrl } : {}),
    ...(auditRetentionDays !== undefined ? { auditRetentionDays } : {}),
    dev: flags.dev ?? isTrue(env[envNames.dev]),
    host: flags.host ?? env[envNames.host] ?? defaults.host,
    port,
    dataDir: flags.dataDir ?? env[envNames.dataDir] ?? defaults.dataDir,
    region,
    accountId,
    ...(rootKeyFile ? { rootKeyFile } : {}),
    ...(rootKey ? { rootKey } : {}),
    maxClockSkewMs: skewSeconds * 1000,
    maxBodyBytes: defaults.maxBodyBytes,
    logLevel: logLevel as ServeConfig['logLevel'],
    ...(tlsCertFile ? { tlsCertFile } : {}),
    ...(tlsKeyFile ? { tlsKeyFile } : {}),
    ...(tlsClientCaFile ? { tlsClientCaFile } : {}),
    allowPlainHttp: flags.allowPlainHttp ?? isTrue(env[envNames.allowPlainHttp]),
    ...(maxConnections !== undefined ? { maxConnections } : {}),
    ...(adminCredentialsFile ? { adminCredentialsFile } : {}),
    printAdminCredentials: flags.printAdminCredentials ?? false,
    workers,
    ...(configFile ? { configFile } : {}),
  };
}
