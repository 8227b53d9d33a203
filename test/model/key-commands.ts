/**
 * The model-test commands on keys: CreateKey, Enable/DisableKey, UpdateKeyDescription,
 * Tag/UntagResource, DescribeKey, ListKeys, ListResourceTags, Put/GetKeyPolicy. Each computes the
 * expected answer from the model, calls the service, checks it, then updates the model.
 */
import assert from 'node:assert/strict';
import type { OperationInput } from '../../src/api/generated/operations.js';
import type { Tag } from '../../src/api/generated/shapes.js';
import { keyArn } from '../../src/domain/key/identifiers.js';
import { defaultKeyPolicy } from '../../src/domain/policy/default-policy.js';
import {
  caller,
  type Real,
  call,
  outcome,
  type Model,
  pick,
  hasKeys,
  failure,
  tagFailure,
  type KeyRef,
  keyText,
  showRef,
  type AnyRef,
  showAnyRef,
  resolveAny,
  type Cmd,
  allPages,
  sorted,
} from './model.js';

export class CreateKey implements Cmd {
  constructor(readonly description: string | undefined, readonly tags: Tag[] | undefined, readonly policy: string | undefined) {}
  check = (m: Readonly<Model>) => m.keys.length < 8;
  async run(m: Model, r: Real): Promise<void> {
    const expected = this.tags ? tagFailure(new Map(), this.tags) : undefined;
    const input: OperationInput<'CreateKey'> = {
      ...(this.description !== undefined ? { Description: this.description } : {}),
      ...(this.tags ? { Tags: this.tags } : {}),
      ...(this.policy !== undefined ? { Policy: this.policy } : {}),
    };
    const out = await outcome(call(r, 'CreateKey', input), expected);
    if (!out) return;
    const meta = out.KeyMetadata!;
    const keyId = meta.KeyId!;
    assert.ok(!m.keys.some((k) => k.keyId === keyId), 'CreateKey reused a key id');
    assert.deepEqual(
      { Arn: meta.Arn, AWSAccountId: meta.AWSAccountId, KeyState: meta.KeyState, Enabled: meta.Enabled, Description: meta.Description },
      { Arn: keyArn(caller.region, caller.accountId, keyId), AWSAccountId: caller.accountId, KeyState: 'Enabled', Enabled: true, Description: this.description ?? '' },
    );
    m.keys.push({
      keyId, arn: meta.Arn!, enabled: true, description: this.description ?? '',
      tags: new Map((this.tags ?? []).map((t) => [t.TagKey, t.TagValue])),
      policy: this.policy ?? defaultKeyPolicy(caller.accountId),
    });
  }
  toString = () => `CreateKey(${JSON.stringify({ d: this.description, tags: this.tags, policy: this.policy !== undefined })})`;
}

export class SetEnabled implements Cmd {
  constructor(readonly ref: KeyRef, readonly enable: boolean) {}
  check = hasKeys;
  async run(m: Model, r: Real): Promise<void> {
    const key = pick(m.keys, this.ref.index);
    await outcome(call(r, this.enable ? 'EnableKey' : 'DisableKey', { KeyId: keyText(key, this.ref.form) }), undefined);
    key.enabled = this.enable;
  }
  toString = () => `${this.enable ? 'EnableKey' : 'DisableKey'}(${showRef(this.ref)})`;
}

export class UpdateKeyDescription implements Cmd {
  constructor(readonly ref: KeyRef, readonly description: string) {}
  check = hasKeys;
  async run(m: Model, r: Real): Promise<void> {
    const key = pick(m.keys, this.ref.index);
    await outcome(call(r, 'UpdateKeyDescription', { KeyId: keyText(key, this.ref.form), Description: this.description }), undefined);
    key.description = this.description;
  }
  toString = () => `UpdateKeyDescription(${showRef(this.ref)}, ${JSON.stringify(this.description)})`;
}

export class TagResource implements Cmd {
  constructor(readonly ref: KeyRef, readonly tags: Tag[]) {}
  check = hasKeys;
  async run(m: Model, r: Real): Promise<void> {
    const key = pick(m.keys, this.ref.index);
    const expected = tagFailure(key.tags, this.tags);
    await outcome(call(r, 'TagResource', { KeyId: keyText(key, this.ref.form), Tags: this.tags }), expected);
    if (!expected) for (const t of this.tags) key.tags.set(t.TagKey, t.TagValue);
  }
  toString = () => `TagResource(${showRef(this.ref)}, ${JSON.stringify(this.tags)})`;
}

export class UntagResource implements Cmd {
  constructor(readonly ref: KeyRef, readonly tagKeys: string[]) {}
  check = hasKeys;
  async run(m: Model, r: Real): Promise<void> {
    const key = pick(m.keys, this.ref.index);
    await outcome(call(r, 'UntagResource', { KeyId: keyText(key, this.ref.form), TagKeys: this.tagKeys }), undefined);
    for (const k of this.tagKeys) key.tags.delete(k);
  }
  toString = () => `UntagResource(${showRef(this.ref)}, ${JSON.stringify(this.tagKeys)})`;
}

export class DescribeKey implements Cmd {
  constructor(readonly ref: AnyRef) {}
  check = hasKeys;
  async run(m: Model, r: Real): Promise<void> {
    const { text, key, notFound } = resolveAny(m, this.ref);
    const out = await outcome(call(r, 'DescribeKey', { KeyId: text }), notFound);
    if (!out) return;
    const meta = out.KeyMetadata!;
    assert.deepEqual(
      { KeyId: meta.KeyId, Arn: meta.Arn, KeyState: meta.KeyState, Enabled: meta.Enabled, Description: meta.Description },
      { KeyId: key!.keyId, Arn: key!.arn, KeyState: key!.enabled ? 'Enabled' : 'Disabled', Enabled: key!.enabled, Description: key!.description },
    );
  }
  toString = () => `DescribeKey(${showAnyRef(this.ref)})`;
}

export class ListKeys implements Cmd {
  constructor(readonly limit: number) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const keys = await allPages(this.limit, async (Marker) => {
      const out = await call(r, 'ListKeys', { Limit: this.limit, ...(Marker ? { Marker } : {}) });
      return { ...out, items: out.Keys ?? [] };
    });
    assert.deepEqual(sorted(keys.map((k) => `${k.KeyId} ${k.KeyArn}`)), sorted(m.keys.map((k) => `${k.keyId} ${k.arn}`)));
  }
  toString = () => `ListKeys(Limit ${this.limit})`;
}

export class ListResourceTags implements Cmd {
  constructor(readonly ref: KeyRef, readonly limit: number) {}
  check = hasKeys;
  async run(m: Model, r: Real): Promise<void> {
    const key = pick(m.keys, this.ref.index);
    const tags = await allPages(this.limit, async (Marker) => {
      const out = await call(r, 'ListResourceTags', { KeyId: keyText(key, this.ref.form), Limit: this.limit, ...(Marker ? { Marker } : {}) });
      return { ...out, items: out.Tags ?? [] };
    });
    const expected = [...key.tags].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
    assert.deepEqual(tags, expected);
  }
  toString = () => `ListResourceTags(${showRef(this.ref)}, Limit ${this.limit})`;
}

export class PutKeyPolicy implements Cmd {
  constructor(readonly ref: KeyRef, readonly policy: { text: string; error: string | undefined }) {}
  check = hasKeys;
  async run(m: Model, r: Real): Promise<void> {
    const key = pick(m.keys, this.ref.index);
    const expected = this.policy.error !== undefined ? failure('MalformedPolicyDocumentException', this.policy.error) : undefined;
    await outcome(call(r, 'PutKeyPolicy', { KeyId: keyText(key, this.ref.form), PolicyName: 'default', Policy: this.policy.text }), expected);
    if (!expected) key.policy = this.policy.text;
  }
  toString = () => `PutKeyPolicy(${showRef(this.ref)}, ${JSON.stringify(this.policy.text.slice(0, 40))})`;
}

export class GetKeyPolicy implements Cmd {
  constructor(readonly ref: KeyRef) {}
  check = hasKeys;
  async run(m: Model, r: Real): Promise<void> {
    const key = pick(m.keys, this.ref.index);
    const out = await call(r, 'GetKeyPolicy', { KeyId: keyText(key, this.ref.form), PolicyName: 'default' });
    assert.deepEqual({ Policy: out.Policy, PolicyName: out.PolicyName }, { Policy: key.policy, PolicyName: 'default' });
  }
  toString = () => `GetKeyPolicy(${showRef(this.ref)})`;
}
