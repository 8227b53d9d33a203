/**
 * The commands of test/model/rotation-deletion.model.test.ts: key state, rotation, scheduled
 * deletion, imported material and the moving clock, each checking every answer (success values and
 * exact error name and message) and the state after it against lifecycle-model.ts.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ciphertextKeyNotAccessible, keyDisabled, keyInInvalidState, keyNotFound } from '../../src/domain/messages.js';
import {
  incorrectKeyMaterial, keyNotPendingDeletion, noMaterialPendingRotation, onDemandRotationLimit, originNotValid, valueOutOfRange,
} from '../../src/domain/messages-lifecycle.js';
import {
  applyDueJobs, call, dayMs, failure, outcome, pick, wrap, type Cmd, type Failure, type Model, type ModelKey, type Real, type State,
} from './lifecycle-model.js';

const notFound = (k: ModelKey): Failure => failure('NotFoundException', keyNotFound(k.arn));

/** The key-state table's answer when `accepted` does not hold the key's state. */
function stateFailure(k: ModelKey, accepted: readonly State[]): Failure {
  if (accepted.includes(k.state)) return undefined;
  if (k.state === 'Disabled') return failure('DisabledException', keyDisabled(k.arn));
  return failure('KMSInvalidStateException', keyInInvalidState(k.arn, k.state));
}

abstract class KeyCommand implements Cmd {
  constructor(readonly index: number) {}
  check(m: Readonly<Model>): boolean { return m.keys.length > 0; }
  key(m: Model): ModelKey { return pick(m.keys, this.index); }
  abstract run(m: Model, r: Real): Promise<void>;
  abstract toString(): string;
}

export class CreateKey implements Cmd {
  constructor(readonly external: boolean) {}
  check(): boolean { return true; }
  async run(m: Model, r: Real): Promise<void> {
    const meta = (await call(r, 'CreateKey', this.external ? { Origin: 'EXTERNAL' } : {})).KeyMetadata!;
    const state: State = this.external ? 'PendingImport' : 'Enabled';
    assert.equal(meta.KeyState, state);
    assert.equal(meta.CurrentKeyMaterialId === undefined, this.external);
    m.keys.push({
      keyId: meta.KeyId!, arn: meta.Arn!, external: this.external, state, materials: this.external ? [] : [meta.CurrentKeyMaterialId!],
      onDemand: 0, automatic: 0, deleted: false,
    });
  }
  toString(): string { return `CreateKey(${this.external ? 'EXTERNAL' : ''})`; }
}

export class SetEnabled extends KeyCommand {
  constructor(index: number, readonly enable: boolean) { super(index); }
  async run(m: Model, r: Real): Promise<void> {
    const k = this.key(m);
    const expected = k.deleted ? notFound(k) : stateFailure(k, ['Enabled', 'Disabled']);
    await outcome(call(r, this.enable ? 'EnableKey' : 'DisableKey', { KeyId: k.keyId }), expected);
    if (!expected) k.state = this.enable ? 'Enabled' : 'Disabled';
  }
  toString(): string { return `${this.enable ? 'Enable' : 'Disable'}Key(#${this.index})`; }
}

export class SetRotation extends KeyCommand {
  constructor(index: number, readonly periodDays: number | undefined) { super(index); }
  async run(m: Model, r: Real): Promise<void> {
    const k = this.key(m);
    const expected = k.deleted ? notFound(k)
      : k.external ? failure('UnsupportedOperationException', originNotValid(k.arn, 'EXTERNAL'))
        : stateFailure(k, ['Enabled']);
    if (this.periodDays === undefined) {
      await outcome(call(r, 'DisableKeyRotation', { KeyId: k.arn }), expected);
      if (!expected) { k.rotationPeriodDays = undefined; k.nextRotationMs = undefined; }
      return;
    }
    await outcome(call(r, 'EnableKeyRotation', { KeyId: k.keyId, RotationPeriodInDays: this.periodDays }), expected);
    if (!expected && k.rotationPeriodDays !== this.periodDays) {
      k.rotationPeriodDays = this.periodDays;
      k.nextRotationMs = m.nowMs + this.periodDays * dayMs;
    }
  }
  toString(): string { return this.periodDays === undefined ? `DisableKeyRotation(#${this.index})` : `EnableKeyRotation(#${this.index}, ${this.periodDays})`; }
}

export class RotateOnDemand extends KeyCommand {
  async run(m: Model, r: Real): Promise<void> {
    const k = this.key(m);
    const expected = k.deleted ? notFound(k)
      : stateFailure(k, ['Enabled'])
        ?? (k.external ? failure('KMSInvalidStateException', noMaterialPendingRotation(k.arn))
          : k.onDemand >= 10 ? failure('LimitExceededException', onDemandRotationLimit(k.arn)) : undefined);
    const out = await outcome(call(r, 'RotateKeyOnDemand', { KeyId: k.keyId }), expected);
    if (expected) return;
    assert.equal(out!.KeyId, k.arn);
    k.onDemand++;
    if (k.rotationPeriodDays !== undefined) k.nextRotationMs = m.nowMs + k.rotationPeriodDays * dayMs;
    const id = (await call(r, 'DescribeKey', { KeyId: k.keyId })).KeyMetadata!.CurrentKeyMaterialId!;
    assert.ok(!k.materials.includes(id), 'a rotation makes new material');
    k.materials.push(id);
  }
  toString(): string { return `RotateKeyOnDemand(#${this.index})`; }
}

export class ScheduleDeletion extends KeyCommand {
  constructor(index: number, readonly days: number | undefined) { super(index); }
  async run(m: Model, r: Real): Promise<void> {
    const k = this.key(m);
    const days = this.days ?? 30;
    const expected = k.deleted ? notFound(k)
      : stateFailure(k, ['Enabled', 'Disabled', 'PendingImport'])
        ?? (days < 7 ? failure('ValidationException', valueOutOfRange(days, 'pendingWindowInDays', 'min', 7))
          : days > 30 ? failure('ValidationException', valueOutOfRange(days, 'pendingWindowInDays', 'max', 30)) : undefined);
    const out = await outcome(call(r, 'ScheduleKeyDeletion', { KeyId: k.keyId, ...(this.days !== undefined ? { PendingWindowInDays: this.days } : {}) }), expected);
    if (expected) return;
    k.state = 'PendingDeletion';
    k.deletionAtMs = m.nowMs + days * dayMs;
    assert.deepEqual(
      { KeyId: out!.KeyId, KeyState: out!.KeyState, PendingWindowInDays: out!.PendingWindowInDays, DeletionDate: out!.DeletionDate?.getTime() },
      { KeyId: k.arn, KeyState: 'PendingDeletion', PendingWindowInDays: days, DeletionDate: k.deletionAtMs },
    );
  }
  toString(): string { return `ScheduleKeyDeletion(#${this.index}, ${this.days ?? 'default'})`; }
}

export class CancelDeletion extends KeyCommand {
  async run(m: Model, r: Real): Promise<void> {
    const k = this.key(m);
    const expected = k.deleted ? notFound(k) : k.state !== 'PendingDeletion' ? failure('KMSInvalidStateException', keyNotPendingDeletion(k.arn)) : undefined;
    await outcome(call(r, 'CancelKeyDeletion', { KeyId: k.keyId }), expected);
    if (expected) return;
    k.state = k.external && !k.materialPresent ? 'PendingImport' : 'Disabled';
    k.deletionAtMs = undefined;
  }
  toString(): string { return `CancelKeyDeletion(#${this.index})`; }
}

export class AdvanceClock implements Cmd {
  constructor(readonly days: number) {}
  check(): boolean { return true; }
  async run(m: Model, r: Real): Promise<void> {
    await r.clock.advance(this.days * dayMs);
    await r.scheduler.runDue();
    m.nowMs += this.days * dayMs;
    const { rotated } = applyDueJobs(m);
    for (const k of rotated) {
      const id = (await call(r, 'DescribeKey', { KeyId: k.keyId })).KeyMetadata!.CurrentKeyMaterialId!;
      assert.ok(!k.materials.includes(id), `${k.keyId} rotated automatically`);
      k.materials.push(id);
    }
  }
  toString(): string { return `AdvanceClock(${this.days}d)`; }
}

export class Encrypt extends KeyCommand {
  async run(m: Model, r: Real): Promise<void> {
    const k = this.key(m);
    const expected = k.deleted ? notFound(k) : stateFailure(k, ['Enabled']);
    const plaintext = randomBytes(8);
    const out = await outcome(call(r, 'Encrypt', { KeyId: k.arn, Plaintext: plaintext }), expected);
    if (out) m.blobs.push({ keyIndex: m.keys.indexOf(k), blob: out.CiphertextBlob!, materialId: k.materials.at(-1)!, plaintext });
  }
  toString(): string { return `Encrypt(#${this.index})`; }
}

export class Decrypt implements Cmd {
  constructor(readonly index: number) {}
  check(m: Readonly<Model>): boolean { return m.blobs.length > 0; }
  async run(m: Model, r: Real): Promise<void> {
    const blob = pick(m.blobs, this.index);
    const k = m.keys[blob.keyIndex]!;
    const expected = k.deleted ? failure('AccessDeniedException', ciphertextKeyNotAccessible) : stateFailure(k, ['Enabled']);
    const out = await outcome(call(r, 'Decrypt', { CiphertextBlob: blob.blob }), expected);
    if (!out) return;
    assert.deepEqual(Buffer.from(out.Plaintext!), Buffer.from(blob.plaintext));
    assert.equal(out.KeyMaterialId, blob.materialId, 'every version decrypts its own ciphertexts');
  }
  toString(): string { return `Decrypt(blob#${this.index})`; }
}

export class Describe extends KeyCommand {
  async run(m: Model, r: Real): Promise<void> {
    const k = this.key(m);
    const out = await outcome(call(r, 'DescribeKey', { KeyId: k.keyId }), k.deleted ? notFound(k) : undefined);
    if (!out) return;
    const meta = out.KeyMetadata!;
    assert.deepEqual(
      { state: meta.KeyState, enabled: meta.Enabled, deletion: meta.DeletionDate?.getTime(), material: meta.CurrentKeyMaterialId, validTo: meta.ValidTo?.getTime() },
      { state: k.state, enabled: k.state === 'Enabled', deletion: k.deletionAtMs, material: k.materials.at(-1), validTo: k.validToMs },
    );
  }
  toString(): string { return `DescribeKey(#${this.index})`; }
}

export class RotationStatus extends KeyCommand {
  async run(m: Model, r: Real): Promise<void> {
    const k = this.key(m);
    const expected = k.deleted ? notFound(k) : k.external ? failure('UnsupportedOperationException', originNotValid(k.arn, 'EXTERNAL')) : undefined;
    const out = await outcome(call(r, 'GetKeyRotationStatus', { KeyId: k.keyId }), expected);
    if (out) {
      assert.deepEqual(
        { on: out.KeyRotationEnabled, period: out.RotationPeriodInDays, next: out.NextRotationDate?.getTime() },
        { on: k.rotationPeriodDays !== undefined, period: k.rotationPeriodDays, next: k.nextRotationMs },
      );
    }
    if (!k.deleted && !k.external) {
      const list = await call(r, 'ListKeyRotations', { KeyId: k.keyId, Limit: 1000 });
      assert.deepEqual(list.Rotations!.map((x) => x.KeyMaterialId), k.materials.slice(1));
      assert.equal(list.Rotations!.filter((x) => x.RotationType === 'ON_DEMAND').length, k.onDemand);
      assert.equal(list.Rotations!.filter((x) => x.RotationType === 'AUTOMATIC').length, k.automatic);
    }
  }
  toString(): string { return `GetKeyRotationStatus+ListKeyRotations(#${this.index})`; }
}

export class Import extends KeyCommand {
  constructor(index: number, readonly validForDays: number | undefined, readonly freshMaterial: boolean, readonly algorithm: 'RSAES_OAEP_SHA_256' | 'RSA_AES_KEY_WRAP_SHA_256') { super(index); }
  async run(m: Model, r: Real): Promise<void> {
    const k = this.key(m);
    const params = await outcome(call(r, 'GetParametersForImport', { KeyId: k.keyId, WrappingAlgorithm: this.algorithm, WrappingKeySpec: 'RSA_2048' }),
      k.deleted ? notFound(k)
        : !k.external ? failure('UnsupportedOperationException', originNotValid(k.arn, 'AWS_KMS'))
          : stateFailure(k, ['Enabled', 'Disabled', 'PendingImport']));
    if (!params) return;
    const raw = this.freshMaterial || k.raw === undefined ? randomBytes(32) : k.raw;
    const expected = k.raw !== undefined && !raw.equals(k.raw) ? failure('IncorrectKeyMaterialException', incorrectKeyMaterial) : undefined;
    const validTo = this.validForDays === undefined ? undefined : new Date(m.nowMs + this.validForDays * dayMs);
    const out = await outcome(call(r, 'ImportKeyMaterial', {
      KeyId: k.keyId, ImportToken: params.ImportToken!, EncryptedKeyMaterial: wrap(params.PublicKey!, raw, this.algorithm),
      ...(validTo ? { ExpirationModel: 'KEY_MATERIAL_EXPIRES' as const, ValidTo: validTo } : { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' as const }),
    }), expected);
    if (!out) return;
    if (k.raw === undefined) { k.raw = raw; k.materials.push(out.KeyMaterialId!); }
    assert.equal(out.KeyMaterialId, k.materials[0], 'the same material has the same id');
    if (k.state === 'PendingImport') k.state = 'Enabled';
    k.materialPresent = true;
    k.validToMs = validTo?.getTime();
  }
  toString(): string { return `Import(#${this.index}, ${this.validForDays ?? '∞'}d, ${this.freshMaterial ? 'fresh' : 'same'}, ${this.algorithm})`; }
}

export class DeleteImported extends KeyCommand {
  async run(m: Model, r: Real): Promise<void> {
    const k = this.key(m);
    const expected = k.deleted ? notFound(k) : !k.external ? failure('UnsupportedOperationException', originNotValid(k.arn, 'AWS_KMS')) : undefined;
    await outcome(call(r, 'DeleteImportedKeyMaterial', { KeyId: k.keyId }), expected);
    if (expected || !k.materialPresent) return;
    k.materialPresent = false;
    k.validToMs = undefined;
    if (k.state !== 'PendingDeletion') k.state = 'PendingImport';
  }
  toString(): string { return `DeleteImportedKeyMaterial(#${this.index})`; }
}
