/**
 * The STS-session half of the SQLite repository (migration 6), delegated to by SqliteRepository.
 * Owns: the sts_sessions SQL and row mapping. Must never: unseal a secret or compare tokens.
 */
import type Database from 'better-sqlite3';
import type { StsSessionRecord } from '../../domain/sts/session-record.js';

interface SessionRow {
  access_key_id: string;
  account_id: string;
  principal_arn: string;
  role_arn: string;
  session_name: string;
  sealed_secret: Uint8Array;
  token_hash: string;
  created_ms: number;
  expires_ms: number;
}

const columns = 'access_key_id, account_id, principal_arn, role_arn, session_name, sealed_secret, token_hash, created_ms, expires_ms';

function toRow(s: StsSessionRecord): SessionRow {
  return {
    access_key_id: s.accessKeyId, account_id: s.accountId, principal_arn: s.principalArn, role_arn: s.roleArn,
    session_name: s.sessionName, sealed_secret: s.sealedSecret, token_hash: s.tokenHash, created_ms: s.createdMs, expires_ms: s.expiresMs,
  };
}

function fromRow(r: SessionRow): StsSessionRecord {
  return {
    accessKeyId: r.access_key_id, accountId: r.account_id, principalArn: r.principal_arn, roleArn: r.role_arn,
    sessionName: r.session_name, sealedSecret: new Uint8Array(r.sealed_secret), tokenHash: r.token_hash,
    createdMs: r.created_ms, expiresMs: r.expires_ms,
  };
}

/** Prepared statements and methods over sts_sessions of one connection. */
export class SqliteSessions {
  private readonly sql;

  constructor(db: Database.Database) {
    this.sql = {
      insert: db.prepare<[SessionRow]>(
        `INSERT INTO sts_sessions (${columns}) VALUES (@access_key_id, @account_id, @principal_arn, @role_arn,
          @session_name, @sealed_secret, @token_hash, @created_ms, @expires_ms)`,
      ),
      get: db.prepare<[accessKeyId: string], SessionRow>(`SELECT ${columns} FROM sts_sessions WHERE access_key_id = ?`),
      deleteExpired: db.prepare<[beforeMs: number]>('DELETE FROM sts_sessions WHERE expires_ms <= ?'),
    };
  }

  create(session: StsSessionRecord): void {
    this.sql.insert.run(toRow(session));
  }

  get(accessKeyId: string): StsSessionRecord | undefined {
    const row = this.sql.get.get(accessKeyId);
    return row === undefined ? undefined : fromRow(row);
  }

  deleteExpired(beforeMs: number): number {
    return this.sql.deleteExpired.run(beforeMs).changes;
  }
}
