/**
 * Issue 14: the key lifecycle against a model as the clock moves. fast-check generates sequences of
 * up to 30 commands: CreateKey (AWS_KMS or EXTERNAL), Enable/DisableKey, Enable/DisableKeyRotation,
 * RotateKeyOnDemand, Schedule/CancelKeyDeletion, GetParametersForImport + ImportKeyMaterial (same or
 * other material, expiring or not), DeleteImportedKeyMaterial, Encrypt, Decrypt of any earlier
 * ciphertext, DescribeKey, GetKeyRotationStatus + ListKeyRotations, and AdvanceClock (1–400 days,
 * which runs the scheduler). Each checks every answer and the state after it against the model
 * (test/model/lifecycle-model.ts, lifecycle-commands.ts), in process over a MemoryRepository.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  AdvanceClock, CancelDeletion, CreateKey, Decrypt, DeleteImported, Describe, Encrypt, Import, RotateOnDemand, RotationStatus,
  ScheduleDeletion, SetEnabled, SetRotation,
} from './lifecycle-commands.js';
import { emptyModel, newReal, type Cmd } from './lifecycle-model.js';

const index = fc.nat(5);
const weighted: [fc.Arbitrary<Cmd>, number][] = [
  [fc.boolean().map((external) => new CreateKey(external)), 3],
  [fc.tuple(index, fc.boolean()).map(([i, on]) => new SetEnabled(i, on)), 2],
  [fc.tuple(index, fc.option(fc.constantFrom(90, 180, 365, 2560), { nil: undefined })).map(([i, p]) => new SetRotation(i, p)), 2],
  [index.map((i) => new RotateOnDemand(i)), 2],
  [fc.tuple(index, fc.option(fc.constantFrom(6, 7, 10, 30, 31), { nil: undefined })).map(([i, d]) => new ScheduleDeletion(i, d)), 2],
  [index.map((i) => new CancelDeletion(i)), 2],
  [fc.constantFrom(1, 6, 8, 31, 91, 366, 400).map((d) => new AdvanceClock(d)), 3],
  [index.map((i) => new Encrypt(i)), 3],
  [fc.nat(20).map((i) => new Decrypt(i)), 3],
  [index.map((i) => new Describe(i)), 2],
  [index.map((i) => new RotationStatus(i)), 1],
  [fc.tuple(index, fc.option(fc.constantFrom(2, 30), { nil: undefined }), fc.boolean(), fc.constantFrom('RSAES_OAEP_SHA_256' as const, 'RSA_AES_KEY_WRAP_SHA_256' as const))
    .map(([i, v, fresh, a]) => new Import(i, v, fresh, a)), 1],
  [index.map((i) => new DeleteImported(i)), 1],
];
const commands = weighted.flatMap(([arb, weight]) => Array.from({ length: weight }, () => arb));

const lifecycle = (broken?: 'scheduler') =>
  fc.asyncProperty(fc.commands(commands, { maxCommands: 30, size: 'max' }), async (cmds) => {
    await fc.asyncModelRun(() => ({ model: emptyModel(), real: newReal(broken) }), cmds);
  });

test('rotation, scheduled deletion, imported material and the moving clock follow the model', async () => {
  await fc.assert(lifecycle(), { numRuns: 120 });
});

test('the model test catches a server whose scheduler never runs', async () => {
  await assert.rejects(
    fc.assert(lifecycle('scheduler'), { numRuns: 200, endOnFailure: true }),
    (error: Error) => /Property failed/.test(error.message) && /AdvanceClock/.test(error.message),
  );
});
