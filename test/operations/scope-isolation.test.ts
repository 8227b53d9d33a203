/**
 * Keys and aliases live in one (account, Region) and are invisible from every other one: each
 * identifier form answers NotFoundException from another scope, with the texts of
 * docs/research/aws-kms-messages.md §1 and §5, and nothing the other scope sends changes the owner's
 * key or alias.
 *
 *   - bare key id / alias name: expanded into an ARN of the CALLER's Region and account
 *     (RECORDED, LS-SNAP test_get_key_in_different_region / describe-key-diff-region-with-id);
 *   - key ARN naming another Region: `Invalid arn <that-region>`
 *     (RECORDED, LS-SNAP describe-key-diff-region-with-arn); the alias-ARN case is UNRECORDED and
 *     follows the same rule (localstack checks the ARN's Region first);
 *   - key ARN of another account in the same Region: `Key '<the given arn>' does not exist`
 *     (RECORDED form for an unknown key ARN, LS-SNAP describe-nonexistent-with-arn); the alias-ARN
 *     analogue `Alias <the given arn> is not found.` is UNRECORDED.
 * https://docs.aws.amazon.com/kms/latest/developerguide/kms-cryptography.html#regions
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAliasCommand, CreateKeyCommand, DeleteAliasCommand, DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand,
  EncryptCommand, GenerateDataKeyCommand, GetKeyPolicyCommand, ListAliasesCommand, ListKeyPoliciesCommand, ListKeysCommand,
  ListResourceTagsCommand, PutKeyPolicyCommand, TagResourceCommand, UntagResourceCommand, UpdateAliasCommand,
  UpdateKeyDescriptionCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { assertKmsError } from '../helpers/assert-kms-error.js';

const ownerAccount = '111122223333';
const ownerRegion = 'us-east-1';
const aliasName = 'alias/owned';
const ownerAliasArn = `arn:aws:kms:${ownerRegion}:${ownerAccount}:${aliasName}`;

let server: TestServer;
let owner: KMSClient;
/** The owner's Enabled key (with the alias and a tag) and a Disabled one (EnableKey's target). */
let key: { KeyId: string; Arn: string };
let disabledKey: { KeyId: string; Arn: string };
/** Everything the owner can read about its keys and aliases, before any foreign call. */
let ownerViewBefore: unknown;

async function ownerView(): Promise<unknown> {
  const view = async (KeyId: string) => ({
    metadata: (await owner.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata,
    tags: (await owner.send(new ListResourceTagsCommand({ KeyId }))).Tags,
    policy: (await owner.send(new GetKeyPolicyCommand({ KeyId, PolicyName: 'default' }))).Policy,
    aliases: (await owner.send(new ListAliasesCommand({ KeyId }))).Aliases,
  });
  return {
    keys: (await owner.send(new ListKeysCommand({ Limit: 1000 }))).Keys,
    aliases: (await owner.send(new ListAliasesCommand({}))).Aliases,
    key: await view(key.KeyId),
    disabledKey: await view(disabledKey.KeyId),
  };
}

before(async () => {
  server = await startTestServer();
  owner = server.client();
  const created = (await owner.send(new CreateKeyCommand({ Description: 'owner key', Tags: [{ TagKey: 'team', TagValue: 'blue' }] }))).KeyMetadata!;
  key = { KeyId: created.KeyId!, Arn: created.Arn! };
  const second = (await owner.send(new CreateKeyCommand({ Description: 'owner disabled key' }))).KeyMetadata!;
  disabledKey = { KeyId: second.KeyId!, Arn: second.Arn! };
  await owner.send(new DisableKeyCommand({ KeyId: disabledKey.KeyId }));
  await owner.send(new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: key.KeyId }));
  ownerViewBefore = await ownerView();
});
after(() => server.close());

const policy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Everyone', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' }],
});

interface Scope {
  readonly label: string;
  readonly account: string;
  readonly region: string;
  /** The message for the owner's key ARN / alias ARN sent from this scope. */
  readonly keyArnMessage: () => string;
  readonly aliasArnMessage: string;
}

const scopes: Scope[] = [
  {
    label: 'another account in the same Region (444455556666, us-east-1)',
    account: '444455556666', region: ownerRegion,
    keyArnMessage: () => `Key '${key.Arn}' does not exist`,
    aliasArnMessage: `Alias ${ownerAliasArn} is not found.`,
  },
  {
    label: 'the same account in another Region (111122223333, eu-west-1)',
    account: ownerAccount, region: 'eu-west-1',
    keyArnMessage: () => `Invalid arn ${ownerRegion}`,
    aliasArnMessage: `Invalid arn ${ownerRegion}`,
  },
];

for (const scope of scopes) {
  describe(`from ${scope.label} the owner's key and alias do not exist`, () => {
    let kms: KMSClient;
    /** A key of the foreign caller's own, for UpdateAlias's target. */
    let ownKeyId: string;
    before(async () => {
      kms = server.client({ region: scope.region, accessKeyId: scope.account });
      ownKeyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    });

    const keyIdMessage = (id: string) => `Key 'arn:aws:kms:${scope.region}:${scope.account}:key/${id}' does not exist`;
    const aliasNameMessage = `Alias arn:aws:kms:${scope.region}:${scope.account}:${aliasName} is not found.`;

    test('DescribeKey by key id is NotFoundException naming the key id in the caller\'s scope', async () => {
      await assertKmsError(kms.send(new DescribeKeyCommand({ KeyId: key.KeyId })), 'NotFoundException', keyIdMessage(key.KeyId));
    });

    test('DescribeKey by the owner\'s key ARN is NotFoundException', async () => {
      await assertKmsError(kms.send(new DescribeKeyCommand({ KeyId: key.Arn })), 'NotFoundException', scope.keyArnMessage());
    });

    test('DescribeKey by alias name is NotFoundException naming the alias ARN in the caller\'s scope', async () => {
      await assertKmsError(kms.send(new DescribeKeyCommand({ KeyId: aliasName })), 'NotFoundException', aliasNameMessage);
    });

    test('DescribeKey by the owner\'s alias ARN is NotFoundException', async () => {
      await assertKmsError(kms.send(new DescribeKeyCommand({ KeyId: ownerAliasArn })), 'NotFoundException', scope.aliasArnMessage);
    });

    test('EnableKey of the owner\'s Disabled key is NotFoundException, by key id and by key ARN', async () => {
      await assertKmsError(kms.send(new EnableKeyCommand({ KeyId: disabledKey.KeyId })), 'NotFoundException', keyIdMessage(disabledKey.KeyId));
      const arnMessage = scope.region === ownerRegion ? `Key '${disabledKey.Arn}' does not exist` : `Invalid arn ${ownerRegion}`;
      await assertKmsError(kms.send(new EnableKeyCommand({ KeyId: disabledKey.Arn })), 'NotFoundException', arnMessage);
    });

    test('DisableKey is NotFoundException', async () => {
      await assertKmsError(kms.send(new DisableKeyCommand({ KeyId: key.KeyId })), 'NotFoundException', keyIdMessage(key.KeyId));
    });

    test('UpdateKeyDescription is NotFoundException', async () => {
      await assertKmsError(kms.send(new UpdateKeyDescriptionCommand({ KeyId: key.KeyId, Description: 'hijacked' })), 'NotFoundException', keyIdMessage(key.KeyId));
    });

    test('TagResource is NotFoundException', async () => {
      await assertKmsError(kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [{ TagKey: 'team', TagValue: 'red' }] })), 'NotFoundException', keyIdMessage(key.KeyId));
    });

    test('UntagResource is NotFoundException', async () => {
      await assertKmsError(kms.send(new UntagResourceCommand({ KeyId: key.KeyId, TagKeys: ['team'] })), 'NotFoundException', keyIdMessage(key.KeyId));
    });

    test('ListResourceTags is NotFoundException', async () => {
      await assertKmsError(kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId })), 'NotFoundException', keyIdMessage(key.KeyId));
    });

    test('GetKeyPolicy is NotFoundException', async () => {
      await assertKmsError(kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default' })), 'NotFoundException', keyIdMessage(key.KeyId));
    });

    test('PutKeyPolicy is NotFoundException', async () => {
      await assertKmsError(kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default', Policy: policy })), 'NotFoundException', keyIdMessage(key.KeyId));
    });

    test('ListKeyPolicies is NotFoundException', async () => {
      await assertKmsError(kms.send(new ListKeyPoliciesCommand({ KeyId: key.KeyId })), 'NotFoundException', keyIdMessage(key.KeyId));
    });

    test('Encrypt is NotFoundException by key id, key ARN and alias name', async () => {
      const Plaintext = Buffer.from('secret');
      await assertKmsError(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext })), 'NotFoundException', keyIdMessage(key.KeyId));
      await assertKmsError(kms.send(new EncryptCommand({ KeyId: key.Arn, Plaintext })), 'NotFoundException', scope.keyArnMessage());
      await assertKmsError(kms.send(new EncryptCommand({ KeyId: aliasName, Plaintext })), 'NotFoundException', aliasNameMessage);
    });

    test('GenerateDataKey is NotFoundException', async () => {
      await assertKmsError(kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_256' })), 'NotFoundException', keyIdMessage(key.KeyId));
    });

    test('ListAliases with the owner\'s key as KeyId is NotFoundException, by key id and key ARN', async () => {
      await assertKmsError(kms.send(new ListAliasesCommand({ KeyId: key.KeyId })), 'NotFoundException', keyIdMessage(key.KeyId));
      await assertKmsError(kms.send(new ListAliasesCommand({ KeyId: key.Arn })), 'NotFoundException', scope.keyArnMessage());
    });

    test('CreateAlias with the owner\'s key as TargetKeyId is NotFoundException and creates no alias', async () => {
      await assertKmsError(kms.send(new CreateAliasCommand({ AliasName: 'alias/stolen', TargetKeyId: key.KeyId })), 'NotFoundException', keyIdMessage(key.KeyId));
      await assertKmsError(kms.send(new CreateAliasCommand({ AliasName: 'alias/stolen', TargetKeyId: key.Arn })), 'NotFoundException', scope.keyArnMessage());
      const names = ((await kms.send(new ListAliasesCommand({}))).Aliases ?? []).map((a) => a.AliasName);
      assert.ok(!names.includes('alias/stolen'), `alias/stolen was created: ${names.join(', ')}`);
    });

    test('UpdateAlias of the owner\'s alias name is NotFoundException naming the alias in the caller\'s scope', async () => {
      await assertKmsError(kms.send(new UpdateAliasCommand({ AliasName: aliasName, TargetKeyId: ownKeyId })), 'NotFoundException', aliasNameMessage);
    });

    test('DeleteAlias of the owner\'s alias name is NotFoundException naming the alias in the caller\'s scope', async () => {
      await assertKmsError(kms.send(new DeleteAliasCommand({ AliasName: aliasName })), 'NotFoundException', aliasNameMessage);
    });

    test('ListKeys lists only the caller\'s own key, not the owner\'s', async () => {
      const keys = (await kms.send(new ListKeysCommand({ Limit: 1000 }))).Keys ?? [];
      assert.deepEqual(keys.map((k) => k.KeyId), [ownKeyId]);
      assert.deepEqual(keys.map((k) => k.KeyArn), [`arn:aws:kms:${scope.region}:${scope.account}:key/${ownKeyId}`]);
    });

    test('ListAliases does not list the owner\'s alias', async () => {
      const aliases = (await kms.send(new ListAliasesCommand({}))).Aliases ?? [];
      assert.ok(!aliases.some((a) => a.AliasName === aliasName || a.TargetKeyId === key.KeyId || a.TargetKeyId === disabledKey.KeyId),
        `foreign scope sees: ${JSON.stringify(aliases)}`);
    });
  });
}

test('after every call from the other scopes, the owner\'s keys, tags, policies and alias are unchanged', async () => {
  assert.deepEqual(await ownerView(), ownerViewBefore);
  const view = ownerViewBefore as { key: { metadata: { Description: string; KeyState: string } }; disabledKey: { metadata: { KeyState: string } } };
  assert.equal(view.key.metadata.Description, 'owner key');
  assert.equal(view.key.metadata.KeyState, 'Enabled');
  assert.equal(view.disabledKey.metadata.KeyState, 'Disabled');
  assert.equal((await owner.send(new DescribeKeyCommand({ KeyId: aliasName }))).KeyMetadata!.KeyId, key.KeyId);
  assert.deepEqual((await owner.send(new ListResourceTagsCommand({ KeyId: key.KeyId }))).Tags, [{ TagKey: 'team', TagValue: 'blue' }]);
});
