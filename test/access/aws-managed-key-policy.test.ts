/**
 * AWS managed keys under access control (issue 14 item 8), through the AWS SDK v3 with configured
 * identities: their key policy is the root of trust like any key's. Its use statement needs
 * kms:ViaService, which no direct call carries, so even an identity allowed `kms:*` cannot use the
 * key; its metadata statement names the account, so the account's identity policies decide who may
 * read it ("You cannot … use them in cryptographic operations directly", Developer Guide, AWS
 * managed keys; IAM User Guide, "Troubleshoot access denied error messages" for the texts).
 * https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeKeyCommand, EncryptCommand, GenerateDataKeyCommand, GetKeyPolicyCommand, ListAliasesCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { assertKmsError } from '../helpers/assert-kms-error.js';

const account = '111122223333';
const other = '444455556666';
const admin = `arn:aws:iam::${account}:user/admin`;
const bob = `arn:aws:iam::${account}:user/bob`;
const dave = `arn:aws:iam::${account}:user/dave`;
const carol = `arn:aws:iam::${other}:user/carol`;

/** admin may do anything in KMS; bob has no policy; dave anything but GetKeyPolicy; carol (another account) anything. */
const identities = `
accounts:
  - id: "${account}"
    users:
      - name: admin
        accessKeys: [{ accessKeyId: AKIAEXAMPLEADMIN0001, secretAccessKey: admin-secret }]
        policies:
          - { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "kms:*", Resource: "*" }] }
      - name: bob
        accessKeys: [{ accessKeyId: AKIAEXAMPLEBOB000001, secretAccessKey: bob-secret }]
      - name: dave
        accessKeys: [{ accessKeyId: AKIAEXAMPLEDAVE00001, secretAccessKey: dave-secret }]
        policies:
          - Version: "2012-10-17"
            Statement:
              - { Effect: Allow, Action: "kms:*", Resource: "*" }
              - { Effect: Deny, Action: "kms:GetKeyPolicy", Resource: "*" }
  - id: "${other}"
    users:
      - name: carol
        accessKeys: [{ accessKeyId: AKIAEXAMPLECAROL0001, secretAccessKey: carol-secret }]
        policies:
          - { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "kms:*", Resource: "*" }] }
`;

const denied = (who: string, action: string, resource: string, why: string): string =>
  `User: ${who} is not authorized to perform: ${action} on resource: ${resource} ${why}`;
const noResource = (action: string): string => `because no resource-based policy allows the ${action} action`;
const noIdentity = (action: string): string => `because no identity-based policy allows the ${action} action`;

describe('AWS managed keys: the key policy decides (SDK v3)', () => {
  let server: TestServer;
  let root: KMSClient;
  let a: KMSClient;
  let b: KMSClient;
  let d: KMSClient;
  let c: KMSClient;
  let s3Arn: string;

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trent-aws-managed-'));
    const configFile = join(dir, 'identities.yaml');
    writeFileSync(configFile, identities);
    server = await startTestServer({ config: { configFile, accountId: account } });
    root = server.client({ accessKeyId: account });
    a = server.client({ accessKeyId: 'AKIAEXAMPLEADMIN0001', secretAccessKey: 'admin-secret' });
    b = server.client({ accessKeyId: 'AKIAEXAMPLEBOB000001', secretAccessKey: 'bob-secret' });
    d = server.client({ accessKeyId: 'AKIAEXAMPLEDAVE00001', secretAccessKey: 'dave-secret' });
    c = server.client({ accessKeyId: 'AKIAEXAMPLECAROL0001', secretAccessKey: 'carol-secret' });
    s3Arn = (await root.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))).KeyMetadata!.Arn!;
  });
  after(() => server.close());

  test('an identity allowed kms:* still cannot use it directly: the key policy allows use only through S3', async () => {
    await assertKmsError(a.send(new EncryptCommand({ KeyId: 'alias/aws/s3', Plaintext: Buffer.from('x') })),
      'AccessDeniedException', denied(admin, 'kms:Encrypt', s3Arn, noResource('kms:Encrypt')));
    await assertKmsError(a.send(new GenerateDataKeyCommand({ KeyId: s3Arn, KeySpec: 'AES_256' })),
      'AccessDeniedException', denied(admin, 'kms:GenerateDataKey', s3Arn, noResource('kms:GenerateDataKey')));
  });

  test('the account\'s identity policies decide who reads it (the metadata statement names the account)', async () => {
    assert.equal((await a.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))).KeyMetadata!.Arn, s3Arn);
    assert.match((await a.send(new GetKeyPolicyCommand({ KeyId: s3Arn }))).Policy!, /"Id" : "auto-s3-2"/);
    await assertKmsError(b.send(new DescribeKeyCommand({ KeyId: s3Arn })), 'AccessDeniedException', denied(bob, 'kms:DescribeKey', s3Arn, noIdentity('kms:DescribeKey')));
    await assertKmsError(d.send(new GetKeyPolicyCommand({ KeyId: s3Arn })),
      'AccessDeniedException', denied(dave, 'kms:GetKeyPolicy', s3Arn, 'with an explicit deny in an identity-based policy'));
    assert.equal((await d.send(new DescribeKeyCommand({ KeyId: s3Arn }))).KeyMetadata!.KeyManager, 'AWS');
  });

  test('the first DescribeKey of a predefined alias by an IAM user creates the key as for the root', async () => {
    const m = (await a.send(new DescribeKeyCommand({ KeyId: 'alias/aws/ssm' }))).KeyMetadata!;
    assert.equal(m.KeyManager, 'AWS');
    const listed = (await root.send(new ListAliasesCommand({}))).Aliases!.find((x) => x.AliasName === 'alias/aws/ssm')!;
    assert.equal(listed.TargetKeyId, m.KeyId);
  });

  test('another account gets nothing from it, even with kms:* (kms:CallerAccount is the key\'s account)', async () => {
    await assertKmsError(c.send(new DescribeKeyCommand({ KeyId: s3Arn })), 'AccessDeniedException', denied(carol, 'kms:DescribeKey', s3Arn, noResource('kms:DescribeKey')));
    await assertKmsError(c.send(new EncryptCommand({ KeyId: s3Arn, Plaintext: Buffer.from('x') })),
      'AccessDeniedException', denied(carol, 'kms:Encrypt', s3Arn, noResource('kms:Encrypt')));
  });
});
