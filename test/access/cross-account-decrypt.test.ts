/**
 * Cross-account use of a symmetric key through the AWS SDK v3 (issue 17), as the Developer Guide
 * describes it ("Allowing users in other accounts to use a KMS key"): "The key policy … must give the
 * external account (or users and roles in the external account) permission to use the KMS key" and
 * "IAM policies in the external account must delegate the key policy permissions to its users and
 * roles"; neither alone is enough. A ciphertext names its key by id only, so Decrypt finds the owning
 * account from the key id; the key is then visible to the other account only when its key policy
 * names that account or the caller.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
 *
 * The answers: a key policy that shares the key with the account and an identity policy that says
 * nothing is the identity-based AccessDeniedException naming the key, as in the key's own account
 * (the key policy lets the account know the key); a key policy that does not name the account is
 * the ciphertext's "does not exist … or you are not allowed to access" answer, as for a missing key.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand, DecryptCommand, EncryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { assertKmsError } from '../helpers/assert-kms-error.js';

const owner = '111122223333';
const partner = '444455556666';
const bella = `arn:aws:iam::${partner}:user/bella`;
const bert = `arn:aws:iam::${partner}:user/bert`;
const hidden = 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.';

/** bella's identity policy delegates use of the owner's keys (by ARN); bert's allows nothing of KMS. */
const identities = `
accounts:
  - id: "${partner}"
    users:
      - name: bella
        accessKeys: [{ accessKeyId: AKIAEXAMPLEBELLA0001, secretAccessKey: bella-secret }]
        policies:
          - Version: "2012-10-17"
            Statement:
              - { Effect: Allow, Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], Resource: "arn:aws:kms:*:${owner}:key/*" }
      - name: bert
        accessKeys: [{ accessKeyId: AKIAEXAMPLEBERT00001, secretAccessKey: bert-secret }]
        policies:
          - { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "kms:ListKeys", Resource: "*" }] }
`;

describe('Decrypt of another account\'s symmetric ciphertext (SDK v3)', () => {
  let server: TestServer;
  let scratch: string;
  let root: KMSClient;
  let b: KMSClient;
  let shared: string;
  let unshared: string;
  const plaintext = Buffer.from('attack at dawn');

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'trent-cross-account-'));
    const configFile = join(scratch, 'identities.yaml');
    writeFileSync(configFile, identities);
    server = await startTestServer({ config: { configFile, accountId: owner } });
    root = server.client({ accessKeyId: owner });
    b = server.client({ accessKeyId: 'AKIAEXAMPLEBELLA0001', secretAccessKey: 'bella-secret' });
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [
      { Sid: 'owner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${owner}:root` }, Action: 'kms:*', Resource: '*' },
      { Sid: 'partner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${partner}:root` }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*' },
    ] });
    shared = (await root.send(new CreateKeyCommand({ Policy: policy }))).KeyMetadata!.Arn!;
    unshared = (await root.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  });
  after(async () => {
    await server?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test('key policy and identity policy both allow: bella decrypts the owner\'s ciphertext, with or without KeyId', async () => {
    const { CiphertextBlob } = await root.send(new EncryptCommand({ KeyId: shared, Plaintext: plaintext, EncryptionContext: { app: 'billing' } }));
    const out = await b.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { app: 'billing' } }));
    assert.deepEqual(Buffer.from(out.Plaintext!), plaintext);
    assert.equal(out.KeyId, shared);
    const named = await b.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { app: 'billing' }, KeyId: shared }));
    assert.deepEqual(Buffer.from(named.Plaintext!), plaintext);
    // A wrong context is still the blob's own failure, once the key is known to be usable.
    await assertKmsError(b.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { app: 'payroll' } })), 'InvalidCiphertextException', 'UnknownError');
  });

  test('without an identity policy that allows it, the partner\'s user is refused by name, on the key ARN', async () => {
    const { CiphertextBlob } = await root.send(new EncryptCommand({ KeyId: shared, Plaintext: plaintext }));
    const t = server.client({ accessKeyId: 'AKIAEXAMPLEBERT00001', secretAccessKey: 'bert-secret' });
    await assertKmsError(t.send(new DecryptCommand({ CiphertextBlob })), 'AccessDeniedException',
      `User: ${bert} is not authorized to perform: kms:Decrypt on resource: ${shared} because no identity-based policy allows the kms:Decrypt action`);
  });

  test('a key whose policy does not name the partner account answers as a missing key', async () => {
    const { CiphertextBlob } = await root.send(new EncryptCommand({ KeyId: unshared, Plaintext: plaintext }));
    await assertKmsError(b.send(new DecryptCommand({ CiphertextBlob })), 'AccessDeniedException', hidden);
    // The partner's account root, whom no identity policy limits, is refused the same way.
    await assertKmsError(server.client({ accessKeyId: partner }).send(new DecryptCommand({ CiphertextBlob })), 'AccessDeniedException', hidden);
  });

  test('GenerateDataKey and Encrypt with the key ARN across accounts; the owner decrypts what bella made', async () => {
    const dataKey = await b.send(new GenerateDataKeyCommand({ KeyId: shared, KeySpec: 'AES_256' }));
    assert.equal(dataKey.KeyId, shared);
    const opened = await root.send(new DecryptCommand({ CiphertextBlob: dataKey.CiphertextBlob }));
    assert.deepEqual(Buffer.from(opened.Plaintext!), Buffer.from(dataKey.Plaintext!));
    const mine = await b.send(new EncryptCommand({ KeyId: shared, Plaintext: plaintext }));
    assert.deepEqual(Buffer.from((await b.send(new DecryptCommand({ CiphertextBlob: mine.CiphertextBlob }))).Plaintext!), plaintext);
  });

  test('a KeyId parameter still needs the key ARN across accounts: a bare key id is looked up in the caller\'s account', async () => {
    const keyId = shared.slice(shared.lastIndexOf('/') + 1);
    await assertKmsError(b.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext })), 'NotFoundException',
      `Key 'arn:aws:kms:${server.region}:${partner}:key/${keyId}' does not exist`);
  });
});
