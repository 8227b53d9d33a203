/** The shape of one table-driven evaluation case and the fixtures every case file shares. */
export const A = '111122223333';
export const B = '444455556666';
export const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const rootA = `arn:aws:iam::${A}:root`;
export const rootB = `arn:aws:iam::${B}:root`;
export const alice = `arn:aws:iam::${A}:user/alice`;
export const bob = `arn:aws:iam::${A}:user/bob`;
export const carolB = `arn:aws:iam::${B}:user/carol`;
export const appSession = `arn:aws:sts::${A}:assumed-role/app/session-1`;

export type Expect = 'allow' | 'no-identity-allow' | 'no-resource-allow' | 'explicit-identity-deny' | 'explicit-resource-deny';

export interface EvalCase {
  /** The AWS documentation rule the case checks ("IAM UG, …" / "KMS DG, …"). */
  readonly rule: string;
  readonly principal: string;
  readonly action: string;
  /** Default: KEY. `*` for operations on no key (then keyPolicy is ignored). */
  readonly resource?: string;
  readonly keyPolicy?: object;
  readonly identity?: object[];
  readonly context?: Record<string, string | string[]>;
  readonly expect: Expect;
}

type Principal = '*' | Record<string, string | string[]>;

export function allow(action: string | string[], resource: string = '*', principal?: Principal): object {
  return { Effect: 'Allow', ...(principal ? { Principal: principal } : {}), Action: action, Resource: resource };
}
export function deny(action: string | string[], resource: string = '*', principal?: Principal): object {
  return { Effect: 'Deny', ...(principal ? { Principal: principal } : {}), Action: action, Resource: resource };
}
export function policy(...statements: object[]): object {
  return { Version: '2012-10-17', Statement: statements };
}
/** A statement with a Condition block. */
export function when(statement: object, condition: Record<string, Record<string, unknown>>): object {
  return { ...statement, Condition: condition };
}
export const defaultKeyPolicy = policy({ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: rootA }, Action: 'kms:*', Resource: '*' });
