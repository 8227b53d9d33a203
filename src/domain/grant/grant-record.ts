/**
 * What Trent stores about a grant: plain data, no behaviour (the rules are in grant-rules.ts).
 * https://docs.aws.amazon.com/kms/latest/developerguide/grants.html
 *
 * A grant belongs to one key and lives in that key's (account, region): the issuing account. Its
 * grantee and retiring principal may be of any account (cross-account grants).
 */
import type { GrantOperation } from '../../api/generated/shapes.js';

/** Encryption-context constraints of a grant (GrantConstraints), in null-prototype maps. */
export interface GrantConstraintsRecord {
  readonly encryptionContextEquals?: Readonly<Record<string, string>>;
  readonly encryptionContextSubset?: Readonly<Record<string, string>>;
}

/** One grant on one KMS key. */
export interface GrantRecord {
  /** 64 lowercase hex characters, unique across all keys, accounts and regions. */
  readonly grantId: string;
  readonly keyId: string;
  /** The key's scope: the grant's issuing account and region. */
  readonly accountId: string;
  readonly region: string;
  /** CreateGrant's Name, when given (1–256 of `[a-zA-Z0-9:/_-]`). */
  readonly name?: string;
  readonly granteePrincipal: string;
  readonly retiringPrincipal?: string;
  /** In the order CreateGrant received them, without duplicates. */
  readonly operations: readonly GrantOperation[];
  readonly constraints?: GrantConstraintsRecord;
  readonly creationDateMs: number;
  /**
   * Set only when the grant has a Name: the canonical form of every CreateGrant parameter
   * (grant-rules.ts `idempotencyKey`). Unique per key in storage, so a retried CreateGrant with the
   * same Name and the same parameters finds the first grant instead of making a second one.
   */
  readonly idempotencyKey?: string;
}
