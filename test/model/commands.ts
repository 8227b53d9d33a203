/**
 * The command pool of test/model/key-lifecycle.model.test.ts: each command arbitrary with its
 * weight (fc.commands picks uniformly, so a weight is a repetition).
 */
import fc from 'fast-check';
import {
  otherAccount,
  otherRegion,
  keyRefArb,
  aliasNameArb,
  anyRefArb,
  tagKeyArb,
  tagsArb,
  descriptionArb,
  contextArb,
  policyArb,
  type Cmd,
  goodPolicies,
} from './model.js';
import { CreateKey, SetEnabled, UpdateKeyDescription, TagResource, UntagResource, DescribeKey, ListKeys, ListResourceTags, PutKeyPolicy, GetKeyPolicy } from './key-commands.js';
import { CreateAlias, UpdateAlias, DeleteAlias, Encrypt, Decrypt, ListAliases, OtherScope } from './alias-crypto-commands.js';
import type { ContextVariant, NamedKey, OtherOp } from './alias-crypto-commands.js';

// ── The command arbitraries ─────────────────────────────────────────────────────────────────────

const limitArb = fc.integer({ min: 1, max: 3 });

/** Each command with its weight: CreateKey, Encrypt and Decrypt are repeated so runs get keys and blobs early. */
const weightedCommands: [fc.Arbitrary<Cmd>, number][] = [
  [fc.tuple(
    fc.option(descriptionArb, { nil: undefined }),
    fc.option(tagsArb, { nil: undefined }),
    fc.option(fc.constantFrom(...goodPolicies), { nil: undefined, freq: 4 }),
  ).map(([d, t, p]) => new CreateKey(d, t, p)), 3],
  [fc.tuple(keyRefArb, fc.boolean()).map(([ref, enable]) => new SetEnabled(ref, enable)), 2],
  [fc.tuple(keyRefArb, descriptionArb).map(([ref, d]) => new UpdateKeyDescription(ref, d)), 1],
  [fc.tuple(keyRefArb, tagsArb).map(([ref, tags]) => new TagResource(ref, tags)), 1],
  [fc.tuple(keyRefArb, fc.array(tagKeyArb, { minLength: 1, maxLength: 3 })).map(([ref, keys]) => new UntagResource(ref, keys)), 1],
  [fc.tuple(aliasNameArb, keyRefArb).map(([name, ref]) => new CreateAlias(name, ref)), 2],
  [fc.tuple(aliasNameArb, keyRefArb).map(([name, ref]) => new UpdateAlias(name, ref)), 1],
  [aliasNameArb.map((name) => new DeleteAlias(name)), 1],
  [fc.tuple(anyRefArb, fc.uint8Array({ minLength: 1, maxLength: 48 }), contextArb).map(([ref, p, c]) => new Encrypt(ref, p, c)), 3],
  [fc.tuple(
    fc.nat(15),
    fc.constantFrom<ContextVariant>('same', 'same', 'reordered', 'emptyAsAbsent', 'addPair', 'changeValue', 'drop'),
    fc.constantFrom<NamedKey>('none', 'none', 'own', 'ownAlias', 'other'),
  ).map(([i, v, n]) => new Decrypt(i, v, n)), 3],
  [anyRefArb.map((ref) => new DescribeKey(ref)), 2],
  [limitArb.map((limit) => new ListKeys(limit)), 1],
  [fc.tuple(limitArb, fc.option(keyRefArb, { nil: undefined })).map(([limit, ref]) => new ListAliases(limit, ref)), 1],
  [fc.tuple(keyRefArb, limitArb).map(([ref, limit]) => new ListResourceTags(ref, limit)), 1],
  [fc.tuple(keyRefArb, policyArb).map(([ref, p]) => new PutKeyPolicy(ref, p)), 1],
  [keyRefArb.map((ref) => new GetKeyPolicy(ref)), 1],
  [fc.tuple(
    fc.constantFrom('otherAccount' as const, 'otherRegion' as const),
    fc.constantFrom<OtherOp>('DescribeKey', 'Encrypt', 'Decrypt', 'ListKeys', 'ListAliases', 'CreateKeyAndAlias'),
    anyRefArb, fc.nat(15),
  ).map(([who, op, ref, i]) => new OtherScope(who, op, ref, i)), 2],
];

/** What fc.commands draws from (it picks uniformly, so a weight is a repetition). */
export const allCommands: fc.Arbitrary<Cmd>[] = weightedCommands.flatMap(([arb, weight]) => Array.from({ length: weight }, () => arb));
