/**
 * Parses a policy document (key policy, identity policy or role trust policy) into the compiled
 * form the evaluator walks: wildcards compiled, principals sorted into accounts and ARNs, condition
 * operators resolved. Done once per document (callers cache by key and policy text).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 * Pure.
 */
import { compileCondition, ConditionSyntaxError, type ParsedCondition } from './conditions.js';
import { principalSet, type PrincipalSet } from './principal.js';
import { wildcard, type Matcher } from './wildcard.js';

export interface ParsedStatement {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  /** Set for Principal; `notPrincipal` for NotPrincipal; neither in identity policies. */
  readonly principal?: PrincipalSet;
  readonly notPrincipal?: PrincipalSet;
  /** Exactly one of actions / notActions; undefined both = the statement names no action (ineffective). */
  readonly actions?: readonly Matcher[];
  readonly notActions?: readonly Matcher[];
  readonly resources?: readonly Matcher[];
  readonly notResources?: readonly Matcher[];
  readonly conditions: readonly ParsedCondition[];
}

export interface ParsedPolicy {
  readonly statements: readonly ParsedStatement[];
  /** Every condition key the document tests, lower case (lets callers skip costly keys nobody asks for). */
  readonly conditionKeys: ReadonlySet<string>;
}

/** Where a policy is used: identity policies have no Principal; key and trust policies need one. */
export type PolicyKind = 'resource' | 'identity';

/** A document the grammar refuses; `path` names the element (`Statement[1].Condition`). */
export class PolicyParseError extends Error {
  constructor(readonly path: string, readonly reason: string) {
    super(`${path}: ${reason}`);
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function strings(value: Json | undefined, path: string): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new PolicyParseError(path, 'must be a string or an array of strings');
}

/** Condition values may be strings, numbers or booleans, alone or in an array (IAM grammar). */
function conditionValues(value: Json | undefined, path: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw new PolicyParseError(path, 'condition values must be strings, numbers or booleans');
  });
}

function parsePrincipal(value: Json | undefined, path: string): PrincipalSet {
  if (value === '*') return principalSet([], [], true);
  if (!isObject(value)) throw new PolicyParseError(path, 'must be "*" or an object of principal types');
  const aws: string[] = [];
  const services: string[] = [];
  for (const [type, names] of Object.entries(value)) {
    const list = strings(names, `${path}.${type}`);
    if (type === 'AWS') aws.push(...list);
    else if (type === 'Service') services.push(...list);
    else if (type !== 'Federated' && type !== 'CanonicalUser') throw new PolicyParseError(`${path}.${type}`, 'unknown principal type');
  }
  return principalSet(aws, services, false);
}

function parseConditions(value: Json | undefined, path: string, keys: Set<string>): ParsedCondition[] {
  if (value === undefined) return [];
  if (!isObject(value)) throw new PolicyParseError(path, 'must be an object');
  const out: ParsedCondition[] = [];
  for (const [operator, block] of Object.entries(value)) {
    if (!isObject(block)) throw new PolicyParseError(`${path}.${operator}`, 'must be an object of condition keys');
    for (const [key, values] of Object.entries(block)) {
      try {
        out.push(compileCondition(operator, key, conditionValues(values, `${path}.${operator}.${key}`)));
      } catch (error) {
        if (error instanceof ConditionSyntaxError) throw new PolicyParseError(`${path}.${operator}`, error.message);
        throw error;
      }
      keys.add(key.toLowerCase());
    }
  }
  return out;
}

function parseStatement(s: Json, path: string, kind: PolicyKind, keys: Set<string>): ParsedStatement {
  if (!isObject(s)) throw new PolicyParseError(path, 'a statement must be an object');
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw new PolicyParseError(`${path}.Effect`, 'must be "Allow" or "Deny"');
  const hasPrincipal = s.Principal !== undefined || s.NotPrincipal !== undefined;
  if (kind === 'identity' && hasPrincipal) throw new PolicyParseError(`${path}.Principal`, 'identity policies name no principal');
  if (kind === 'resource' && !hasPrincipal) throw new PolicyParseError(`${path}.Principal`, 'is required');
  for (const pair of ['Principal', 'Action', 'Resource']) {
    if (s[pair] !== undefined && s[`Not${pair}`] !== undefined) throw new PolicyParseError(path, `has both ${pair} and Not${pair}`);
  }
  const compile = (name: string, ignoreCase: boolean): Matcher[] | undefined =>
    s[name] === undefined ? undefined : strings(s[name], `${path}.${name}`).map((p) => wildcard(p, ignoreCase));
  const statement: ParsedStatement = {
    effect: s.Effect,
    ...(typeof s.Sid === 'string' ? { sid: s.Sid } : {}),
    ...(s.Principal !== undefined ? { principal: parsePrincipal(s.Principal, `${path}.Principal`) } : {}),
    ...(s.NotPrincipal !== undefined ? { notPrincipal: parsePrincipal(s.NotPrincipal, `${path}.NotPrincipal`) } : {}),
    ...optional('actions', compile('Action', true)),
    ...optional('notActions', compile('NotAction', true)),
    ...optional('resources', compile('Resource', false)),
    ...optional('notResources', compile('NotResource', false)),
    conditions: parseConditions(s.Condition, `${path}.Condition`, keys),
  };
  return statement;
}

function optional<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
}

/** Parses `document` (JSON text or an already parsed object, as a YAML configuration gives). */
export function parsePolicy(document: string | object, kind: PolicyKind): ParsedPolicy {
  let json: unknown = document;
  if (typeof document === 'string') {
    try {
      json = JSON.parse(document);
    } catch {
      throw new PolicyParseError('(document)', 'is not JSON');
    }
  }
  if (!isObject(json)) throw new PolicyParseError('(document)', 'must be an object');
  if (json.Version !== undefined && json.Version !== '2012-10-17' && json.Version !== '2008-10-17') {
    throw new PolicyParseError('Version', 'must be "2012-10-17" or "2008-10-17"');
  }
  const raw = json.Statement;
  if (raw === undefined || (Array.isArray(raw) && raw.length === 0)) throw new PolicyParseError('Statement', 'needs at least one statement');
  const list = Array.isArray(raw) ? raw : [raw];
  const keys = new Set<string>();
  const statements = list.map((s, i) => parseStatement(s, Array.isArray(raw) ? `Statement[${i}]` : 'Statement', kind, keys));
  return { statements, conditionKeys: keys };
}
