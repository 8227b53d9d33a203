/**
 * The Developer Guide's key-state table (issue 14 item 5), row by row: every operation that names
 * an existing key, in each state a key can reach here (Enabled, Disabled, PendingDeletion,
 * PendingImport), gets AWS's exact answer: success, or the error type and message of the table's
 * footnotes (docs/research/aws-kms-messages.md §2). Each case runs on a fresh key, so a mutating
 * operation cannot change another case's key.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => { server = await startTestServer(); });
after(() => server.close());

type State = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport';
const states: readonly State[] = ['Enabled', 'Disabled', 'PendingDeletion', 'PendingImport'];

async function ok<T = any>(target: string, body: unknown): Promise<T> {
  const res = await server.raw(target, body);
  assert.equal(res.status, 200, `${target}: ${res.text}`);
  return res.body as T;
}

/** A fresh key in `state`: PendingImport keys are EXTERNAL (as in AWS, the only ones that can be). */
async function keyIn(state: State): Promise<{ keyId: string; arn: string; blob?: string }> {
  const meta = (await ok<any>('CreateKey', state === 'PendingImport' ? { Origin: 'EXTERNAL' } : {})).KeyMetadata;
  const key = { keyId: meta.KeyId as string, arn: meta.Arn as string };
  if (state === 'PendingImport') return key;
  const blob = (await ok<any>('Encrypt', { KeyId: key.keyId, Plaintext: Buffer.from('x').toString('base64') })).CiphertextBlob as string;
  if (state === 'Disabled') await ok('DisableKey', { KeyId: key.keyId });
  if (state === 'PendingDeletion') await ok('ScheduleKeyDeletion', { KeyId: key.keyId, PendingWindowInDays: 7 });
  return { ...key, blob };
}

type Answer = 'ok' | 'disabled' | 'pendingDeletion' | 'pendingImport' | 'notPendingDeletion' | 'originExternal' | 'originAwsKms';
const expected = (answer: Answer, arn: string): { status: number; type?: string; message?: string } => {
  switch (answer) {
    case 'ok': return { status: 200 };
    case 'disabled': return { status: 400, type: 'DisabledException', message: `${arn} is disabled.` };
    case 'pendingDeletion': return { status: 400, type: 'KMSInvalidStateException', message: `${arn} is pending deletion.` };
    case 'pendingImport': return { status: 400, type: 'KMSInvalidStateException', message: `${arn} is pending import.` };
    case 'notPendingDeletion': return { status: 400, type: 'KMSInvalidStateException', message: `${arn} is not pending deletion.` };
    case 'originExternal': return { status: 400, type: 'UnsupportedOperationException', message: `${arn} origin is EXTERNAL which is not valid for this operation.` };
    case 'originAwsKms': return { status: 400, type: 'UnsupportedOperationException', message: `${arn} origin is AWS_KMS which is not valid for this operation.` };
  }
};

interface Row {
  readonly operation: string;
  readonly body: (key: { keyId: string; arn: string; blob?: string }) => Record<string, unknown>;
  readonly answers: Readonly<Record<State, Answer>>;
}

const crypto = { Enabled: 'ok', Disabled: 'disabled', PendingDeletion: 'pendingDeletion', PendingImport: 'pendingImport' } as const;
const manage = { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'pendingDeletion', PendingImport: 'ok' } as const;
const rotationSettings = { Enabled: 'ok', Disabled: 'disabled', PendingDeletion: 'pendingDeletion', PendingImport: 'originExternal' } as const;
const id = (k: { keyId: string }) => ({ KeyId: k.keyId });

const rows: readonly Row[] = [
  { operation: 'Encrypt', body: (k) => ({ KeyId: k.keyId, Plaintext: 'eA==' }), answers: crypto },
  { operation: 'GenerateDataKey', body: (k) => ({ KeyId: k.keyId, KeySpec: 'AES_256' }), answers: crypto },
  { operation: 'GenerateDataKeyWithoutPlaintext', body: (k) => ({ KeyId: k.keyId, NumberOfBytes: 16 }), answers: crypto },
  { operation: 'EnableKey', body: id, answers: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'pendingDeletion', PendingImport: 'pendingImport' } },
  { operation: 'DisableKey', body: id, answers: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'pendingDeletion', PendingImport: 'pendingImport' } },
  { operation: 'ScheduleKeyDeletion', body: (k) => ({ KeyId: k.keyId, PendingWindowInDays: 7 }), answers: manage },
  { operation: 'CancelKeyDeletion', body: id, answers: { Enabled: 'notPendingDeletion', Disabled: 'notPendingDeletion', PendingDeletion: 'ok', PendingImport: 'notPendingDeletion' } },
  { operation: 'UpdateKeyDescription', body: (k) => ({ KeyId: k.keyId, Description: 'd' }), answers: manage },
  { operation: 'TagResource', body: (k) => ({ KeyId: k.keyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] }), answers: manage },
  { operation: 'UntagResource', body: (k) => ({ KeyId: k.keyId, TagKeys: ['a'] }), answers: manage },
  { operation: 'CreateAlias', body: (k) => ({ AliasName: `alias/state-${k.keyId}`, TargetKeyId: k.keyId }), answers: manage },
  { operation: 'DescribeKey', body: id, answers: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'ok', PendingImport: 'ok' } },
  { operation: 'GetKeyPolicy', body: (k) => ({ KeyId: k.keyId, PolicyName: 'default' }), answers: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'ok', PendingImport: 'ok' } },
  { operation: 'ListResourceTags', body: id, answers: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'ok', PendingImport: 'ok' } },
  { operation: 'ListKeyPolicies', body: id, answers: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'ok', PendingImport: 'ok' } },
  { operation: 'ListAliases', body: id, answers: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'ok', PendingImport: 'ok' } },
  { operation: 'EnableKeyRotation', body: id, answers: rotationSettings },
  { operation: 'DisableKeyRotation', body: id, answers: rotationSettings },
  { operation: 'GetKeyRotationStatus', body: id, answers: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'ok', PendingImport: 'originExternal' } },
  { operation: 'RotateKeyOnDemand', body: id, answers: crypto },
  { operation: 'ListKeyRotations', body: id, answers: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'ok', PendingImport: 'ok' } },
  {
    operation: 'GetParametersForImport', body: (k) => ({ KeyId: k.keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }),
    answers: { Enabled: 'originAwsKms', Disabled: 'originAwsKms', PendingDeletion: 'originAwsKms', PendingImport: 'ok' },
  },
  { operation: 'DeleteImportedKeyMaterial', body: id, answers: { Enabled: 'originAwsKms', Disabled: 'originAwsKms', PendingDeletion: 'originAwsKms', PendingImport: 'ok' } },
];

describe('the key-state table', () => {
  for (const row of rows) {
    test(`${row.operation}: ${states.map((s) => `${s} ${row.answers[s]}`).join(', ')}`, async () => {
      for (const state of states) {
        const key = await keyIn(state);
        const res = await server.raw(row.operation, row.body(key));
        const want = expected(row.answers[state], key.arn);
        const got = res.status === 200 ? { status: 200 } : { status: res.status, type: res.body?.__type, message: res.body?.message };
        assert.deepEqual(got, want, `${row.operation} on a ${state} key`);
      }
    });
  }

  test('Decrypt and ReEncrypt of a ciphertext whose key is Disabled or PendingDeletion', async () => {
    for (const [state, answer] of [['Enabled', 'ok'], ['Disabled', 'disabled'], ['PendingDeletion', 'pendingDeletion']] as const) {
      const key = await keyIn(state);
      for (const [target, body] of [['Decrypt', { CiphertextBlob: key.blob }], ['ReEncrypt', { CiphertextBlob: key.blob, DestinationKeyId: (await keyIn('Enabled')).keyId }]] as const) {
        const res = await server.raw(target, body);
        const got = res.status === 200 ? { status: 200 } : { status: res.status, type: res.body?.__type, message: res.body?.message };
        assert.deepEqual(got, expected(answer, key.arn), `${target} on a ${state} key`);
      }
    }
  });

  test('an imported key whose material was imported is Enabled: rotation settings are still UnsupportedOperationException (origin EXTERNAL)', async () => {
    // Footnote [7]: imported material, whatever the state. (A PendingImport key is covered above.)
    const key = await keyIn('PendingImport');
    await ok('ScheduleKeyDeletion', { KeyId: key.keyId, PendingWindowInDays: 7 });
    for (const operation of ['EnableKeyRotation', 'DisableKeyRotation', 'GetKeyRotationStatus']) {
      const res = await server.raw(operation, { KeyId: key.keyId });
      assert.deepEqual({ status: res.status, type: res.body?.__type, message: res.body?.message }, expected('originExternal', key.arn), operation);
    }
    const res = await server.raw('GetParametersForImport', { KeyId: key.keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    assert.deepEqual({ status: res.status, type: res.body?.__type, message: res.body?.message }, expected('pendingDeletion', key.arn), 'footnote [8]');
  });
});
