/**
 * DESIGN.md §5 habit 12: the whole key lifecycle against a model. fast-check generates sequences of
 * up to 40 commands (test/model/commands.ts, key-commands.ts, alias-crypto-commands.ts): CreateKey, Enable/DisableKey, UpdateKeyDescription,
 * Tag/UntagResource, Create/Update/DeleteAlias, Encrypt and Decrypt, DescribeKey, the List*
 * operations paged with a small Limit, Put/GetKeyPolicy, and calls from another account or region.
 * Each command runs against the service in process (no HTTP) over a MemoryRepository and checks
 * every answer, success values and exact error name and message, against the model.
 *
 * Seeds are random; on failure fast-check prints the seed, the path and the shrunk command list,
 * which `fc.assert(..., { seed, path })` replays.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { KmsService } from '../../src/service/kms-service.js';
import { allCommands } from './commands.js';
import { emptyModel, newReal } from './model.js';

const lifecycle = (wrap?: (service: KmsService) => KmsService) =>
  fc.asyncProperty(fc.commands(allCommands, { maxCommands: 40, size: 'max' }), async (commands) => {
    await fc.asyncModelRun(() => ({ model: emptyModel(), real: newReal(wrap) }), commands);
  });

test('key state, descriptions, tags, aliases, policies, ciphertexts and scope isolation follow the model', async () => {
  await fc.assert(lifecycle(), { numRuns: 3000 });
});

test('the model test catches a service whose DisableKey does nothing', async () => {
  const disableIsNoOp = (service: KmsService): KmsService => ({
    execute: (async (name, input, request) => (name === 'DisableKey' ? {} : service.execute(name, input, request))) as KmsService['execute'],
  });
  await assert.rejects(
    fc.assert(lifecycle(disableIsNoOp), { numRuns: 300, endOnFailure: true }),
    (error: Error) => /Property failed/.test(error.message) && /DisableKey/.test(error.message),
  );
});
