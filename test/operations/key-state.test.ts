import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateKeyCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand, EncryptCommand,
  GenerateDataKeyCommand, GenerateDataKeyWithoutPlaintextCommand, ReEncryptCommand, UpdateKeyDescriptionCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { assertKmsError } from '../helpers/assert-kms-error.js';

let server: TestServer;
let kms: KMSClient;
before(async () => {
  server = await startTestServer();
  kms = server.client();
});
after(() => server.close());

// The Developer Guide's key-state table: https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
describe('Enabled and Disabled keys', () => {
  test('DisableKey makes a key Disabled (Enabled: false) and EnableKey brings it back; both are idempotent', async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    const KeyId = KeyMetadata!.KeyId!;
    await kms.send(new DisableKeyCommand({ KeyId }));
    await kms.send(new DisableKeyCommand({ KeyId }));
    let m = (await kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!;
    assert.deepEqual([m.KeyState, m.Enabled], ['Disabled', false]);
    await kms.send(new EnableKeyCommand({ KeyId: KeyMetadata!.Arn }));
    await kms.send(new EnableKeyCommand({ KeyId }));
    m = (await kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!;
    assert.deepEqual([m.KeyState, m.Enabled], ['Enabled', true]);
  });

  test('every cryptographic operation on a Disabled key is DisabledException "<key-arn> is disabled."', async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    const KeyId = KeyMetadata!.KeyId!;
    const arn = KeyMetadata!.Arn!;
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from('x') }));
    await kms.send(new DisableKeyCommand({ KeyId }));
    const message = `${arn} is disabled.`;
    await assertKmsError(kms.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from('x') })), 'DisabledException', message);
    await assertKmsError(kms.send(new DecryptCommand({ CiphertextBlob })), 'DisabledException', message);
    await assertKmsError(kms.send(new GenerateDataKeyCommand({ KeyId, KeySpec: 'AES_256' })), 'DisabledException', message);
    await assertKmsError(kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId, KeySpec: 'AES_256' })), 'DisabledException', message);
    await assertKmsError(kms.send(new ReEncryptCommand({ CiphertextBlob, DestinationKeyId: KeyId })), 'DisabledException', message);
    // Management operations still work on a Disabled key.
    await kms.send(new UpdateKeyDescriptionCommand({ KeyId, Description: 'retired' }));
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!.Description, 'retired');
    // And re-enabling restores use, including of ciphertexts made before.
    await kms.send(new EnableKeyCommand({ KeyId }));
    assert.deepEqual(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob }))).Plaintext!), Buffer.from('x'));
  });

  test('EnableKey and DisableKey take a key id or key ARN, not an alias', async () => {
    await assertKmsError(kms.send(new DisableKeyCommand({ KeyId: 'alias/some' })), 'NotFoundException', "Invalid keyId 'alias/some'");
  });

  test('EnableKey of an unknown key is NotFoundException', async () => {
    await assertKmsError(kms.send(new EnableKeyCommand({ KeyId: '00000000-0000-4000-8000-000000000000' })),
      'NotFoundException', "Key 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-000000000000' does not exist");
  });
});
