/**
 * AWS managed keys (issue 14 item 8) through the real SDK v3 client: the predefined aliases in
 * ListAliases, the key DescribeKey creates behind one, its yearly rotation, its key policy, and the
 * errors for using it directly or managing it (the policy authorizer evaluating the key policy,
 * service/aws-managed-key-rule.ts, domain/key/aws-managed-keys.ts). Identities other than the
 * account root: test/access/aws-managed-key-policy.test.ts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CancelKeyDeletionCommand, CreateAliasCommand, CreateGrantCommand, CreateKeyCommand, DecryptCommand, DeleteAliasCommand, DescribeKeyCommand,
  DisableKeyCommand, DisableKeyRotationCommand, EnableKeyCommand, EnableKeyRotationCommand, EncryptCommand, GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, ListAliasesCommand, ListGrantsCommand,
  ListKeyRotationsCommand, ListKeysCommand, ListResourceTagsCommand, PutKeyPolicyCommand, ReEncryptCommand, RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand, TagResourceCommand, UntagResourceCommand, UpdateAliasCommand, UpdateKeyDescriptionCommand,
  type AliasListEntry, type KMSClient,
} from '@aws-sdk/client-kms';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { assertKmsError } from '../helpers/assert-kms-error.js';
import { advanceClock, daySeconds, serverNow } from '../helpers/dev-clock.js';
import { awsManagedAliasNames } from '../../src/domain/key/aws-managed-keys.js';
import { ciphertextKeyNotAccessible } from '../../src/domain/messages.js';

let server: TestServer;
let kms: KMSClient;
before(async () => {
  server = await startTestServer();
  kms = server.client();
});
after(() => server.close());

const principal = (): string => `arn:aws:iam::${server.accountId}:root`;
const denied = (action: string, arn: string): string =>
  `User: ${principal()} is not authorized to perform: ${action} on resource: ${arn} because no resource-based policy allows the ${action} action`;

async function allAliases(client: KMSClient, limit?: number): Promise<AliasListEntry[]> {
  const out: AliasListEntry[] = [];
  let marker: string | undefined;
  do {
    const page = await client.send(new ListAliasesCommand({ ...(limit ? { Limit: limit } : {}), ...(marker ? { Marker: marker } : {}) }));
    out.push(...page.Aliases!);
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return out;
}

test('a new account lists the predefined aliases with AliasName and AliasArn and no TargetKeyId', async () => {
  const client = server.client({ accessKeyId: '222233334444' });
  const aliases = await client.send(new ListAliasesCommand({}));
  assert.deepEqual(aliases.Aliases!.map((a) => a.AliasName), [...awsManagedAliasNames]);
  assert.ok(awsManagedAliasNames.includes('alias/aws/s3') && awsManagedAliasNames.includes('alias/aws/ebs'));
  for (const a of aliases.Aliases!) {
    assert.deepEqual(Object.keys(a).sort(), ['AliasArn', 'AliasName']);
    assert.equal(a.AliasArn, `arn:aws:kms:${server.region}:222233334444:${a.AliasName}`);
  }
});

test('customer aliases merge by name with the predefined ones, and Limit/Marker pages walk the same list', async () => {
  const client = server.client({ accessKeyId: '333344445555' });
  const key = (await client.send(new CreateKeyCommand({}))).KeyMetadata!;
  for (const name of ['alias/a-first', 'alias/zz-last', 'alias/aws-lookalike', 'alias/m-middle']) {
    await client.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: key.KeyId }));
  }
  const whole = (await allAliases(client)).map((a) => a.AliasName!);
  const expected = [...awsManagedAliasNames, 'alias/a-first', 'alias/zz-last', 'alias/aws-lookalike', 'alias/m-middle'].sort();
  assert.deepEqual(whole, expected);
  for (const limit of [1, 3, 7]) assert.deepEqual((await allAliases(client, limit)).map((a) => a.AliasName), expected);
  // A KeyId filter lists the key's own aliases only.
  const own = await client.send(new ListAliasesCommand({ KeyId: key.KeyId }));
  assert.deepEqual(own.Aliases!.map((a) => a.AliasName), ['alias/a-first', 'alias/aws-lookalike', 'alias/m-middle', 'alias/zz-last']);
});

test('DescribeKey of a predefined alias creates the AWS managed key once and points the alias at it', async () => {
  const client = server.client({ accessKeyId: '444455556666' });
  const [first, second] = await Promise.all([
    client.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' })),
    client.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' })),
  ]);
  const m = first.KeyMetadata!;
  assert.equal(second.KeyMetadata!.KeyId, m.KeyId, 'two concurrent first calls: one key');
  assert.equal(m.KeyManager, 'AWS');
  assert.equal(m.Description, 'Default key that protects my S3 objects when no other key is defined');
  assert.equal(m.Origin, 'AWS_KMS');
  assert.equal(m.KeySpec, 'SYMMETRIC_DEFAULT');
  assert.equal(m.KeyUsage, 'ENCRYPT_DECRYPT');
  assert.equal(m.KeyState, 'Enabled');
  const again = await client.send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:${server.region}:444455556666:alias/aws/s3` }));
  assert.equal(again.KeyMetadata!.KeyId, m.KeyId);
  const listed = (await allAliases(client)).find((a) => a.AliasName === 'alias/aws/s3')!;
  assert.equal(listed.TargetKeyId, m.KeyId);
  assert.ok(listed.CreationDate instanceof Date);
  assert.equal((await allAliases(client)).filter((a) => a.TargetKeyId !== undefined).length, 1);
  const byKey = await client.send(new ListAliasesCommand({ KeyId: m.KeyId }));
  assert.deepEqual(byKey.Aliases!.map((a) => a.AliasName), ['alias/aws/s3']);
});

test('Encrypt and GenerateDataKey* of a predefined alias with no key yet: NotFoundException, and no key is created', async () => {
  // AWS creates the key on its service's first use; a direct call is refused by the key's policy
  // (kms:ViaService), so here only DescribeKey creates it (service/aws-managed-keys.ts).
  const account = '555566667777';
  const client = server.client({ accessKeyId: account });
  const missing = (alias: string): string => `Alias arn:aws:kms:${server.region}:${account}:${alias} is not found.`;
  await assertKmsError(client.send(new EncryptCommand({ KeyId: 'alias/aws/ebs', Plaintext: Buffer.from('volume') })), 'NotFoundException', missing('alias/aws/ebs'));
  await assertKmsError(client.send(new GenerateDataKeyCommand({ KeyId: 'alias/aws/lambda', KeySpec: 'AES_256' })), 'NotFoundException', missing('alias/aws/lambda'));
  await assertKmsError(client.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: 'alias/aws/lambda', KeySpec: 'AES_256' })), 'NotFoundException', missing('alias/aws/lambda'));
  assert.deepEqual((await client.send(new ListKeysCommand({}))).Keys, []);
  assert.equal((await allAliases(client)).filter((a) => a.TargetKeyId !== undefined).length, 0);
});

test('direct use of an AWS managed key is AccessDeniedException from its key policy (no kms:ViaService), whatever names it', async () => {
  const ebs = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/ebs' }))).KeyMetadata!;
  const arn = ebs.Arn!;
  const plaintext = Buffer.from('volume');
  for (const keyId of ['alias/aws/ebs', ebs.KeyId!, arn, `arn:aws:kms:${server.region}:${server.accountId}:alias/aws/ebs`]) {
    await assertKmsError(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext })), 'AccessDeniedException', denied('kms:Encrypt', arn));
  }
  await assertKmsError(kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/aws/ebs', KeySpec: 'AES_256' })), 'AccessDeniedException', denied('kms:GenerateDataKey', arn));
  await assertKmsError(kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: 'alias/aws/ebs', NumberOfBytes: 32 })),
    'AccessDeniedException', denied('kms:GenerateDataKeyWithoutPlaintext', arn));
  await assertKmsError(kms.send(new CreateGrantCommand({ KeyId: arn, GranteePrincipal: principal(), Operations: ['Decrypt'] })),
    'AccessDeniedException', denied('kms:CreateGrant', arn));
  // A ReEncrypt to it from a customer managed key: kms:ReEncryptTo on the destination.
  const own = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
  const blob = (await kms.send(new EncryptCommand({ KeyId: own.KeyId, Plaintext: plaintext }))).CiphertextBlob!;
  await assertKmsError(kms.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: 'alias/aws/ebs' })), 'AccessDeniedException', denied('kms:ReEncryptTo', arn));
});

test('Decrypt of a blob naming an AWS managed key is refused as a blob naming a key the caller may not use', async () => {
  const ebs = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/ebs' }))).KeyMetadata!;
  const own = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
  const blob = (await kms.send(new EncryptCommand({ KeyId: own.KeyId, Plaintext: Buffer.from('volume') }))).CiphertextBlob!;
  // A blob naming the AWS managed key (a customer key's blob with the key id of its header, bytes
  // 1..16, replaced): refused by the authorizer as a blob naming a key the caller may not use. The
  // KeyId naming another key proves where: an allowed call would reach Decrypt's own check and
  // answer IncorrectKeyException. AWS's one answer for a blob whose key is missing or not usable
  // (NOTES.md §1): AccessDeniedException "The ciphertext refers to a customer master key that …".
  const forged = Buffer.from(blob);
  Buffer.from(ebs.KeyId!.replace(/-/g, ''), 'hex').copy(forged, 1);
  assert.match(ciphertextKeyNotAccessible, /^The ciphertext refers to a customer master key that does not exist/);
  await assertKmsError(kms.send(new DecryptCommand({ CiphertextBlob: forged, KeyId: own.KeyId })), 'AccessDeniedException', ciphertextKeyNotAccessible);
});

test('an unknown alias/aws/ name is still NotFoundException', async () => {
  const arn = `arn:aws:kms:${server.region}:${server.accountId}:alias/aws/not-a-service`;
  await assertKmsError(kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/not-a-service' })), 'NotFoundException', `Alias ${arn} is not found.`);
});

test('GetKeyPolicy returns the policy AWS writes on the key, in AWS\'s layout (alias/aws/ebs)', async () => {
  const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/ebs' }));
  const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId, PolicyName: 'default' }));
  // As GetKeyPolicy returned it for aws/ebs in us-east-1 (FogSecurity/aws-managed-kms-keys,
  // reference_key_policies/ebs.json), with this account and Region.
  assert.equal(Policy, `{
  "Version" : "2012-10-17",
  "Id" : "auto-ebs-2",
  "Statement" : [ {
    "Sid" : "Allow access through EBS for all principals in the account that are authorized to use EBS",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "*"
    },
    "Action" : [ "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey" ],
    "Resource" : "*",
    "Condition" : {
      "StringEquals" : {
        "kms:CallerAccount" : "${server.accountId}",
        "kms:ViaService" : "ec2.${server.region}.amazonaws.com"
      }
    }
  }, {
    "Sid" : "Allow direct access to key metadata to the account",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "${principal()}"
    },
    "Action" : [ "kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant" ],
    "Resource" : "*"
  } ]
}`);
});

test('policies differ by service: Secrets Manager\'s has a second use statement for GenerateDataKey* in any Region', async () => {
  const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/secretsmanager' }));
  const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId, PolicyName: 'default' }));
  const doc = JSON.parse(Policy!) as { Id: string; Statement: Array<{ Sid: string; Action: string | string[]; Condition?: unknown }> };
  assert.equal(doc.Id, 'auto-secretsmanager-2');
  assert.deepEqual(doc.Statement.map((s) => s.Action), [
    ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:CreateGrant', 'kms:DescribeKey'],
    'kms:GenerateDataKey*',
    ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant'],
  ]);
  assert.deepEqual(doc.Statement[1]!.Condition, {
    StringEquals: { 'kms:CallerAccount': server.accountId }, StringLike: { 'kms:ViaService': 'secretsmanager.*.amazonaws.com' },
  });
});

test('the account reads an AWS managed key as its policy allows: DescribeKey, Get*, List* directly', async () => {
  const m = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/sqs' }))).KeyMetadata!;
  assert.equal(m.Description, 'Default key that protects my SQS messages when no other key is defined');
  assert.equal((await kms.send(new GetKeyRotationStatusCommand({ KeyId: m.KeyId }))).KeyRotationEnabled, true);
  assert.deepEqual((await kms.send(new ListResourceTagsCommand({ KeyId: m.KeyId }))).Tags, []);
  assert.deepEqual((await kms.send(new ListKeyRotationsCommand({ KeyId: m.KeyId }))).Rotations, []);
  assert.deepEqual((await kms.send(new ListGrantsCommand({ KeyId: m.KeyId }))).Grants, []);
  assert.deepEqual((await kms.send(new ListAliasesCommand({ KeyId: m.KeyId }))).Aliases!.map((a) => a.AliasName), ['alias/aws/sqs']);
  assert.match((await kms.send(new GetKeyPolicyCommand({ KeyId: m.KeyId }))).Policy!, /"Id" : "auto-sqs-1"/);
});

test('aws/acm\'s policy lets the owner read only DescribeKey, GetKeyPolicy and ListGrants: GetKeyRotationStatus is refused', async () => {
  const m = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/acm' }))).KeyMetadata!;
  assert.equal(m.Description, 'Default key that protects my ACM private keys when no other key is defined');
  assert.match((await kms.send(new GetKeyPolicyCommand({ KeyId: m.KeyId }))).Policy!, /"Id" : "auto-acm-4"/);
  assert.deepEqual((await kms.send(new ListGrantsCommand({ KeyId: m.KeyId }))).Grants, []);
  await assertKmsError(kms.send(new GetKeyRotationStatusCommand({ KeyId: m.KeyId })), 'AccessDeniedException', denied('kms:GetKeyRotationStatus', m.Arn!));
  await assertKmsError(kms.send(new ListResourceTagsCommand({ KeyId: m.KeyId })), 'AccessDeniedException', denied('kms:ListResourceTags', m.Arn!));
});

test('managing an AWS managed key is AccessDeniedException from its key policy', async () => {
  const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/rds' }));
  const id = KeyMetadata!.KeyId!;
  const arn = KeyMetadata!.Arn!;
  const cases: Array<[string, Promise<unknown>]> = [
    ['kms:EnableKeyRotation', kms.send(new EnableKeyRotationCommand({ KeyId: id }))],
    ['kms:DisableKeyRotation', kms.send(new DisableKeyRotationCommand({ KeyId: id }))],
    ['kms:ScheduleKeyDeletion', kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }))],
    ['kms:PutKeyPolicy', kms.send(new PutKeyPolicyCommand({ KeyId: id, PolicyName: 'default', Policy: '{"Version":"2012-10-17","Statement":[]}' }))],
    ['kms:TagResource', kms.send(new TagResourceCommand({ KeyId: id, Tags: [{ TagKey: 'a', TagValue: 'b' }] }))],
    ['kms:UpdateKeyDescription', kms.send(new UpdateKeyDescriptionCommand({ KeyId: id, Description: 'mine' }))],
    ['kms:DisableKey', kms.send(new DisableKeyCommand({ KeyId: id }))],
    ['kms:CreateAlias', kms.send(new CreateAliasCommand({ AliasName: 'alias/my-rds', TargetKeyId: id }))],
    ['kms:RotateKeyOnDemand', kms.send(new RotateKeyOnDemandCommand({ KeyId: id }))],
    ['kms:EnableKey', kms.send(new EnableKeyCommand({ KeyId: id }))],
    ['kms:CancelKeyDeletion', kms.send(new CancelKeyDeletionCommand({ KeyId: id }))],
    ['kms:UntagResource', kms.send(new UntagResourceCommand({ KeyId: id, TagKeys: ['a'] }))],
  ];
  for (const [action, call] of cases) await assertKmsError(call, 'AccessDeniedException', denied(action, arn));
  // Nothing changed.
  const after = (await kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!;
  assert.equal(after.KeyState, 'Enabled');
  assert.equal(after.Description, 'Default key that protects my RDS database volumes when no other key is defined');
  assert.equal(after.CurrentKeyMaterialId, KeyMetadata!.CurrentKeyMaterialId);
  assert.deepEqual((await kms.send(new ListKeyRotationsCommand({ KeyId: id }))).Rotations, []);
  assert.deepEqual((await kms.send(new ListAliasesCommand({ KeyId: id }))).Aliases!.map((a) => a.AliasName), ['alias/aws/rds']);
});

test('alias/aws/ names cannot be created, moved or deleted (CreateAlias/UpdateAlias/DeleteAlias: reserved prefix)', async () => {
  const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
  await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/ssm' }));
  const reserved = 'Aliases beginning with alias/aws/ are reserved';
  await assertKmsError(kms.send(new CreateAliasCommand({ AliasName: 'alias/aws/mine', TargetKeyId: key.KeyId })), 'InvalidAliasNameException', reserved);
  await assertKmsError(kms.send(new UpdateAliasCommand({ AliasName: 'alias/aws/ssm', TargetKeyId: key.KeyId })), 'InvalidAliasNameException', reserved);
  await assertKmsError(kms.send(new DeleteAliasCommand({ AliasName: 'alias/aws/ssm' })), 'InvalidAliasNameException', reserved);
});

test('AWS managed keys rotate every 365 days by themselves: ListKeyRotations, CurrentKeyMaterialId, GetKeyRotationStatus', async () => {
  const client = server.client({ accessKeyId: '666677778888' });
  const m = (await client.send(new DescribeKeyCommand({ KeyId: 'alias/aws/dynamodb' }))).KeyMetadata!;
  const yearMs = 365 * daySeconds * 1000;
  const status = await client.send(new GetKeyRotationStatusCommand({ KeyId: m.KeyId }));
  assert.equal(status.KeyRotationEnabled, true);
  assert.equal(status.RotationPeriodInDays, 365);
  assert.equal(status.NextRotationDate!.getTime(), m.CreationDate!.getTime() + yearMs);
  await advanceClock(server.endpoint, 364 * daySeconds);
  assert.equal((await client.send(new DescribeKeyCommand({ KeyId: m.KeyId }))).KeyMetadata!.CurrentKeyMaterialId, m.CurrentKeyMaterialId, 'not due yet');
  // The scheduler runs what became due as the clock moves, at the new time (one day late here).
  const { now } = await advanceClock(server.endpoint, 2 * daySeconds);
  const rotated = (await client.send(new DescribeKeyCommand({ KeyId: m.KeyId }))).KeyMetadata!;
  assert.notEqual(rotated.CurrentKeyMaterialId, m.CurrentKeyMaterialId);
  const rotations = (await client.send(new ListKeyRotationsCommand({ KeyId: m.KeyId }))).Rotations!;
  assert.equal(rotations.length, 1);
  assert.equal(rotations[0]!.RotationType, 'AUTOMATIC');
  assert.equal(rotations[0]!.KeyMaterialId, rotated.CurrentKeyMaterialId);
  // The job reads the clock when it runs, a few ms after the advance answered (the clock keeps
  // ticking), so the date lies between the advance's `now` and the server's time after it. The
  // scheduler's own timer may instead run the job between the offset's commit and the advance
  // reading its `now`, a little before it: hence the 1 s allowance below `now`.
  const rotatedAt = rotations[0]!.RotationDate!.getTime();
  const later = await serverNow(server.endpoint);
  assert.ok(rotatedAt >= now.getTime() - 1_000 && rotatedAt <= later.getTime(), `rotated at ${rotatedAt}, advanced to ${now.getTime()}, now ${later.getTime()}`);
  const after = await client.send(new GetKeyRotationStatusCommand({ KeyId: m.KeyId }));
  assert.equal(after.NextRotationDate!.getTime(), rotatedAt + yearMs, 'the next one a year after the rotation');
  await advanceClock(server.endpoint, 365 * daySeconds);
  assert.equal((await client.send(new ListKeyRotationsCommand({ KeyId: m.KeyId }))).Rotations!.length, 2, 'and every year thereafter');
});
