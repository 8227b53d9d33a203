/**
 * The settings of `trent serve`, with their defaults and their TRENT_* environment equivalents
 * (issue 3 item 2). Flags win over the environment, the environment over defaults.
 */
export interface ServeConfig {
  /** Emulator mode: any access key is accepted as the account root; loopback only. */
  readonly dev: boolean;
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /**
   * The server's home region, reported by /healthz. Requests name their own region in the SigV4
   * credential scope, and each key lives in the region it was created from (issue 3 item 5).
   */
  readonly region: string;
  /** The account of dev-mode callers and of the admin access key created on first start. */
  readonly accountId: string;
  readonly rootKeyFile?: string;
  /** Root key text (64 hex or base64 of 32 bytes) from TRENT_ROOT_KEY. */
  readonly rootKey?: string;
  readonly maxClockSkewMs: number;
  readonly maxBodyBytes: number;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /**
   * The audit trail (issue 18). 'off' exists ONLY so `npm run bench` can measure what auditing
   * costs: a server without it records nothing and must never be run for real.
   */
  readonly audit?: 'on' | 'off';
  /** Where pending-deletion alarms are POSTed as JSON; none by default. */
  readonly auditWebhookUrl?: string;
  /** Audit events older than this many days are pruned once a signed digest anchors them; default: kept forever. */
  readonly auditRetentionDays?: number;
  /** How often the chain head is signed (a digest); default 60 s. */
  readonly auditDigestIntervalMs?: number;
  /** PEM certificate chain and key: serve HTTPS (issue 13 item 1). Both or neither. */
  readonly tlsCertFile?: string;
  readonly tlsKeyFile?: string;
  /** PEM CA bundle: require client certificates chaining to it (mTLS). Needs TLS. */
  readonly tlsClientCaFile?: string;
  /** Outside dev mode, listen on a non-loopback address without TLS (behind a TLS-terminating proxy). */
  readonly allowPlainHttp?: boolean;
  /** Concurrent connections per process; default protocol/server.ts's defaultMaxConnections. */
  readonly maxConnections?: number;
  /**
   * Where the first start writes the admin credentials (secure mode); never inside the data folder.
   * Default: `<data-dir>.admin-credentials`, beside the folder.
   */
  readonly adminCredentialsFile?: string;
  /** Print the first admin credentials on stdout once instead of writing a file. */
  readonly printAdminCredentials?: boolean;
  /**
   * Worker processes sharing the port over the one database (`--workers`, docs/workers.md); the CLI
   * defaults it to the number of cores. startTrent itself always runs one process and ignores it.
   */
  readonly workers?: number;
  /** The identities file (`--config`, TRENT_CONFIG): accounts, users, roles, policies (config/identities.ts). */
  readonly configFile?: string;
}

/** 7733 is registered to nothing in IANA's list and used by no common local tool (LocalStack 4566, moto 5000, local-kms 8080). */
export const defaultPort = 7733;

export const defaults = {
  host: '127.0.0.1',
  port: defaultPort,
  dataDir: '.trent',
  region: 'us-east-1',
  accountId: '111122223333',
  maxClockSkewMs: 5 * 60_000,
  // 256 KiB: the largest valid KMS request with room to spare, counted as the SDKs serialise JSON
  // (UTF-8, only quotes, backslashes and control characters escaped). CreateKey is the largest: a
  // 32 KB policy (the AWS quota; its characters are ≤ U+00FF, so ≤ 2 bytes each: 64 KiB), an 8192-
  // character description (≤ 3 bytes per UTF-16 unit: 24 KiB) and 50 tags of 128 + 256 characters
  // (56.25 KiB), with JSON punctuation, ≈ 150 KB. ImportKeyMaterial of the largest key spec carries
  // EncryptedKeyMaterial and ImportToken of at most 6144 bytes each (CiphertextType), 8 KiB each as
  // base64; an Encrypt with ten 8 KiB grant tokens and a 6 KiB ciphertext ≈ 90 KB. AWS's own
  // request cap is not documented; 1 MiB let an unauthenticated client make the server hold far more.
  maxBodyBytes: 256 * 1024,
  auditDigestIntervalMs: 60_000,
} as const;

/** The environment variables `trent serve` reads. */
export const envNames = {
  dev: 'TRENT_DEV',
  host: 'TRENT_HOST',
  port: 'TRENT_PORT',
  dataDir: 'TRENT_DATA_DIR',
  region: 'TRENT_REGION',
  accountId: 'TRENT_ACCOUNT_ID',
  rootKeyFile: 'TRENT_ROOT_KEY_FILE',
  rootKey: 'TRENT_ROOT_KEY',
  maxClockSkewSeconds: 'TRENT_MAX_CLOCK_SKEW_SECONDS',
  logLevel: 'TRENT_LOG_LEVEL',
  audit: 'TRENT_AUDIT',
  auditWebhookUrl: 'TRENT_AUDIT_WEBHOOK_URL',
  auditRetentionDays: 'TRENT_AUDIT_RETENTION_DAYS',
  tlsCertFile: 'TRENT_TLS_CERT_FILE',
  tlsKeyFile: 'TRENT_TLS_KEY_FILE',
  tlsClientCaFile: 'TRENT_TLS_CLIENT_CA_FILE',
  allowPlainHttp: 'TRENT_ALLOW_PLAIN_HTTP',
  maxConnections: 'TRENT_MAX_CONNECTIONS',
  adminCredentialsFile: 'TRENT_ADMIN_CREDENTIALS_FILE',
  workers: 'TRENT_WORKERS',
  configFile: 'TRENT_CONFIG',
} as const;

/** Most worker processes `--workers` accepts: far beyond any core count Trent is meant for. */
export const maxWorkers = 256;

/** True for an address the dev mode may listen on. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
