/**
 * The model of test/model/rotation-deletion.model.test.ts (issue 14): the service in process over a
 * MemoryRepository with the shared dev clock (over a ManualClock) and the scheduler, against a model
 * of what a client should observe about rotation, scheduled deletion and imported material as the
 * clock moves. Keys and ciphertexts are named by index into the model.
 */
import assert from 'node:assert/strict';
import { constants, createCipheriv, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { KmsServiceError } from '../../src/api/errors.js';
import type { OperationInput, OperationName, OperationOutput } from '../../src/api/generated/operations.js';
import { RootKey } from '../../src/crypto/at-rest.js';
import { Scheduler } from '../../src/jobs/scheduler.js';
import { SharedClock } from '../../src/jobs/shared-clock.js';
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

export const caller: Caller = {
  accountId: '111122223333', region: 'us-east-1', accessKeyId: 'AKIDMODEL', principalArn: 'arn:aws:iam::111122223333:root',
};
export const dayMs = 86_400_000;

export interface Real {
  readonly service: KmsService;
  readonly clock: SharedClock;
  readonly scheduler: Scheduler;
  requests: number;
}

/** `broken: 'scheduler'` gives a server whose scheduler never runs (the model must catch it). */
export function newReal(broken?: 'scheduler'): Real {
  const repository = new MemoryRepository();
  const clock = new SharedClock(repository, new ManualClock(Date.UTC(2025, 0, 1)));
  const keyring = new Keyring(repository, RootKey.fromBytes(Buffer.alloc(32, 9)), systemRandom, clock);
  const service = createKmsService(
    { repository, clock, random: systemRandom, logger: silentLogger, keyring, keys: new KeyResolver(repository), syncClock: () => clock.refresh() },
    handlers,
  );
  const scheduler = new Scheduler({ repository, clock, keyring, logger: silentLogger });
  if (broken === 'scheduler') scheduler.runDue = async () => 0;
  return { service, clock, scheduler, requests: 0 };
}

export function call<O extends OperationName>(real: Real, name: O, input: OperationInput<O>): Promise<OperationOutput<O>> {
  return real.service.execute(name, input, { requestId: `life-${++real.requests}`, caller });
}

export type Failure = { readonly name: string; readonly message: string } | undefined;
export const failure = (name: string, message: string): Failure => ({ name, message });

/** Awaits `attempt` and checks it against `expected`; returns the output on expected success. */
export async function outcome<T>(attempt: Promise<T>, expected: Failure): Promise<T | undefined> {
  let result: T;
  try {
    result = await attempt;
  } catch (error) {
    if (!expected) throw error;
    assert.ok(error instanceof KmsServiceError, `expected ${expected.name}, got ${String(error)}`);
    assert.deepEqual({ name: error.name, message: error.message }, expected);
    return undefined;
  }
  assert.equal(expected, undefined, `expected ${expected?.name} "${expected?.message}", but the call succeeded`);
  return result;
}

export type State = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport';

export interface ModelKey {
  readonly keyId: string;
  readonly arn: string;
  readonly external: boolean;
  state: State;
  /** Set while PendingDeletion: when the scheduler destroys the key. */
  deletionAtMs?: number;
  rotationPeriodDays?: number;
  nextRotationMs?: number;
  /** Material ids in version order; the last is current. */
  materials: string[];
  onDemand: number;
  automatic: number;
  /** Imported keys: the raw material (the client keeps it), whether it is imported now, when it expires. */
  raw?: Buffer;
  materialPresent?: boolean;
  validToMs?: number;
  deleted: boolean;
}

export interface ModelBlob {
  readonly keyIndex: number;
  readonly blob: Uint8Array;
  readonly materialId: string;
  readonly plaintext: Uint8Array;
}

export interface Model {
  nowMs: number;
  readonly keys: ModelKey[];
  readonly blobs: ModelBlob[];
}

export const emptyModel = (): Model => ({ nowMs: Date.UTC(2025, 0, 1), keys: [], blobs: [] });
export const pick = <T>(items: readonly T[], index: number): T => items[index % items.length]!;

/**
 * Applies what the scheduler must have done by `m.nowMs`, in the rules' order per key: deletion,
 * then expiry, then automatic rotation of Enabled keys (one, however overdue).
 */
export function applyDueJobs(m: Model): { rotated: ModelKey[] } {
  const rotated: ModelKey[] = [];
  for (const key of m.keys) {
    if (key.deleted) continue;
    if (key.state === 'PendingDeletion' && key.deletionAtMs! <= m.nowMs) {
      key.deleted = true;
      continue;
    }
    if (key.validToMs !== undefined && key.validToMs <= m.nowMs) {
      key.validToMs = undefined;
      key.materialPresent = false;
      if (key.state !== 'PendingDeletion') key.state = 'PendingImport';
      continue;
    }
    if (key.nextRotationMs !== undefined && key.nextRotationMs <= m.nowMs && key.state === 'Enabled') {
      rotated.push(key);
      key.automatic++;
      key.nextRotationMs = m.nowMs + key.rotationPeriodDays! * dayMs;
    }
  }
  return { rotated };
}

/** Wraps material for ImportKeyMaterial with RSAES_OAEP_SHA_256 (what a client does). */
export function wrap(publicKeyDer: Uint8Array, material: Uint8Array, algorithm: 'RSAES_OAEP_SHA_256' | 'RSA_AES_KEY_WRAP_SHA_256'): Buffer {
  const key = createPublicKey({ key: Buffer.from(publicKeyDer), format: 'der', type: 'spki' });
  const oaep = (data: Uint8Array) => publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, data);
  if (algorithm === 'RSAES_OAEP_SHA_256') return oaep(material);
  const aes = randomBytes(32);
  const cipher = createCipheriv('id-aes256-wrap-pad', aes, Buffer.from('a65959a6', 'hex'));
  return Buffer.concat([oaep(aes), cipher.update(material), cipher.final()]);
}

export type Cmd = fc.AsyncCommand<Model, Real>;
