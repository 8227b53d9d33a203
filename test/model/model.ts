/**
 * The model of test/model/key-lifecycle.model.test.ts (DESIGN.md §5 habit 12): the system under
 * test (the service in process over a MemoryRepository), the model of what a client should observe
 * (keys with state, description, tags and policy; aliases; the ciphertexts produced so far), the
 * arbitraries the commands draw from, and shared checks. Commands name keys and ciphertexts by
 * index into the model, because key ids exist only once CreateKey has run; that also keeps shrunk
 * counterexamples readable. The commands are in key-commands.ts and alias-crypto-commands.ts.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { KmsServiceError } from '../../src/api/errors.js';
import type { OperationInput, OperationName, OperationOutput } from '../../src/api/generated/operations.js';
import type { Tag } from '../../src/api/generated/shapes.js';
import { RootKey } from '../../src/crypto/at-rest.js';
import { aliasArn, keyArn } from '../../src/domain/key/identifiers.js';
import { maxTagsPerKey } from '../../src/domain/key/tags.js';
import { aliasNotFound, policyInvalidPrincipals, policySyntaxErrors, tagsDuplicateKeys, tagsReserved, tagsTooMany } from '../../src/domain/messages.js';
import { ManualClock } from '../../src/platform/clock.js';
import { silentLogger } from '../../src/platform/logger.js';
import { systemRandom } from '../../src/platform/random.js';
import type { Caller } from '../../src/service/caller.js';
import { handlers } from '../../src/service/handlers.js';
import { KeyResolver } from '../../src/service/key-resolver.js';
import { Keyring } from '../../src/service/keyring.js';
import type { KmsService } from '../../src/service/kms-service.js';
import { createKmsService } from '../../src/service/pipeline.js';
import { MemoryRepository } from '../../src/storage/memory/memory-repository.js';
// ── The system under test ───────────────────────────────────────────────────────────────────────

export const caller: Caller = {
  accountId: '111122223333', region: 'us-east-1', accessKeyId: 'AKIDMODEL', principalArn: 'arn:aws:iam::111122223333:root',
};
/** Same region, another account. */
export const otherAccount: Caller = {
  accountId: '444455556666', region: 'us-east-1', accessKeyId: 'AKIDMODELOTHER', principalArn: 'arn:aws:iam::444455556666:root',
};
/** Same account, another region. */
export const otherRegion: Caller = { ...caller, region: 'eu-west-1', accessKeyId: 'AKIDMODELEU' };
export const otherCallers = { otherAccount, otherRegion } as const;
export type OtherWho = keyof typeof otherCallers;

export interface Real {
  readonly service: KmsService;
  requests: number;
}

/** A fresh service over an empty MemoryRepository; `wrap` lets a test break it on purpose. */
export function newReal(wrap: (service: KmsService) => KmsService = (s) => s): Real {
  const repository = new MemoryRepository();
  const clock = new ManualClock(Date.UTC(2025, 0, 1));
  const keyring = new Keyring(repository, RootKey.fromBytes(Buffer.alloc(32, 7)), systemRandom, clock);
  const service = createKmsService(
    { repository, clock, random: systemRandom, logger: silentLogger, keyring, keys: new KeyResolver(repository) },
    handlers,
  );
  return { service: wrap(service), requests: 0 };
}

export function call<O extends OperationName>(real: Real, name: O, input: OperationInput<O>, who: Caller = caller): Promise<OperationOutput<O>> {
  return real.service.execute(name, input, { requestId: `model-${++real.requests}`, caller: who });
}

/** What a call should answer: undefined for success, else the exact error. */
export type Failure = { readonly name: string; readonly message: string } | undefined;

/** Awaits `attempt` and checks it against `failure`; returns the output on expected success. */
export async function outcome<T>(attempt: Promise<T>, failure: Failure): Promise<T | undefined> {
  let result: T;
  try {
    result = await attempt;
  } catch (error) {
    if (!failure) throw error;
    assert.ok(error instanceof KmsServiceError, `expected ${failure.name}, got a non-service error: ${String(error)}`);
    assert.deepEqual({ name: error.name, message: error.message }, failure);
    return undefined;
  }
  assert.equal(failure, undefined, `expected ${failure?.name} "${failure?.message}", but the call succeeded`);
  return result;
}

// ── The model ───────────────────────────────────────────────────────────────────────────────────

export type Context = Record<string, string> | undefined;

export interface ModelKey {
  readonly keyId: string;
  readonly arn: string;
  enabled: boolean;
  description: string;
  tags: Map<string, string>;
  policy: string;
}

export interface ModelCiphertext {
  readonly blob: Uint8Array;
  readonly keyId: string;
  readonly context: Context;
  readonly plaintext: Uint8Array;
}

export interface Model {
  /** In creation order, so an index names the same key however the service orders its listings. */
  readonly keys: ModelKey[];
  readonly aliases: Map<string, string>;
  readonly ciphertexts: ModelCiphertext[];
  /** What the other callers created in their own scopes: key ids, and aliases (name → key id). */
  readonly others: Record<OtherWho, { readonly keys: string[]; readonly aliases: Map<string, string> }>;
}

export const emptyModel = (): Model => ({
  keys: [], aliases: new Map(), ciphertexts: [],
  others: { otherAccount: { keys: [], aliases: new Map() }, otherRegion: { keys: [], aliases: new Map() } },
});

export const pick = <T>(items: readonly T[], index: number): T => items[index % items.length]!;
export const keyById = (m: Model, keyId: string): ModelKey => m.keys.find((k) => k.keyId === keyId)!;
export const hasKeys = (m: Readonly<Model>): boolean => m.keys.length > 0;
export const aliasArnOf = (name: string, who: Caller = caller): string => aliasArn(who.region, who.accountId, name);
export const failure = (name: string, message: string): Failure => ({ name, message });

/** The TagException (or nothing) mergeTags should answer for `added` onto `existing`. */
export function tagFailure(existing: ReadonlyMap<string, string>, added: readonly Tag[]): Failure {
  const keys = added.map((t) => t.TagKey);
  if (new Set(keys).size !== keys.length) return failure('TagException', tagsDuplicateKeys);
  if (keys.some((k) => k.toLowerCase().startsWith('aws:'))) return failure('TagException', tagsReserved);
  if (new Set([...existing.keys(), ...keys]).size > maxTagsPerKey) return failure('TagException', tagsTooMany);
  return undefined;
}

// ── Key references ──────────────────────────────────────────────────────────────────────────────

/** A model key by index, written as a key id or key ARN (what management operations accept). */
export interface KeyRef { readonly index: number; readonly form: 'keyId' | 'keyArn' }
export const keyRefArb: fc.Arbitrary<KeyRef> = fc.record({ index: fc.nat(7), form: fc.constantFrom('keyId' as const, 'keyArn' as const) });
export const keyText = (key: ModelKey, form: KeyRef['form']): string => (form === 'keyId' ? key.keyId : key.arn);
export const showRef = (r: KeyRef): string => `key#${r.index}/${r.form}`;

/** Any of the four forms: a model key, or an alias name from the pool that may not exist. */
export type AnyRef = KeyRef | { readonly alias: string; readonly asArn: boolean };
export const aliasPool = ['alias/app', 'alias/db', 'alias/logs', 'alias/team/a'] as const;
export const aliasNameArb = fc.constantFrom(...aliasPool);
export const anyRefArb: fc.Arbitrary<AnyRef> = fc.oneof(keyRefArb, fc.record({ alias: aliasNameArb, asArn: fc.boolean() }));
export const showAnyRef = (r: AnyRef): string => ('alias' in r ? `${r.alias}${r.asArn ? '/arn' : ''}` : showRef(r));

/** The text a request carries, and the key it names or the NotFoundException it must get. */
export function resolveAny(m: Model, r: AnyRef): { text: string; key?: ModelKey; notFound?: Failure } {
  if (!('alias' in r)) {
    const key = pick(m.keys, r.index);
    return { text: keyText(key, r.form), key };
  }
  const text = r.asArn ? aliasArnOf(r.alias) : r.alias;
  const target = m.aliases.get(r.alias);
  if (target === undefined) return { text, notFound: failure('NotFoundException', aliasNotFound(aliasArnOf(r.alias))) };
  return { text, key: keyById(m, target) };
}

// ── Generated values ────────────────────────────────────────────────────────────────────────────

/** Mostly ordinary tag keys; now and then a reserved one (any case), which TagException refuses. */
export const tagKeyArb = fc.oneof(
  { arbitrary: fc.constantFrom('team', 'env', 'Owner', 'cost-center'), weight: 8 },
  { arbitrary: fc.constantFrom('aws:created', 'AWS:Team'), weight: 1 },
);
export const tagArb: fc.Arbitrary<Tag> = fc.record({ TagKey: tagKeyArb, TagValue: fc.constantFrom('', 'blue', 'red', 'prod') });
/** Mostly distinct tag keys; sometimes a repeated key, which TagException refuses. */
export const tagsArb = fc.oneof(
  { arbitrary: fc.uniqueArray(tagArb, { selector: (t) => t.TagKey, minLength: 1, maxLength: 4 }), weight: 6 },
  { arbitrary: fc.array(tagArb, { minLength: 2, maxLength: 4 }), weight: 1 },
);
export const descriptionArb = fc.constantFrom('', 'payments', 'logs key', 'ünïcode ✓');
export const contextArb: fc.Arbitrary<Context> = fc.option(
  fc.dictionary(fc.constantFrom('app', 'tenant', 'b', 'a'), fc.constantFrom('x', 'y', ''), { maxKeys: 3 }),
  { nil: undefined },
);
export const statement = (sid: string, principal: unknown) =>
  ({ Sid: sid, Effect: 'Allow', Principal: principal, Action: 'kms:*', Resource: '*' });
export const goodPolicies = [
  JSON.stringify({ Version: '2012-10-17', Statement: [statement('Root', { AWS: caller.principalArn })] }),
  JSON.stringify({ Version: '2012-10-17', Id: 'model-2', Statement: [statement('Account', { AWS: caller.accountId }), statement('Any', '*')] }, null, 2),
];
/** Refused documents and the MalformedPolicyDocumentException text each gets. */
export const badPolicies: readonly (readonly [string, string])[] = [
  ['not json', policySyntaxErrors],
  [JSON.stringify({ Version: '2012-10-17', Statement: [statement('Bad', { AWS: 'bogus' })] }), policyInvalidPrincipals],
];
export const policyArb = fc.oneof(
  fc.constantFrom(...goodPolicies).map((text) => ({ text, error: undefined as string | undefined })),
  fc.constantFrom(...badPolicies).map(([text, error]) => ({ text, error: error as string | undefined })),
);

export type Cmd = fc.AsyncCommand<Model, Real>;

/** Follows NextMarker until Truncated is false, checking each page's shape. */
export async function allPages<T>(limit: number, page: (marker: string | undefined) => Promise<{ items: T[]; Truncated?: boolean; NextMarker?: string }>): Promise<T[]> {
  const all: T[] = [];
  let marker: string | undefined;
  for (let pages = 0; ; pages++) {
    assert.ok(pages < 100, 'paging does not end');
    const { items, Truncated, NextMarker } = await page(marker);
    assert.ok(items.length <= limit, `a page of ${items.length} items for Limit ${limit}`);
    all.push(...items);
    if (!Truncated) {
      assert.equal(NextMarker, undefined, 'NextMarker on the last page');
      return all;
    }
    assert.ok(items.length > 0 && NextMarker !== undefined, 'a truncated page must carry items and a NextMarker');
    marker = NextMarker;
  }
}

export const sorted = (items: string[]): string[] => [...items].sort();
