/**
 * The identities file of `trent serve --config FILE` (env TRENT_CONFIG), YAML or JSON (YAML 1.2 reads
 * JSON too): accounts, their IAM users with access keys and identity policies, and roles with a
 * trust policy and identity policies (issue 17 item 1). Validated whole on start; every problem is
 * reported with the path of the bad element (`accounts[0].users[1].name`), so the operator can fix it.
 *
 * The file is configuration, not state: every process reads the same file on start and nothing is
 * written back, so workers agree without the database. Secrets are sealed under the root key as soon
 * as the directory is built (service/identities.ts) and the plaintext copies are dropped.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parsePolicy, PolicyParseError, type ParsedPolicy, type PolicyKind } from '../domain/policy/parse-policy.js';

export interface ConfiguredAccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface ConfiguredUser {
  readonly accountId: string;
  readonly name: string;
  /** `arn:aws:iam::<account>:user/<name>`. */
  readonly arn: string;
  readonly accessKeys: readonly ConfiguredAccessKey[];
  readonly policies: readonly ParsedPolicy[];
}

export interface ConfiguredRole {
  readonly accountId: string;
  readonly name: string;
  /** `arn:aws:iam::<account>:role/<name>`; its sessions are `arn:aws:sts::<account>:assumed-role/<name>/<session>`. */
  readonly arn: string;
  readonly trustPolicy: ParsedPolicy;
  readonly policies: readonly ParsedPolicy[];
  /** Longest session AssumeRole may grant, seconds (IAM default 3600; configurable 3600–43200). */
  readonly maxSessionDurationSeconds: number;
}

export interface IdentityConfig {
  readonly accounts: readonly { readonly id: string; readonly users: readonly ConfiguredUser[]; readonly roles: readonly ConfiguredRole[] }[];
}

/** A bad identities file; the message names the file, the path inside it and what is wrong. */
export class IdentityConfigError extends Error {
  override readonly name = 'IdentityConfigError';
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

// IAM's name rules: "alphanumeric characters and +=,.@_-", users and roles up to 64 characters.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
const iamName = /^[\w+=,.@-]{1,64}$/;
// "Length Constraints: Minimum length of 16. Maximum length of 128. Pattern: [\w]+" (IAM AccessKey).
const accessKeyIdPattern = /^\w{16,128}$/;

class Checker {
  readonly problems: string[] = [];
  fail(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }
  /** Reports elements the shape does not define (a typo would otherwise be silently ignored). */
  known(value: Obj, path: string, names: readonly string[]): void {
    for (const k of Object.keys(value)) if (!names.includes(k)) this.fail(`${path}.${k}`, `unknown element (expected one of ${names.join(', ')})`);
  }
  list(value: unknown, path: string): unknown[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.fail(path, 'must be a list');
      return [];
    }
    return value;
  }
  policy(value: unknown, path: string, kind: PolicyKind): ParsedPolicy | undefined {
    if (!isObj(value)) {
      this.fail(path, 'must be a policy document (an object with Version and Statement)');
      return undefined;
    }
    try {
      return parsePolicy(value, kind);
    } catch (error) {
      if (error instanceof PolicyParseError) {
        this.fail(error.path === '(document)' ? path : `${path}.${error.path}`, error.reason);
        return undefined;
      }
      throw error;
    }
  }
  policies(value: unknown, path: string): ParsedPolicy[] {
    return this.list(value, path).flatMap((p, i) => this.policy(p, `${path}[${i}]`, 'identity') ?? []);
  }
}

function checkName(c: Checker, value: unknown, path: string, seen: Set<string>, what: string): string {
  if (typeof value !== 'string' || !iamName.test(value)) {
    c.fail(path, `must be a ${what} name of 1 to 64 letters, digits and +=,.@_-`);
    return '';
  }
  if (seen.has(value)) c.fail(path, `${what} ${value} is declared twice in this account`);
  seen.add(value);
  return value;
}

function readUser(c: Checker, u: unknown, path: string, accountId: string, names: Set<string>, keyIds: Set<string>): ConfiguredUser | undefined {
  if (!isObj(u)) {
    c.fail(path, 'must be an object with name, accessKeys and policies');
    return undefined;
  }
  c.known(u, path, ['name', 'accessKeys', 'policies']);
  const name = checkName(c, u.name, `${path}.name`, names, 'user');
  const accessKeys: ConfiguredAccessKey[] = [];
  c.list(u.accessKeys, `${path}.accessKeys`).forEach((k, i) => {
    const at = `${path}.accessKeys[${i}]`;
    if (!isObj(k)) return c.fail(at, 'must be an object with accessKeyId and secretAccessKey');
    c.known(k, at, ['accessKeyId', 'secretAccessKey']);
    const { accessKeyId, secretAccessKey } = k;
    if (typeof accessKeyId !== 'string' || !accessKeyIdPattern.test(accessKeyId)) c.fail(`${at}.accessKeyId`, 'must be 16 to 128 letters and digits (like AKIAIOSFODNN7EXAMPLE)');
    else if (keyIds.has(accessKeyId)) c.fail(`${at}.accessKeyId`, `access key ${accessKeyId} is declared twice`);
    if (typeof secretAccessKey !== 'string' || secretAccessKey.length < 1) c.fail(`${at}.secretAccessKey`, 'must be a non-empty string');
    if (typeof accessKeyId === 'string' && typeof secretAccessKey === 'string') {
      keyIds.add(accessKeyId);
      accessKeys.push({ accessKeyId, secretAccessKey });
    }
  });
  const policies = c.policies(u.policies, `${path}.policies`);
  return { accountId, name, arn: `arn:aws:iam::${accountId}:user/${name}`, accessKeys, policies };
}

function readRole(c: Checker, r: unknown, path: string, accountId: string, names: Set<string>): ConfiguredRole | undefined {
  if (!isObj(r)) {
    c.fail(path, 'must be an object with name, trustPolicy and policies');
    return undefined;
  }
  c.known(r, path, ['name', 'trustPolicy', 'policies', 'maxSessionDuration']);
  const name = checkName(c, r.name, `${path}.name`, names, 'role');
  const trustPolicy = r.trustPolicy === undefined ? (c.fail(`${path}.trustPolicy`, 'is required: it says who may assume the role'), undefined)
    : c.policy(r.trustPolicy, `${path}.trustPolicy`, 'resource');
  const policies = c.policies(r.policies, `${path}.policies`);
  const max = r.maxSessionDuration ?? 3600;
  // "MaxSessionDuration … 3600 to 43200" (IAM API Reference, CreateRole).
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 3600 || max > 43200) c.fail(`${path}.maxSessionDuration`, 'must be a whole number of seconds from 3600 to 43200');
  if (!trustPolicy) return undefined;
  return { accountId, name, arn: `arn:aws:iam::${accountId}:role/${name}`, trustPolicy, policies, maxSessionDurationSeconds: typeof max === 'number' ? max : 3600 };
}

/** Validates a parsed identities document; IdentityConfigError lists every problem, one per line. */
export function readIdentityConfig(document: unknown, source = 'the identities file'): IdentityConfig {
  const c = new Checker();
  const accounts: IdentityConfig['accounts'][number][] = [];
  if (!isObj(document)) throw new IdentityConfigError(`${source}: must be a mapping with an "accounts" list`);
  c.known(document, '(top level)', ['accounts']);
  const accountIds = new Set<string>();
  const keyIds = new Set<string>();
  c.list(document.accounts, 'accounts').forEach((a, i) => {
    const path = `accounts[${i}]`;
    if (!isObj(a)) return c.fail(path, 'must be an object with id, users and roles');
    c.known(a, path, ['id', 'users', 'roles']);
    // YAML reads an unquoted 111122223333 as a number: accept it, but a 12-digit string is what an account id is.
    const id = typeof a.id === 'number' ? String(a.id) : a.id;
    if (typeof id !== 'string' || !/^\d{12}$/.test(id)) return c.fail(`${path}.id`, 'must be a 12-digit account id, quoted ("111122223333")');
    if (accountIds.has(id)) c.fail(`${path}.id`, `account ${id} is declared twice`);
    accountIds.add(id);
    const userNames = new Set<string>();
    const roleNames = new Set<string>();
    const users = c.list(a.users, `${path}.users`).flatMap((u, j) => readUser(c, u, `${path}.users[${j}]`, id, userNames, keyIds) ?? []);
    const roles = c.list(a.roles, `${path}.roles`).flatMap((r, j) => readRole(c, r, `${path}.roles[${j}]`, id, roleNames) ?? []);
    accounts.push({ id, users, roles });
  });
  if (c.problems.length > 0) throw new IdentityConfigError(`${source}: ${c.problems.join(`\n${source}: `)}`);
  return { accounts };
}

/**
 * The yaml package, loaded on first use: only a server started with --config needs it, and
 * importing it costs every start-up (issue 16's cold-start goal, ≤ 300 ms) tens of milliseconds.
 */
function parseYaml(text: string): unknown {
  const yaml = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yaml.parse(text);
}

/** Reads and validates the identities file at `path` (YAML or JSON). */
export function loadIdentityConfig(path: string): IdentityConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new IdentityConfigError(`cannot read the identities file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new IdentityConfigError(`${path}: not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  return readIdentityConfig(document, path);
}
