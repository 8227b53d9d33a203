/**
 * The grant half of the SQLite repository: rows, statements and the methods SqliteRepository
 * delegates to (kept apart so sqlite-repository.ts stays small).
 *
 * Owns: the `grants` table's SQL (migration 5) and the row mapping. Must never: interpret a grant
 * (grant-rules.ts does), or decide Name idempotency in code: the unique index grants_idempotency
 * does, so two processes retrying one CreateGrant get one grant.
 */
import type Database from 'better-sqlite3';
import type { GrantOperation } from '../../api/generated/shapes.js';
import type { GrantConstraintsRecord, GrantRecord } from '../../domain/grant/grant-record.js';
import type { PageRequest } from '../repository.js';

/** A `grants` row, also the named bind parameters of the insert. */
export interface GrantRow {
  grant_id: string;
  key_id: string;
  account_id: string;
  region: string;
  name: string | null;
  grantee_principal: string;
  retiring_principal: string | null;
  operations_json: string;
  constraints_json: string | null;
  creation_date_ms: number;
  idempotency_key: string | null;
}

const grantColumns =
  'grant_id, key_id, account_id, region, name, grantee_principal, retiring_principal, operations_json, ' +
  'constraints_json, creation_date_ms, idempotency_key';

/** JSON of a null-prototype context map, read back into one (keys like `__proto__` stay data). */
function contextFromJson(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(value as Record<string, string>)) out[k] = v;
  return out;
}

function constraintsToJson(constraints: GrantConstraintsRecord | undefined): string | null {
  if (constraints === undefined) return null;
  return JSON.stringify({ equals: constraints.encryptionContextEquals ?? null, subset: constraints.encryptionContextSubset ?? null });
}

function constraintsFromJson(json: string | null): GrantConstraintsRecord | undefined {
  if (json === null) return undefined;
  // JSON.parse makes own `__proto__` properties, never prototype changes; contextFromJson copies them.
  const parsed = JSON.parse(json) as { equals: unknown; subset: unknown };
  const equals = contextFromJson(parsed.equals);
  const subset = contextFromJson(parsed.subset);
  return { ...(equals ? { encryptionContextEquals: equals } : {}), ...(subset ? { encryptionContextSubset: subset } : {}) };
}

export function grantToRow(grant: GrantRecord): GrantRow {
  return {
    grant_id: grant.grantId,
    key_id: grant.keyId,
    account_id: grant.accountId,
    region: grant.region,
    name: grant.name ?? null,
    grantee_principal: grant.granteePrincipal,
    retiring_principal: grant.retiringPrincipal ?? null,
    operations_json: JSON.stringify(grant.operations),
    constraints_json: constraintsToJson(grant.constraints),
    creation_date_ms: grant.creationDateMs,
    idempotency_key: grant.idempotencyKey ?? null,
  };
}

export function rowToGrant(row: GrantRow): GrantRecord {
  const constraints = constraintsFromJson(row.constraints_json);
  return {
    grantId: row.grant_id,
    keyId: row.key_id,
    accountId: row.account_id,
    region: row.region,
    ...(row.name !== null ? { name: row.name } : {}),
    granteePrincipal: row.grantee_principal,
    ...(row.retiring_principal !== null ? { retiringPrincipal: row.retiring_principal } : {}),
    operations: JSON.parse(row.operations_json) as GrantOperation[],
    ...(constraints !== undefined ? { constraints } : {}),
    creationDateMs: row.creation_date_ms,
    ...(row.idempotency_key !== null ? { idempotencyKey: row.idempotency_key } : {}),
  };
}

/** Prepared statements and methods over the grants table of one connection. */
export class SqliteGrants {
  private readonly sql;
  private readonly insertOrFind: Database.Transaction<(grant: GrantRecord) => GrantRecord>;

  constructor(db: Database.Database) {
    this.sql = {
      // DO NOTHING on either unique constraint (grant id, or key + idempotency key): the caller reads back.
      insert: db.prepare<[GrantRow]>(
        `INSERT INTO grants (${grantColumns}) VALUES (@grant_id, @key_id, @account_id, @region, @name,
          @grantee_principal, @retiring_principal, @operations_json, @constraints_json, @creation_date_ms,
          @idempotency_key) ON CONFLICT DO NOTHING`,
      ),
      byIdempotency: db.prepare<[keyId: string, idempotencyKey: string], GrantRow>(
        `SELECT ${grantColumns} FROM grants WHERE key_id = ? AND idempotency_key = ?`,
      ),
      get: db.prepare<[grantId: string], GrantRow>(`SELECT ${grantColumns} FROM grants WHERE grant_id = ?`),
      // One statement for every filter combination: NULL parameters switch a filter off.
      list: db.prepare<{ key: string; after: string | null; grant: string | null; grantee: string | null; limit: number }, GrantRow>(
        `SELECT ${grantColumns} FROM grants WHERE key_id = @key
           AND (@after IS NULL OR grant_id > @after)
           AND (@grant IS NULL OR grant_id = @grant)
           AND (@grantee IS NULL OR grantee_principal = @grantee)
         ORDER BY grant_id LIMIT @limit`,
      ),
      listRetirable: db.prepare<{ account: string; region: string; retiring: string; after: string | null; limit: number }, GrantRow>(
        `SELECT ${grantColumns} FROM grants WHERE account_id = @account AND region = @region
           AND retiring_principal = @retiring AND (@after IS NULL OR grant_id > @after)
         ORDER BY grant_id LIMIT @limit`,
      ),
      delete: db.prepare<[keyId: string, grantId: string]>('DELETE FROM grants WHERE key_id = ? AND grant_id = ?'),
      deleteOfKey: db.prepare<[keyId: string]>('DELETE FROM grants WHERE key_id = ?'),
    };
    this.insertOrFind = db.transaction((grant: GrantRecord) => {
      if (this.sql.insert.run(grantToRow(grant)).changes > 0) return grant;
      const existing = grant.idempotencyKey === undefined ? undefined : this.sql.byIdempotency.get(grant.keyId, grant.idempotencyKey);
      if (existing === undefined) throw new Error(`grant ${grant.grantId} already exists`);
      return rowToGrant(existing);
    });
  }

  /** See Repository.createGrant: insert, or read back the named grant that won, under one write lock. */
  create(grant: GrantRecord): GrantRecord {
    return this.insertOrFind.immediate(grant);
  }

  get(grantId: string): GrantRecord | undefined {
    const row = this.sql.get.get(grantId);
    return row === undefined ? undefined : rowToGrant(row);
  }

  list(keyId: string, page: PageRequest & { readonly grantId?: string; readonly granteePrincipal?: string }, limit: number): GrantRecord[] {
    return this.sql.list.all({
      key: keyId, after: page.after ?? null, grant: page.grantId ?? null, grantee: page.granteePrincipal ?? null, limit,
    }).map(rowToGrant);
  }

  listRetirable(accountId: string, region: string, retiringPrincipal: string, page: PageRequest, limit: number): GrantRecord[] {
    return this.sql.listRetirable.all({ account: accountId, region, retiring: retiringPrincipal, after: page.after ?? null, limit }).map(rowToGrant);
  }

  delete(keyId: string, grantId: string): boolean {
    return this.sql.delete.run(keyId, grantId).changes > 0;
  }

  /** Inside deleteKey's transaction: every grant of the key goes with it. */
  deleteOfKey(keyId: string): void {
    this.sql.deleteOfKey.run(keyId);
  }
}
