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
  // The largest KMS request (a 32 KB policy, 4 KB plaintext as base64, tags) is far below this.
  maxBodyBytes: 1024 * 1024,
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
} as const;

/** True for an address the dev mode may listen on. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
