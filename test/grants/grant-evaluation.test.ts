/**
 * Grant evaluation cases for the access-control table (issue 17): each case names the AWS
 * documentation rule it checks. They run through the GrantCheck the Authorizer consults
 * (service/grants/stored-grant-check.ts) over a real SQLite repository, so the grantee and token
 * lookups are the production ones.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { GrantOperation } from '../../src/api/generated/shapes.js';
import type { GrantConstraintsRecord, GrantRecord } from '../../src/domain/grant/grant-record.js';
import { constraintsAtLeastAsStrict, mayRetire } from '../../src/domain/grant/grant-rules.js';
import type { KeyRecord } from '../../src/domain/key/key-record.js';
import { systemRandom } from '../../src/platform/random.js';
import { newGrantId, newGrantToken } from '../../src/service/grants/grant-token.js';
import { createGrantCheck } from '../../src/service/grants/stored-grant-check.js';
import { openSqliteRepository, type SqliteRepository } from '../../src/storage/sqlite/sqlite-repository.js';
import { makeKey } from '../storage/records.js';

const acct = '111122223333';
const bob = `arn:aws:iam::${acct}:user/bob`;
const alice = `arn:aws:iam::${acct}:user/alice`;
const role = `arn:aws:iam::${acct}:role/app`;
const pathRole = `arn:aws:iam::${acct}:role/team/web`;
const session = `arn:aws:sts::${acct}:assumed-role/app/s1`;
const webSession = `arn:aws:sts::${acct}:assumed-role/web/s2`;
const crossUser = 'arn:aws:iam::444455556666:user/eve';

const GC = 'Developer Guide, Grant concepts: a grant allows its grantee the grant operations';
const CON = 'API Reference, GrantConstraints';
const CON_SKIP = 'API Reference, CreateGrant Constraints: DescribeKey and RetireGrant are not constrained';
const CON_ASYM = 'API Reference, CreateGrant Constraints: no encryption-context constraint for asymmetric or HMAC keys';
const ROLE = 'Developer Guide, Grant concepts: a role grantee covers its assumed-role sessions';
const TOKEN = 'Developer Guide, Using a grant token';

interface Case {
  readonly rule: string;
  readonly title: string;
  readonly grant: { grantee?: string; operations: GrantOperation[]; constraints?: GrantConstraintsRecord };
  readonly principal: string;
  readonly operation: string;
  readonly context?: Record<string, string>;
  readonly keySpec?: KeyRecord['keySpec'];
  readonly allowed: boolean;
}

const c = (pairs: Record<string, string>): Record<string, string> => Object.assign(Object.create(null), pairs);

const cases: Case[] = [
  { rule: GC, title: 'grantee, listed operation', grant: { operations: ['Decrypt'] }, principal: bob, operation: 'Decrypt', allowed: true },
  { rule: GC, title: 'grantee, operation not listed', grant: { operations: ['Decrypt'] }, principal: bob, operation: 'Encrypt', allowed: false },
  { rule: GC, title: 'another principal of the same account', grant: { operations: ['Decrypt'] }, principal: alice, operation: 'Decrypt', allowed: false },
  { rule: GC, title: 'a cross-account grantee', grant: { grantee: crossUser, operations: ['Encrypt'] }, principal: crossUser, operation: 'Encrypt', allowed: true },
  { rule: GC, title: 'the key account root is not the grantee', grant: { operations: ['Decrypt'] }, principal: `arn:aws:iam::${acct}:root`, operation: 'Decrypt', allowed: false },
  { rule: GC, title: 'ReEncryptFrom is its own grant operation', grant: { operations: ['ReEncryptTo'] }, principal: bob, operation: 'ReEncryptFrom', allowed: false },
  { rule: GC, title: 'ReEncryptTo listed', grant: { operations: ['ReEncryptTo'] }, principal: bob, operation: 'ReEncryptTo', allowed: true },
  { rule: GC, title: 'GenerateDataKey does not cover GenerateDataKeyWithoutPlaintext', grant: { operations: ['GenerateDataKey'] }, principal: bob, operation: 'GenerateDataKeyWithoutPlaintext', allowed: false },
  { rule: GC, title: 'a grant never gives a non-grant operation (PutKeyPolicy)', grant: { operations: ['Decrypt', 'Encrypt', 'DescribeKey'] }, principal: bob, operation: 'PutKeyPolicy', allowed: false },
  { rule: GC, title: 'a grant never gives ScheduleKeyDeletion', grant: { operations: ['Decrypt'] }, principal: bob, operation: 'ScheduleKeyDeletion', allowed: false },
  { rule: CON, title: 'Subset: the request includes the pair', grant: { operations: ['Decrypt'], constraints: { encryptionContextSubset: c({ team: 'a' }) } }, principal: bob, operation: 'Decrypt', context: { team: 'a' }, allowed: true },
  { rule: CON, title: 'Subset: the request adds pairs', grant: { operations: ['Decrypt'], constraints: { encryptionContextSubset: c({ team: 'a' }) } }, principal: bob, operation: 'Decrypt', context: { team: 'a', x: 'y' }, allowed: true },
  { rule: CON, title: 'Subset: wrong value', grant: { operations: ['Decrypt'], constraints: { encryptionContextSubset: c({ team: 'a' }) } }, principal: bob, operation: 'Decrypt', context: { team: 'b' }, allowed: false },
  { rule: CON, title: 'Subset: pair missing', grant: { operations: ['Decrypt'], constraints: { encryptionContextSubset: c({ team: 'a' }) } }, principal: bob, operation: 'Decrypt', context: { other: 'a' }, allowed: false },
  { rule: CON, title: 'Subset: no context at all', grant: { operations: ['Encrypt'], constraints: { encryptionContextSubset: c({ team: 'a' }) } }, principal: bob, operation: 'Encrypt', allowed: false },
  { rule: CON, title: 'Subset: keys compare case-insensitively', grant: { operations: ['Decrypt'], constraints: { encryptionContextSubset: c({ Team: 'a' }) } }, principal: bob, operation: 'Decrypt', context: { team: 'a' }, allowed: true },
  { rule: CON, title: 'Subset: values compare case-sensitively', grant: { operations: ['Decrypt'], constraints: { encryptionContextSubset: c({ team: 'a' }) } }, principal: bob, operation: 'Decrypt', context: { team: 'A' }, allowed: false },
  { rule: CON, title: 'Equals: exactly the pairs', grant: { operations: ['GenerateDataKey'], constraints: { encryptionContextEquals: c({ a: '1', b: '2' }) } }, principal: bob, operation: 'GenerateDataKey', context: { b: '2', a: '1' }, allowed: true },
  { rule: CON, title: 'Equals: an extra pair', grant: { operations: ['GenerateDataKey'], constraints: { encryptionContextEquals: c({ a: '1' }) } }, principal: bob, operation: 'GenerateDataKey', context: { a: '1', b: '2' }, allowed: false },
  { rule: CON, title: 'Equals: a missing pair', grant: { operations: ['Decrypt'], constraints: { encryptionContextEquals: c({ a: '1', b: '2' }) } }, principal: bob, operation: 'Decrypt', context: { a: '1' }, allowed: false },
  { rule: CON, title: 'Equals {}: only a request without context', grant: { operations: ['Encrypt'], constraints: { encryptionContextEquals: c({}) } }, principal: bob, operation: 'Encrypt', allowed: true },
  { rule: CON, title: 'Equals {}: a request with context', grant: { operations: ['Encrypt'], constraints: { encryptionContextEquals: c({}) } }, principal: bob, operation: 'Encrypt', context: { a: '1' }, allowed: false },
  { rule: CON, title: 'Equals and Subset both apply', grant: { operations: ['Decrypt'], constraints: { encryptionContextEquals: c({ a: '1' }), encryptionContextSubset: c({ a: '2' }) } }, principal: bob, operation: 'Decrypt', context: { a: '1' }, allowed: false },
  { rule: CON, title: 'Subset: a __proto__ key is plain data', grant: { operations: ['Decrypt'], constraints: { encryptionContextSubset: c({ ['__proto__']: 'x' }) } }, principal: bob, operation: 'Decrypt', context: c({ ['__proto__']: 'x' }), allowed: true },
  { rule: CON_SKIP, title: 'DescribeKey ignores the constraint', grant: { operations: ['DescribeKey'], constraints: { encryptionContextSubset: c({ a: '1' }) } }, principal: bob, operation: 'DescribeKey', allowed: true },
  { rule: CON_SKIP, title: 'RetireGrant ignores the constraint', grant: { operations: ['RetireGrant'], constraints: { encryptionContextEquals: c({ a: '1' }) } }, principal: bob, operation: 'RetireGrant', allowed: true },
  { rule: CON_ASYM, title: 'a constrained grant cannot allow Sign', grant: { operations: ['Sign'], constraints: { encryptionContextSubset: c({ a: '1' }) } }, principal: bob, operation: 'Sign', keySpec: 'ECC_NIST_P256', allowed: false },
  { rule: CON_ASYM, title: 'an unconstrained grant allows Sign', grant: { operations: ['Sign'] }, principal: bob, operation: 'Sign', keySpec: 'ECC_NIST_P256', allowed: true },
  { rule: CON_ASYM, title: 'a constrained grant cannot allow RSA Decrypt', grant: { operations: ['Decrypt'], constraints: { encryptionContextSubset: c({}) } }, principal: bob, operation: 'Decrypt', keySpec: 'RSA_2048', allowed: false },
  { rule: CON_ASYM, title: 'a constrained grant cannot allow GenerateMac', grant: { operations: ['GenerateMac'], constraints: { encryptionContextEquals: c({}) } }, principal: bob, operation: 'GenerateMac', keySpec: 'HMAC_256', allowed: false },
  { rule: ROLE, title: 'a role grant covers the role\'s session', grant: { grantee: role, operations: ['Decrypt'] }, principal: session, operation: 'Decrypt', allowed: true },
  { rule: ROLE, title: 'a role grant with a path covers its session', grant: { grantee: pathRole, operations: ['Decrypt'] }, principal: webSession, operation: 'Decrypt', allowed: true },
  { rule: ROLE, title: 'a role grant does not cover another role\'s session', grant: { grantee: role, operations: ['Decrypt'] }, principal: webSession, operation: 'Decrypt', allowed: false },
  { rule: ROLE, title: 'a session grant covers that session only', grant: { grantee: session, operations: ['Decrypt'] }, principal: `arn:aws:sts::${acct}:assumed-role/app/other`, operation: 'Decrypt', allowed: false },
  { rule: ROLE, title: 'a role grant does not cover the same role name in another account', grant: { grantee: role, operations: ['Decrypt'] }, principal: 'arn:aws:sts::444455556666:assumed-role/app/s1', operation: 'Decrypt', allowed: false },
];

let dir: string;
let repo: SqliteRepository;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'trent-grants-'));
  repo = openSqliteRepository(join(dir, 'trent.db'));
});
after(async () => {
  await repo.close();
  rmSync(dir, { recursive: true, force: true });
});

async function storeGrant(key: KeyRecord, grant: Case['grant']): Promise<GrantRecord> {
  return repo.createGrant({
    grantId: newGrantId(systemRandom), keyId: key.keyId, accountId: key.accountId, region: key.region,
    granteePrincipal: grant.grantee ?? bob, operations: grant.operations,
    ...(grant.constraints ? { constraints: grant.constraints } : {}), creationDateMs: 0,
  });
}

describe('grant evaluation table', () => {
  for (const row of cases) {
    test(`${row.allowed ? 'allows' : 'denies'}: ${row.title} (${row.rule})`, async () => {
      const key = makeKey({ accountId: acct, keySpec: row.keySpec ?? 'SYMMETRIC_DEFAULT' });
      await storeGrant(key, row.grant);
      const check = createGrantCheck(repo);
      const allowed = await check.allows({ key, principalArn: row.principal, operation: row.operation, ...(row.context ? { encryptionContext: row.context } : {}) });
      assert.equal(allowed, row.allowed);
    });
  }

  test(`a grant of another key gives nothing on this one, even when its token is presented (${TOKEN})`, async () => {
    const key = makeKey({ accountId: acct });
    const otherKey = makeKey({ accountId: acct });
    const grant = await storeGrant(otherKey, { operations: ['Decrypt'] });
    const check = createGrantCheck(repo);
    assert.equal(await check.allows({ key, principalArn: bob, operation: 'Decrypt', grantTokens: [newGrantToken(grant.grantId, systemRandom)] }), false);
    assert.equal(await check.allows({ key: otherKey, principalArn: bob, operation: 'Decrypt', grantTokens: [newGrantToken(grant.grantId, systemRandom)] }), true);
  });

  test(`a token of a retired grant gives nothing (${TOKEN})`, async () => {
    const key = makeKey({ accountId: acct });
    const grant = await storeGrant(key, { operations: ['Decrypt'] });
    const token = newGrantToken(grant.grantId, systemRandom);
    await repo.deleteGrant(key.keyId, grant.grantId);
    assert.equal(await createGrantCheck(repo).allows({ key, principalArn: bob, operation: 'Decrypt', grantTokens: [token] }), false);
  });

  test(`a token never changes the grantee: another principal presenting it gets nothing (${TOKEN})`, async () => {
    const key = makeKey({ accountId: acct });
    const grant = await storeGrant(key, { operations: ['Decrypt'] });
    const token = newGrantToken(grant.grantId, systemRandom);
    assert.equal(await createGrantCheck(repo).allows({ key, principalArn: alice, operation: 'Decrypt', grantTokens: [token] }), false);
  });

  test('a grant on a key is gone with the key (Developer Guide, Deleting KMS keys)', async () => {
    const key = makeKey({ accountId: acct });
    await repo.createKey(key);
    await storeGrant(key, { operations: ['Decrypt'] });
    assert.equal(await createGrantCheck(repo).allows({ key, principalArn: bob, operation: 'Decrypt' }), true);
    await repo.deleteKey(key);
    assert.equal(await createGrantCheck(repo).allows({ key, principalArn: bob, operation: 'Decrypt' }), false);
  });
});

describe('who may retire a grant (Developer Guide, Retiring and revoking grants)', () => {
  const grant = (extra: Partial<GrantRecord>): GrantRecord => ({
    grantId: '0'.repeat(64), keyId: 'k', accountId: acct, region: 'eu-west-1', granteePrincipal: bob, operations: ['Decrypt'], creationDateMs: 0, ...extra,
  });
  const rows: [string, GrantRecord, string, boolean][] = [
    ['the retiring principal', grant({ retiringPrincipal: alice }), alice, true],
    ['a retiring principal of another account', grant({ retiringPrincipal: crossUser }), crossUser, true],
    ['a session of the retiring role', grant({ retiringPrincipal: role }), session, true],
    ['the grantee without RetireGrant', grant({}), bob, false],
    ['the grantee with RetireGrant', grant({ operations: ['Decrypt', 'RetireGrant'] }), bob, true],
    ['the account in which the grant was created', grant({}), `arn:aws:iam::${acct}:root`, true],
    ['a user of that account', grant({}), alice, false],
    ['another account root', grant({}), 'arn:aws:iam::444455556666:root', false],
  ];
  for (const [title, g, principal, allowed] of rows) {
    test(`${allowed ? 'may' : 'may not'}: ${title}`, () => assert.equal(mayRetire(g, principal), allowed));
  }
});

describe('a constrained CreateGrant permission needs equally strict child constraints (API Reference, CreateGrant Constraints)', () => {
  const rows: [string, GrantConstraintsRecord | undefined, GrantConstraintsRecord | undefined, boolean][] = [
    ['no parent constraint', undefined, undefined, true],
    ['parent Subset, child none', { encryptionContextSubset: c({ a: '1' }) }, undefined, false],
    ['parent Subset, child the same Subset', { encryptionContextSubset: c({ a: '1' }) }, { encryptionContextSubset: c({ a: '1' }) }, true],
    ['parent Subset, child a larger Subset', { encryptionContextSubset: c({ a: '1' }) }, { encryptionContextSubset: c({ a: '1', b: '2' }) }, true],
    ['parent Subset, child Equals including it', { encryptionContextSubset: c({ a: '1' }) }, { encryptionContextEquals: c({ a: '1', b: '2' }) }, true],
    ['parent Subset, child another value', { encryptionContextSubset: c({ a: '1' }) }, { encryptionContextSubset: c({ a: '2' }) }, false],
    ['parent Equals, child the same Equals', { encryptionContextEquals: c({ a: '1' }) }, { encryptionContextEquals: c({ a: '1' }) }, true],
    ['parent Equals, child Subset', { encryptionContextEquals: c({ a: '1' }) }, { encryptionContextSubset: c({ a: '1' }) }, false],
  ];
  for (const [title, parent, child, ok] of rows) {
    test(`${ok ? 'stricter or equal' : 'looser'}: ${title}`, () => assert.equal(constraintsAtLeastAsStrict(parent, child), ok));
  }
});
