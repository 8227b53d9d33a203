/**
 * The model-test commands on aliases and cryptography: Create/Update/DeleteAlias, ListAliases,
 * Encrypt, Decrypt, and calls from another account or region (OtherScope).
 */
import assert from 'node:assert/strict';
import type { OperationInput } from '../../src/api/generated/operations.js';
import { invalidCiphertextMessage } from '../../src/crypto/ciphertext-blob.js';
import { aliasesPerKeyMax } from '../../src/domain/alias/alias-name.js';
import { awsManagedAliasNames } from '../../src/domain/key/aws-managed-keys.js';
import { keyArn } from '../../src/domain/key/identifiers.js';
import {
  aliasAlreadyExists, aliasNotFound, aliasesPerKeyExceeded, ciphertextKeyNotAccessible, incorrectKey, invalidArnRegion, keyDisabled, keyNotFound,
} from '../../src/domain/messages.js';
import {
  caller,
  otherCallers,
  type OtherWho,
  type Real,
  call,
  type Failure,
  outcome,
  type Context,
  type Model,
  pick,
  keyById,
  hasKeys,
  aliasArnOf,
  failure,
  type KeyRef,
  keyText,
  showRef,
  type AnyRef,
  aliasPool,
  showAnyRef,
  resolveAny,
  type Cmd,
  allPages,
  sorted,
} from './model.js';

export class CreateAlias implements Cmd {
  constructor(readonly name: string, readonly target: KeyRef) {}
  check = hasKeys;
  async run(m: Model, r: Real): Promise<void> {
    const key = pick(m.keys, this.target.index);
    const onKey = [...m.aliases.values()].filter((id) => id === key.keyId).length;
    const expected = onKey >= aliasesPerKeyMax ? failure('LimitExceededException', aliasesPerKeyExceeded(aliasesPerKeyMax, onKey))
      : m.aliases.has(this.name) ? failure('AlreadyExistsException', aliasAlreadyExists(aliasArnOf(this.name)))
        : undefined;
    await outcome(call(r, 'CreateAlias', { AliasName: this.name, TargetKeyId: keyText(key, this.target.form) }), expected);
    if (!expected) m.aliases.set(this.name, key.keyId);
  }
  toString = () => `CreateAlias(${this.name} → ${showRef(this.target)})`;
}

export class UpdateAlias implements Cmd {
  constructor(readonly name: string, readonly target: KeyRef) {}
  check = hasKeys;
  async run(m: Model, r: Real): Promise<void> {
    const key = pick(m.keys, this.target.index);
    const current = m.aliases.get(this.name);
    const expected = current === undefined ? failure('NotFoundException', aliasNotFound(aliasArnOf(this.name))) : undefined;
    await outcome(call(r, 'UpdateAlias', { AliasName: this.name, TargetKeyId: keyText(key, this.target.form) }), expected);
    if (!expected) m.aliases.set(this.name, key.keyId);
  }
  toString = () => `UpdateAlias(${this.name} → ${showRef(this.target)})`;
}

export class DeleteAlias implements Cmd {
  constructor(readonly name: string) {}
  check = hasKeys;
  async run(m: Model, r: Real): Promise<void> {
    const expected = m.aliases.has(this.name) ? undefined : failure('NotFoundException', aliasNotFound(aliasArnOf(this.name)));
    await outcome(call(r, 'DeleteAlias', { AliasName: this.name }), expected);
    m.aliases.delete(this.name);
  }
  toString = () => `DeleteAlias(${this.name})`;
}

export class Encrypt implements Cmd {
  constructor(readonly ref: AnyRef, readonly plaintext: Uint8Array, readonly context: Context) {}
  check = hasKeys;
  async run(m: Model, r: Real): Promise<void> {
    const { text, key, notFound } = resolveAny(m, this.ref);
    const expected = notFound ?? (key!.enabled ? undefined : failure('DisabledException', keyDisabled(key!.arn)));
    const input: OperationInput<'Encrypt'> = {
      KeyId: text, Plaintext: Buffer.from(this.plaintext),
      ...(this.context !== undefined ? { EncryptionContext: { ...this.context } } : {}),
    };
    const out = await outcome(call(r, 'Encrypt', input), expected);
    assert.deepEqual(input.Plaintext, Buffer.from(this.plaintext), 'Encrypt changed its input');
    if (!out) return;
    assert.equal(out.KeyId, key!.arn);
    assert.equal(out.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
    m.ciphertexts.push({ blob: Buffer.from(out.CiphertextBlob!), keyId: key!.keyId, context: this.context, plaintext: this.plaintext });
  }
  toString = () => `Encrypt(${showAnyRef(this.ref)}, ${this.plaintext.length} bytes, ${JSON.stringify(this.context)})`;
}

export type ContextVariant = 'same' | 'reordered' | 'emptyAsAbsent' | 'addPair' | 'changeValue' | 'drop';
export type NamedKey = 'none' | 'own' | 'ownAlias' | 'other';

/** The context Decrypt sends, and whether it matches the one the blob was sealed with. */
export function decryptContext(original: Context, variant: ContextVariant): { context: Context; matches: boolean } {
  const pairs = Object.entries(original ?? {});
  switch (variant) {
    case 'same': return { context: original, matches: true };
    // Pair order does not matter; an empty context equals an absent one.
    case 'reordered': return { context: Object.fromEntries([...pairs].reverse()), matches: true };
    case 'emptyAsAbsent': return pairs.length === 0 ? { context: original === undefined ? {} : undefined, matches: true } : { context: original, matches: true };
    case 'changeValue':
      if (pairs.length > 0) return { context: { ...original, [pairs[0]![0]]: `${pairs[0]![1]}!` }, matches: false };
      return { context: { extra: '1' }, matches: false };
    case 'drop':
      // An empty context has nothing to drop: add a pair instead.
      return pairs.length > 0 ? { context: undefined, matches: false } : { context: { 'model-extra': '1' }, matches: false };
    case 'addPair': return { context: { ...original, 'model-extra': '1' }, matches: false };
  }
}

export class Decrypt implements Cmd {
  constructor(readonly index: number, readonly variant: ContextVariant, readonly named: NamedKey) {}
  check = (m: Readonly<Model>) => m.ciphertexts.length > 0;
  async run(m: Model, r: Real): Promise<void> {
    const c = pick(m.ciphertexts, this.index);
    const key = keyById(m, c.keyId);
    const { context, matches } = decryptContext(c.context, this.variant);
    const other = m.keys.find((k) => k.keyId !== key.keyId);
    const ownAlias = [...m.aliases].find(([, id]) => id === key.keyId)?.[0];
    const keyIdParam = this.named === 'own' ? key.arn
      : this.named === 'ownAlias' ? ownAlias ?? key.keyId
        : this.named === 'other' ? other?.keyId : undefined;
    // The pipeline checks the blob's key state first, then the named key, then the context.
    const expected = !key.enabled ? failure('DisabledException', keyDisabled(key.arn))
      : this.named === 'other' && other ? failure('IncorrectKeyException', incorrectKey)
        : !matches ? failure('InvalidCiphertextException', invalidCiphertextMessage)
          : undefined;
    const input: OperationInput<'Decrypt'> = {
      CiphertextBlob: Buffer.from(c.blob),
      ...(context !== undefined ? { EncryptionContext: context } : {}),
      ...(keyIdParam !== undefined ? { KeyId: keyIdParam } : {}),
    };
    const out = await outcome(call(r, 'Decrypt', input), expected);
    if (!out) return;
    assert.equal(out.KeyId, key.arn);
    assert.deepEqual(Buffer.from(out.Plaintext!), Buffer.from(c.plaintext));
  }
  toString = () => `Decrypt(blob#${this.index}, context ${this.variant}, KeyId ${this.named})`;
}

export class ListAliases implements Cmd {
  constructor(readonly limit: number, readonly forKey: KeyRef | undefined) {}
  check = (m: Readonly<Model>) => this.forKey === undefined || hasKeys(m);
  async run(m: Model, r: Real): Promise<void> {
    const key = this.forKey ? pick(m.keys, this.forKey.index) : undefined;
    const aliases = await allPages(this.limit, async (Marker) => {
      const out = await call(r, 'ListAliases', {
        Limit: this.limit, ...(Marker ? { Marker } : {}), ...(key ? { KeyId: keyText(key, this.forKey!.form) } : {}),
      });
      return { ...out, items: out.Aliases ?? [] };
    });
    const expected = [...m.aliases].filter(([, id]) => !key || id === key.keyId);
    assert.deepEqual(
      sorted(aliases.map((a) => `${a.AliasName} ${a.AliasArn} ${a.TargetKeyId}`)),
      sorted([
        ...expected.map(([name, id]) => `${name} ${aliasArnOf(name)} ${id}`),
        // AWS's predefined aliases, listed without a key (the model never creates their keys).
        ...(key ? [] : awsManagedAliasNames.map((name) => `${name} ${aliasArnOf(name)} undefined`)),
      ]),
    );
  }
  toString = () => `ListAliases(Limit ${this.limit}${this.forKey ? `, ${showRef(this.forKey)}` : ''})`;
}

export type OtherOp = 'DescribeKey' | 'Encrypt' | 'Decrypt' | 'ListKeys' | 'ListAliases' | 'CreateKeyAndAlias';

/**
 * A caller of another account or region sees none of the model's keys, aliases or blobs, and what
 * it creates in its own scope (a key, an alias whose name the main scope may also use) shows only
 * there.
 */
export class OtherScope implements Cmd {
  constructor(readonly who: OtherWho, readonly op: OtherOp, readonly ref: AnyRef, readonly blobIndex: number) {}
  check = hasKeys;
  async run(m: Model, r: Real): Promise<void> {
    const who = otherCallers[this.who];
    const scope = m.others[this.who];
    switch (this.op) {
      case 'ListKeys': {
        const keys = (await call(r, 'ListKeys', {}, who)).Keys ?? [];
        assert.deepEqual(sorted(keys.map((k) => k.KeyId!)), sorted(scope.keys));
        return;
      }
      case 'ListAliases': {
        const aliases = (await call(r, 'ListAliases', {}, who)).Aliases ?? [];
        assert.deepEqual(
          sorted(aliases.map((a) => `${a.AliasArn} ${a.TargetKeyId}`)),
          sorted([
            ...[...scope.aliases].map(([name, id]) => `${aliasArnOf(name, who)} ${id}`),
            ...awsManagedAliasNames.map((name) => `${aliasArnOf(name, who)} undefined`),
          ]),
        );
        return;
      }
      case 'CreateKeyAndAlias': {
        const keyId = (await call(r, 'CreateKey', {}, who)).KeyMetadata!.KeyId!;
        scope.keys.push(keyId);
        const name = 'alias' in this.ref ? this.ref.alias : aliasPool[this.ref.index % aliasPool.length]!;
        const expected = scope.aliases.has(name) ? failure('AlreadyExistsException', aliasAlreadyExists(aliasArnOf(name, who))) : undefined;
        await outcome(call(r, 'CreateAlias', { AliasName: name, TargetKeyId: keyId }, who), expected);
        if (!expected) scope.aliases.set(name, keyId);
        return;
      }
      case 'Decrypt':
        if (m.ciphertexts.length > 0) {
          const c = pick(m.ciphertexts, this.blobIndex);
          await outcome(call(r, 'Decrypt', { CiphertextBlob: Buffer.from(c.blob), ...(c.context ? { EncryptionContext: c.context } : {}) }, who),
            failure('AccessDeniedException', ciphertextKeyNotAccessible));
          return;
        }
        break;
      default:
    }
    // DescribeKey or Encrypt naming a main-scope key, or an alias name that only the other scope's own alias may answer.
    let text: string;
    let expected: Failure;
    let ownKey: string | undefined;
    if ('alias' in this.ref) {
      text = this.ref.asArn ? aliasArnOf(this.ref.alias) : this.ref.alias;
      ownKey = this.ref.asArn ? undefined : scope.aliases.get(this.ref.alias);
      expected = ownKey !== undefined ? undefined : failure('NotFoundException', this.ref.asArn && who.region !== caller.region
        ? invalidArnRegion(caller.region)
        : aliasNotFound(this.ref.asArn ? text : aliasArnOf(this.ref.alias, who)));
    } else {
      const key = pick(m.keys, this.ref.index);
      text = keyText(key, this.ref.form);
      expected = failure('NotFoundException', this.ref.form === 'keyId' ? keyNotFound(keyArn(who.region, who.accountId, key.keyId))
        : who.region !== caller.region ? invalidArnRegion(caller.region) : keyNotFound(key.arn));
    }
    if (this.op === 'Encrypt') {
      const out = await outcome(call(r, 'Encrypt', { KeyId: text, Plaintext: Buffer.from('other scope') }, who), expected);
      if (out) assert.equal(out.KeyId, keyArn(who.region, who.accountId, ownKey!));
    } else {
      const out = await outcome(call(r, 'DescribeKey', { KeyId: text }, who), expected);
      if (out) assert.equal(out.KeyMetadata!.KeyId, ownKey);
    }
  }
  toString = () => `OtherScope(${this.who}, ${this.op}, ${showAnyRef(this.ref)}, blob#${this.blobIndex})`;
}
