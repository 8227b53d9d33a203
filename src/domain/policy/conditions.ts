/**
 * The Condition element: IAM's condition operators, their `...IfExists` forms and the
 * `ForAllValues:` / `ForAnyValue:` set qualifiers, over a request's condition context.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * Pure.
 */
import { inCidr } from './ip-address.js';
import { wildcard, type Matcher } from './wildcard.js';

/**
 * The request's condition keys, looked up in lower case ("condition key names are not case
 * sensitive"). A single-valued key gives one value, a multivalued key (kms:EncryptionContextKeys,
 * aws:TagKeys …) all of them; an absent key gives undefined.
 */
export interface ConditionContext {
  get(key: string): readonly string[] | undefined;
}

type Compare = (contextValue: string) => boolean;

interface OperatorFamily {
  /** Builds the test of one context value against one condition value. */
  readonly build: (conditionValue: string) => Compare;
  /** StringNotEquals & co.: true when the context value matches none of the condition values. */
  readonly negated: boolean;
}

function dateMs(text: string): number {
  // Date conditions take ISO 8601 dates or epoch seconds.
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  return Date.parse(text);
}

function numeric(compare: (a: number, b: number) => boolean): (conditionValue: string) => Compare {
  return (c) => {
    const b = Number(c);
    return (v) => {
      const a = Number(v);
      return v.trim() !== '' && !Number.isNaN(a) && !Number.isNaN(b) && compare(a, b);
    };
  };
}

function date(compare: (a: number, b: number) => boolean): (conditionValue: string) => Compare {
  return (c) => {
    const b = dateMs(c);
    return (v) => {
      const a = dateMs(v);
      return !Number.isNaN(a) && !Number.isNaN(b) && compare(a, b);
    };
  };
}

/** ARN matching is segment by segment, each with wildcards ("ArnEquals and ArnLike behave the same"). */
function arnLike(c: string): Compare {
  const parts = splitArn(c);
  const matchers: Matcher[] | undefined = parts?.map((p) => wildcard(p, false));
  return (v) => {
    const vp = splitArn(v);
    if (!matchers || !vp) return false;
    return matchers.every((m, i) => m.test(vp[i]!));
  };
}

function splitArn(text: string): string[] | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

const exact = (c: string): Compare => (v) => v === c;
const ignoreCase = (c: string): Compare => { const l = c.toLowerCase(); return (v) => v.toLowerCase() === l; };
const like = (c: string): Compare => { const m = wildcard(c, false); return (v) => m.test(v); };
const bool = (c: string): Compare => { const l = c.toLowerCase(); return (v) => v.toLowerCase() === l; };
const ip = (c: string): Compare => (v) => inCidr(v, c);
const binary = (c: string): Compare => (v) => v === c; // base64 text compared as given

const families: Record<string, OperatorFamily> = {
  stringequals: { build: exact, negated: false },
  stringnotequals: { build: exact, negated: true },
  stringequalsignorecase: { build: ignoreCase, negated: false },
  stringnotequalsignorecase: { build: ignoreCase, negated: true },
  stringlike: { build: like, negated: false },
  stringnotlike: { build: like, negated: true },
  numericequals: { build: numeric((a, b) => a === b), negated: false },
  numericnotequals: { build: numeric((a, b) => a === b), negated: true },
  numericlessthan: { build: numeric((a, b) => a < b), negated: false },
  numericlessthanequals: { build: numeric((a, b) => a <= b), negated: false },
  numericgreaterthan: { build: numeric((a, b) => a > b), negated: false },
  numericgreaterthanequals: { build: numeric((a, b) => a >= b), negated: false },
  dateequals: { build: date((a, b) => a === b), negated: false },
  datenotequals: { build: date((a, b) => a === b), negated: true },
  datelessthan: { build: date((a, b) => a < b), negated: false },
  datelessthanequals: { build: date((a, b) => a <= b), negated: false },
  dategreaterthan: { build: date((a, b) => a > b), negated: false },
  dategreaterthanequals: { build: date((a, b) => a >= b), negated: false },
  bool: { build: bool, negated: false },
  binaryequals: { build: binary, negated: false },
  ipaddress: { build: ip, negated: false },
  notipaddress: { build: ip, negated: true },
  arnequals: { build: arnLike, negated: false },
  arnlike: { build: arnLike, negated: false },
  arnnotequals: { build: arnLike, negated: true },
  arnnotlike: { build: arnLike, negated: true },
};

/** One compiled `"Operator": { "key": values }` entry. */
export interface ParsedCondition {
  /** As written, for messages. */
  readonly operator: string;
  /** Lower case. */
  readonly key: string;
  test(context: ConditionContext): boolean;
}

/** Why a condition block cannot be compiled (an unknown operator, a bad Null value). */
export class ConditionSyntaxError extends Error {}

/** Compiles one operator / key / values triple. */
export function compileCondition(operator: string, key: string, values: readonly string[]): ParsedCondition {
  let name = operator;
  let set: 'all' | 'any' | undefined;
  const colon = name.indexOf(':');
  if (colon >= 0) {
    const qualifier = name.slice(0, colon).toLowerCase();
    if (qualifier === 'forallvalues') set = 'all';
    else if (qualifier === 'foranyvalue') set = 'any';
    else throw new ConditionSyntaxError(`unknown condition qualifier ${operator}`);
    name = name.slice(colon + 1);
  }
  let lower = name.toLowerCase();
  const lowerKey = key.toLowerCase();
  if (lower === 'null') {
    const want = values.map((v) => v.toLowerCase());
    if (want.length === 0 || want.some((v) => v !== 'true' && v !== 'false')) throw new ConditionSyntaxError('Null takes true or false');
    // "true": the key must be absent; "false": present. Several values: any of them (OR).
    return {
      operator, key: lowerKey,
      test: (context) => {
        const value = context.get(lowerKey);
        const absent = value === undefined || value.length === 0;
        return want.some((w) => (w === 'true') === absent);
      },
    };
  }
  const ifExists = lower.endsWith('ifexists');
  if (ifExists) lower = lower.slice(0, -'ifexists'.length);
  const family = families[lower];
  if (!family) throw new ConditionSyntaxError(`unknown condition operator ${operator}`);
  const compares = values.map(family.build);
  // A context value satisfies the operator: matches a condition value, or for a negated operator
  // matches none of them (values of one key are ORed).
  const one = (v: string): boolean => {
    const hit = compares.some((c) => c(v));
    return family.negated ? !hit : hit;
  };
  return {
    operator, key: lowerKey,
    test(context) {
      const value = context.get(lowerKey);
      if (value === undefined || value.length === 0) {
        // "ForAllValues … also returns true if there are no context keys in the request";
        // ForAnyValue is false; ...IfExists is true; a negated operator is true on a missing key,
        // every other operator false.
        if (set === 'all') return true;
        if (set === 'any') return false;
        return ifExists || family.negated;
      }
      if (set === 'all') return value.every(one);
      if (set === 'any') return value.some(one);
      // Without a qualifier, a multivalued key matches when any value does (negated: when none is excluded).
      return family.negated ? value.every(one) : value.some(one);
    },
  };
}
