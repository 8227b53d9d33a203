/**
 * Rotation end to end through the AWS SDK on a real dev-mode server (issue 14 items 1, 2, 7):
 * EnableKeyRotation / DisableKeyRotation / GetKeyRotationStatus / RotateKeyOnDemand /
 * ListKeyRotations, and automatic rotation that happens when the moved clock makes it due.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateKeyCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand, DisableKeyRotationCommand, EnableKeyCommand,
  EnableKeyRotationCommand, EncryptCommand, GetKeyRotationStatusCommand, ListKeyRotationsCommand, ReEncryptCommand,
  RotateKeyOnDemandCommand, ScheduleKeyDeletionCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { assertKmsError } from '../helpers/assert-kms-error.js';
import { advanceClock, daySeconds, serverNow } from '../helpers/dev-clock.js';

let server: TestServer;
let kms: KMSClient;

before(async () => {
  server = await startTestServer();
  kms = server.client();
});
after(() => server.close());

async function newKey(): Promise<{ keyId: string; arn: string; materialId: string }> {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
  return { keyId: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn!, materialId: KeyMetadata!.CurrentKeyMaterialId! };
}

async function currentMaterial(keyId: string): Promise<string> {
  return (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.CurrentKeyMaterialId!;
}

describe('automatic rotation', () => {
  test('enable, advance 366 days: a new CurrentKeyMaterialId, old ciphertexts still decrypt with their KeyMaterialId', async () => {
    const key = await newKey();
    const plaintext = Buffer.from('rotate me');
    const before = await kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: plaintext }));
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.keyId }));
    const now = await serverNow(server.endpoint);
    const status = await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.keyId }));
    assert.equal(status.KeyId, key.arn);
    assert.equal(status.KeyRotationEnabled, true);
    assert.equal(status.RotationPeriodInDays, 365);
    assert.ok(Math.abs(status.NextRotationDate!.getTime() - (now.getTime() + 365 * daySeconds * 1000)) < 5_000);

    await advanceClock(server.endpoint, 364 * daySeconds);
    assert.equal(await currentMaterial(key.keyId), key.materialId, 'not yet due');
    await advanceClock(server.endpoint, 2 * daySeconds);
    const rotatedId = await currentMaterial(key.keyId);
    assert.notEqual(rotatedId, key.materialId);
    assert.match(rotatedId, /^[0-9a-f]{64}$/);

    const old = await kms.send(new DecryptCommand({ CiphertextBlob: before.CiphertextBlob }));
    assert.deepEqual(Buffer.from(old.Plaintext!), plaintext);
    assert.equal(old.KeyMaterialId, key.materialId);
    const fresh = await kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: plaintext }));
    assert.equal((await kms.send(new DecryptCommand({ CiphertextBlob: fresh.CiphertextBlob }))).KeyMaterialId, rotatedId);
    const re = await kms.send(new ReEncryptCommand({ CiphertextBlob: before.CiphertextBlob, DestinationKeyId: key.keyId }));
    assert.equal(re.SourceKeyMaterialId, key.materialId);
    assert.equal(re.DestinationKeyMaterialId, rotatedId);

    const rotations = await kms.send(new ListKeyRotationsCommand({ KeyId: key.keyId }));
    assert.equal(rotations.Rotations!.length, 1);
    assert.equal(rotations.Rotations![0]!.RotationType, 'AUTOMATIC');
    assert.equal(rotations.Rotations![0]!.KeyMaterialId, rotatedId);
    assert.equal(rotations.Truncated, false);
    const next = await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.keyId }));
    assert.ok(next.NextRotationDate!.getTime() > status.NextRotationDate!.getTime(), 'the next rotation is a period later');
  });

  test('a disabled key does not rotate while disabled, and rotates once enabled again', async () => {
    const key = await newKey();
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.keyId, RotationPeriodInDays: 90 }));
    await kms.send(new DisableKeyCommand({ KeyId: key.keyId }));
    await advanceClock(server.endpoint, 91 * daySeconds);
    assert.equal(await currentMaterial(key.keyId), key.materialId);
    await kms.send(new EnableKeyCommand({ KeyId: key.keyId }));
    await advanceClock(server.endpoint, 0);
    assert.notEqual(await currentMaterial(key.keyId), key.materialId);
  });

  test('DisableKeyRotation stops it: GetKeyRotationStatus answers only KeyId and false', async () => {
    const key = await newKey();
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.keyId, RotationPeriodInDays: 90 }));
    await kms.send(new DisableKeyRotationCommand({ KeyId: key.keyId }));
    const status = await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.keyId }));
    assert.deepEqual({ KeyId: status.KeyId, KeyRotationEnabled: status.KeyRotationEnabled, NextRotationDate: status.NextRotationDate, RotationPeriodInDays: status.RotationPeriodInDays },
      { KeyId: key.arn, KeyRotationEnabled: false, NextRotationDate: undefined, RotationPeriodInDays: undefined });
    await advanceClock(server.endpoint, 100 * daySeconds);
    assert.equal(await currentMaterial(key.keyId), key.materialId);
  });

  test('RotationPeriodInDays out of 90–2560 is the Coral ValidationException; nothing changes', async () => {
    const key = await newKey();
    await assertKmsError(kms.send(new EnableKeyRotationCommand({ KeyId: key.keyId, RotationPeriodInDays: 89 })), 'ValidationException',
      "1 validation error detected: Value '89' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90");
    await assertKmsError(kms.send(new EnableKeyRotationCommand({ KeyId: key.keyId, RotationPeriodInDays: 2561 })), 'ValidationException',
      "1 validation error detected: Value '2561' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 2560");
    assert.equal((await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.keyId }))).KeyRotationEnabled, false);
  });

  test('rotation settings on a Disabled or PendingDeletion key, and by alias, get the key-state answers', async () => {
    const key = await newKey();
    await kms.send(new DisableKeyCommand({ KeyId: key.keyId }));
    await assertKmsError(kms.send(new EnableKeyRotationCommand({ KeyId: key.keyId })), 'DisabledException', `${key.arn} is disabled.`);
    await assertKmsError(kms.send(new DisableKeyRotationCommand({ KeyId: key.keyId })), 'DisabledException', `${key.arn} is disabled.`);
    await assertKmsError(kms.send(new RotateKeyOnDemandCommand({ KeyId: key.keyId })), 'DisabledException', `${key.arn} is disabled.`);
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
    await assertKmsError(kms.send(new EnableKeyRotationCommand({ KeyId: key.keyId })), 'KMSInvalidStateException', `${key.arn} is pending deletion.`);
    await assertKmsError(kms.send(new RotateKeyOnDemandCommand({ KeyId: key.keyId })), 'KMSInvalidStateException', `${key.arn} is pending deletion.`);
    assert.equal((await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.keyId }))).KeyRotationEnabled, false, 'status works in any state');
    await assertKmsError(kms.send(new EnableKeyRotationCommand({ KeyId: 'alias/whatever' })), 'NotFoundException', "Invalid keyId 'alias/whatever'");
  });
});

describe('RotateKeyOnDemand', () => {
  test('rotates now, lists ON_DEMAND rotations oldest first with paging, and stops at 10 with LimitExceededException', async () => {
    const key = await newKey();
    const ids = [key.materialId];
    for (let i = 0; i < 10; i++) {
      const { KeyId } = await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.keyId }));
      assert.equal(KeyId, key.arn);
      ids.push(await currentMaterial(key.keyId));
    }
    assert.equal(new Set(ids).size, 11);
    await assertKmsError(kms.send(new RotateKeyOnDemandCommand({ KeyId: key.keyId })), 'LimitExceededException',
      `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.arn}`);
    const first = await kms.send(new ListKeyRotationsCommand({ KeyId: key.arn, Limit: 4 }));
    assert.equal(first.Truncated, true);
    const seen = [...first.Rotations!];
    let marker = first.NextMarker;
    while (marker) {
      const next = await kms.send(new ListKeyRotationsCommand({ KeyId: key.keyId, Limit: 4, Marker: marker }));
      seen.push(...next.Rotations!);
      marker = next.NextMarker;
    }
    assert.deepEqual(seen.map((r) => r.KeyMaterialId), ids.slice(1));
    assert.ok(seen.every((r) => r.RotationType === 'ON_DEMAND' && r.RotationDate instanceof Date));
    assert.deepEqual(seen.map((r) => r.KeyMaterialState), [...Array(9).fill('NON_CURRENT'), 'CURRENT']);
    const all = await kms.send(new ListKeyRotationsCommand({ KeyId: key.keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL', Limit: 1000 }));
    assert.equal(all.Rotations!.length, 11);
    assert.equal(all.Rotations![0]!.KeyMaterialId, key.materialId);
    assert.equal(all.Rotations![0]!.RotationType, undefined);
    await assertKmsError(kms.send(new ListKeyRotationsCommand({ KeyId: key.keyId, Marker: 'bm90LW91cnM' })), 'InvalidMarkerException', 'Invalid marker');
  });

  test('on-demand rotation restarts the automatic period', async () => {
    const key = await newKey();
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.keyId, RotationPeriodInDays: 100 }));
    const before = await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.keyId }));
    await advanceClock(server.endpoint, 50 * daySeconds);
    await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.keyId }));
    const afterStatus = await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.keyId }));
    assert.ok(afterStatus.NextRotationDate!.getTime() - before.NextRotationDate!.getTime() >= 49 * daySeconds * 1000);
  });

  test('an unknown key is NotFoundException with its ARN', async () => {
    const arn = `arn:aws:kms:${server.region}:${server.accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    await assertKmsError(kms.send(new RotateKeyOnDemandCommand({ KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' })), 'NotFoundException', `Key '${arn}' does not exist`);
  });
});
