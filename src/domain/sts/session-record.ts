/**
 * A role session that STS's AssumeRole issued: its temporary access key, whose secret is sealed
 * under the root key like every stored secret, and the hash of its session token. Plain data.
 * Stored in the database, not in a process, because every worker must honour a session any worker
 * issued (DESIGN.md §8).
 */
export interface StsSessionRecord {
  /** `ASIA` + 16 base32 characters, as AWS's temporary access key ids. */
  readonly accessKeyId: string;
  /** The role's account: the caller's account when the session signs a request. */
  readonly accountId: string;
  /** `arn:aws:sts::<account>:assumed-role/<role>/<session>`. */
  readonly principalArn: string;
  /** `arn:aws:iam::<account>:role/<role>`, whose identity policies the session has. */
  readonly roleArn: string;
  readonly sessionName: string;
  readonly sealedSecret: Uint8Array;
  /** Lowercase hex SHA-256 of the session token: the token itself is a bearer secret, never stored. */
  readonly tokenHash: string;
  readonly createdMs: number;
  /** When the credentials stop working (AssumeRole's Credentials.Expiration). */
  readonly expiresMs: number;
}

/**
 * How long a session stays stored after it expired: for that day its credentials keep answering
 * ExpiredToken ("The security token included in the request is expired"), which tells their holder
 * what happened, before the scheduler deletes the row (jobs/scheduler.ts) and they answer as a token
 * that names no session (InvalidClientTokenId / UnrecognizedClientException). Without it, sessions
 * would stay in the database forever. AWS documents no such period; one day is Trent's choice.
 */
export const EXPIRED_SESSION_RETENTION_MS = 24 * 60 * 60 * 1000;
