import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateKeyCommand, DescribeKeyCommand, ListKeysCommand, UpdateKeyDescriptionCommand, type KMSClient,
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

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('CreateKey', () => {
  test('a key created without parameters is an Enabled customer managed SYMMETRIC_DEFAULT key with the full KeyMetadata', async () => {
    const before = Date.now();
    const { KeyMetadata: m } = await kms.send(new CreateKeyCommand({}));
    assert.ok(m);
    assert.match(m.KeyId!, uuid);
    assert.equal(m.Arn, `arn:aws:kms:us-east-1:111122223333:key/${m.KeyId}`);
    assert.equal(m.AWSAccountId, '111122223333');
    assert.ok(m.CreationDate!.getTime() >= before - 1000 && m.CreationDate!.getTime() <= Date.now() + 1000);
    assert.deepEqual(
      { ...m, KeyId: undefined, Arn: undefined, CreationDate: undefined, CurrentKeyMaterialId: undefined },
      {
        AWSAccountId: '111122223333', KeyId: undefined, Arn: undefined, CreationDate: undefined, CurrentKeyMaterialId: undefined,
        Enabled: true, Description: '', KeyUsage: 'ENCRYPT_DECRYPT', KeyState: 'Enabled', Origin: 'AWS_KMS',
        KeyManager: 'CUSTOMER', CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT', KeySpec: 'SYMMETRIC_DEFAULT',
        EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'], MultiRegion: false,
      },
    );
    assert.match(m.CurrentKeyMaterialId!, /^[0-9a-f]{64}$/);
  });

  test('Description and Tags are stored and DescribeKey returns the same metadata', async () => {
    const { KeyMetadata: created } = await kms.send(new CreateKeyCommand({ Description: 'orders', Tags: [{ TagKey: 'team', TagValue: 'payments' }] }));
    const { KeyMetadata: described } = await kms.send(new DescribeKeyCommand({ KeyId: created!.KeyId }));
    assert.deepEqual(described, created);
    assert.equal(described!.Description, 'orders');
  });

  test('SM2, the one key spec Trent does not serve, is refused with UnsupportedOperationException naming it', async () => {
    await assertKmsError(kms.send(new CreateKeyCommand({ KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' })),
      'UnsupportedOperationException', 'KeySpec SM2 is not supported by this server.');
  });

  test('an unknown KeySpec is a ValidationException listing the enum values', async () => {
    // Research §4 (RECORDED): AWS lists the values in model order, RSA_2048 … HMAC_512; the members
    // added to the model after that recording (ECC_NIST_EDWARDS25519, ML_DSA_*, SM2) follow them.
    const res = await server.raw('CreateKey', { KeySpec: 'HMAC_random' });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, {
      __type: 'ValidationException',
      message: "1 validation error detected: Value 'HMAC_random' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: "
        + '[RSA_2048, ECC_NIST_P384, ECC_NIST_P256, ECC_NIST_P521, HMAC_384, RSA_3072, ECC_SECG_P256K1, RSA_4096, SYMMETRIC_DEFAULT, HMAC_256, HMAC_224, HMAC_512, '
        + 'ECC_NIST_EDWARDS25519, ML_DSA_44, ML_DSA_65, ML_DSA_87, SM2]',
    });
  });

  test('KeySpec together with the deprecated CustomerMasterKeySpec is a ValidationException', async () => {
    await assertKmsError(kms.send(new CreateKeyCommand({ KeySpec: 'SYMMETRIC_DEFAULT', CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT' })),
      'ValidationException', 'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.');
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT' }));
    assert.equal(KeyMetadata!.KeySpec, 'SYMMETRIC_DEFAULT');
  });

  test('a reserved aws: tag key is refused with TagException and no key is created', async () => {
    const countBefore = (await kms.send(new ListKeysCommand({ Limit: 1000 }))).Keys!.length;
    await assertKmsError(kms.send(new CreateKeyCommand({ Tags: [{ TagKey: 'AWS:owner', TagValue: 'x' }] })), 'TagException', 'Tags beginning with aws: are reserved');
    assert.equal((await kms.send(new ListKeysCommand({ Limit: 1000 }))).Keys!.length, countBefore);
  });
});

describe('DescribeKey', () => {
  test('finds a key by key id, key ARN, alias name and alias ARN', async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    const { CreateAliasCommand } = await import('@aws-sdk/client-kms');
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/describe-me', TargetKeyId: KeyMetadata!.KeyId }));
    for (const KeyId of [KeyMetadata!.KeyId!, KeyMetadata!.Arn!, 'alias/describe-me', 'arn:aws:kms:us-east-1:111122223333:alias/describe-me']) {
      const { KeyMetadata: found } = await kms.send(new DescribeKeyCommand({ KeyId }));
      assert.equal(found!.Arn, KeyMetadata!.Arn, KeyId);
    }
  });

  test('an unknown key id is NotFoundException naming the full key ARN', async () => {
    await assertKmsError(kms.send(new DescribeKeyCommand({ KeyId: '134f2428-cec1-4b25-a1ae-9048164dba47' })),
      'NotFoundException', "Key 'arn:aws:kms:us-east-1:111122223333:key/134f2428-cec1-4b25-a1ae-9048164dba47' does not exist");
  });

  test('a key id that is not a UUID is NotFoundException "Invalid keyId"', async () => {
    await assertKmsError(kms.send(new DescribeKeyCommand({ KeyId: 'fake-key-id' })), 'NotFoundException', "Invalid keyId 'fake-key-id'");
  });

  test('a missing alias is NotFoundException naming the alias ARN', async () => {
    await assertKmsError(kms.send(new DescribeKeyCommand({ KeyId: 'alias/missing' })),
      'NotFoundException', 'Alias arn:aws:kms:us-east-1:111122223333:alias/missing is not found.');
  });

  test('a key ARN of another region is NotFoundException "Invalid arn <region>"', async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    await assertKmsError(kms.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.Arn!.replace('us-east-1', 'us-west-2') })), 'NotFoundException', 'Invalid arn us-west-2');
  });

  test('a missing KeyId is the Coral "must not be null" ValidationException', async () => {
    const res = await server.raw('DescribeKey', {});
    assert.deepEqual({ status: res.status, body: res.body }, {
      status: 400,
      body: { __type: 'ValidationException', message: "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null" },
    });
  });
});

describe('ListKeys', () => {
  test('pages with Limit and Marker through every key exactly once', async () => {
    const fresh = await startTestServer();
    try {
      const client = fresh.client();
      const created = new Set<string>();
      for (let i = 0; i < 7; i++) created.add((await client.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!);
      const seen: string[] = [];
      let Marker: string | undefined;
      let pages = 0;
      do {
        const page = await client.send(new ListKeysCommand({ Limit: 3, Marker }));
        pages++;
        for (const k of page.Keys!) {
          assert.equal(k.KeyArn, `arn:aws:kms:us-east-1:111122223333:key/${k.KeyId}`);
          seen.push(k.KeyId!);
        }
        assert.equal(page.Truncated, page.NextMarker !== undefined);
        Marker = page.NextMarker;
      } while (Marker);
      assert.equal(pages, 3);
      assert.deepEqual(new Set(seen), created);
      assert.equal(seen.length, 7);
    } finally {
      await fresh.close();
    }
  });

  test('a Marker that Trent did not issue is InvalidMarkerException', async () => {
    await assertKmsError(kms.send(new ListKeysCommand({ Marker: 'not-a-marker' })), 'InvalidMarkerException', 'Invalid marker');
  });

  test('Limit 0 and 1001 are ValidationExceptions', async () => {
    for (const [Limit, bound] of [[0, 'greater than or equal to 1'], [1001, 'less than or equal to 1000']] as const) {
      const res = await server.raw('ListKeys', { Limit });
      assert.deepEqual(res.body, { __type: 'ValidationException', message: `1 validation error detected: Value '${Limit}' at 'limit' failed to satisfy constraint: Member must have value ${bound}` });
    }
  });
});

describe('UpdateKeyDescription', () => {
  test('replaces the description and returns an empty result', async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'old' }));
    const res = await server.raw('UpdateKeyDescription', { KeyId: KeyMetadata!.KeyId, Description: 'new' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body ?? {}, {});
    const { KeyMetadata: after } = await kms.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.KeyId }));
    assert.equal(after!.Description, 'new');
  });

  test('an alias is not accepted: NotFoundException "Invalid keyId"', async () => {
    await assertKmsError(kms.send(new UpdateKeyDescriptionCommand({ KeyId: 'alias/whatever', Description: 'x' })), 'NotFoundException', "Invalid keyId 'alias/whatever'");
  });
});
