/**
 * CreateAlias, UpdateAlias, DeleteAlias and ListAliases over HTTP with the real AWS SDK.
 * Texts: docs/research/aws-kms-messages.md §1, §5, §9 (RECORDED unless a test says otherwise).
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAliasCommand, CreateKeyCommand, DeleteAliasCommand, DescribeKeyCommand, DisableKeyCommand, ListAliasesCommand,
  UpdateAliasCommand, type AliasListEntry, type KMSClient,
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

let counter = 0;
/** A fresh alias name per test, so tests sharing the account never collide. */
const fresh = (label: string): string => `alias/${label}-${++counter}`;
const aliasArnOf = (name: string, region = server.region, account = server.accountId) => `arn:aws:kms:${region}:${account}:${name}`;

async function newKey(client: KMSClient = kms): Promise<{ KeyId: string; Arn: string }> {
  const { KeyMetadata } = await client.send(new CreateKeyCommand({}));
  return { KeyId: KeyMetadata!.KeyId!, Arn: KeyMetadata!.Arn! };
}

async function aliasesOf(KeyId: string, client: KMSClient = kms): Promise<AliasListEntry[]> {
  return (await client.send(new ListAliasesCommand({ KeyId }))).Aliases ?? [];
}

const prefixMessage = 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html';

describe('CreateAlias', () => {
  test('CreateAlias names a key: ListAliases shows it with its ARN, key id and dates, DescribeKey resolves it', async () => {
    const key = await newKey();
    const AliasName = fresh('app');
    const before = Date.now();
    const response = await kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: key.KeyId }));
    assert.deepEqual(Object.keys(response).filter((k) => k !== '$metadata'), []);
    const [entry, ...rest] = await aliasesOf(key.KeyId);
    assert.equal(rest.length, 0);
    assert.equal(entry!.AliasName, AliasName);
    assert.equal(entry!.AliasArn, aliasArnOf(AliasName));
    assert.equal(entry!.TargetKeyId, key.KeyId);
    assert.ok(entry!.CreationDate instanceof Date && entry!.CreationDate.getTime() >= before - 1000);
    assert.equal(entry!.LastUpdatedDate!.getTime(), entry!.CreationDate.getTime());
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: AliasName }))).KeyMetadata!.Arn, key.Arn);
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: aliasArnOf(AliasName) }))).KeyMetadata!.Arn, key.Arn);
  });

  test('CreateAlias takes the target as key ARN too, and stores the bare key id as TargetKeyId', async () => {
    const key = await newKey();
    const AliasName = fresh('by-arn');
    await kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: key.Arn }));
    assert.equal((await aliasesOf(key.KeyId))[0]!.TargetKeyId, key.KeyId);
  });

  test('CreateAlias on a Disabled key succeeds (key-state table)', async () => {
    const key = await newKey();
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    await kms.send(new CreateAliasCommand({ AliasName: fresh('disabled'), TargetKeyId: key.KeyId }));
    assert.equal((await aliasesOf(key.KeyId)).length, 1);
  });

  test('an alias name without the alias/ prefix is ValidationException (recorded text)', async () => {
    const key = await newKey();
    await assertKmsError(kms.send(new CreateAliasCommand({ AliasName: 'my-key', TargetKeyId: key.KeyId })), 'ValidationException', prefixMessage);
  });

  test('an alias name with a colon is ValidationException "<name> contains invalid characters for an alias"', async () => {
    const key = await newKey();
    await assertKmsError(kms.send(new CreateAliasCommand({ AliasName: 'alias/Service:Test', TargetKeyId: key.KeyId })),
      'ValidationException', 'alias/Service:Test contains invalid characters for an alias');
  });

  test('the bare alias/ is refused with the invalid-characters text (UNRECORDED, chosen)', async () => {
    const key = await newKey();
    await assertKmsError(kms.send(new CreateAliasCommand({ AliasName: 'alias/', TargetKeyId: key.KeyId })),
      'ValidationException', 'alias/ contains invalid characters for an alias');
  });

  test('an alias name outside the model pattern is the protocol ValidationException for aliasName', async () => {
    const key = await newKey();
    await assertKmsError(kms.send(new CreateAliasCommand({ AliasName: 'alias/no!', TargetKeyId: key.KeyId })), 'ValidationException',
      "1 validation error detected: Value 'alias/no!' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
  });

  test('alias/aws/ names are reserved for AWS managed keys: InvalidAliasNameException (UNRECORDED, chosen)', async () => {
    const key = await newKey();
    await assertKmsError(kms.send(new CreateAliasCommand({ AliasName: 'alias/aws/mine', TargetKeyId: key.KeyId })),
      'InvalidAliasNameException', 'Aliases beginning with alias/aws/ are reserved');
  });

  test('a taken alias name is AlreadyExistsException naming the alias ARN', async () => {
    const [first, second] = [await newKey(), await newKey()];
    const AliasName = fresh('taken');
    await kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: first.KeyId }));
    await assertKmsError(kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: second.KeyId })),
      'AlreadyExistsException', `An alias with the name ${aliasArnOf(AliasName)} already exists`);
    assert.equal((await aliasesOf(first.KeyId)).length, 1);
    assert.equal((await aliasesOf(second.KeyId)).length, 0);
  });

  test('a TargetKeyId that is an alias name or alias ARN is ValidationException (UNRECORDED, moto text)', async () => {
    const key = await newKey();
    const existing = fresh('target');
    await kms.send(new CreateAliasCommand({ AliasName: existing, TargetKeyId: key.KeyId }));
    for (const TargetKeyId of [existing, aliasArnOf(existing)]) {
      await assertKmsError(kms.send(new CreateAliasCommand({ AliasName: fresh('to-alias'), TargetKeyId })),
        'ValidationException', 'Aliases must refer to keys. Not aliases');
    }
  });

  test('a TargetKeyId naming no key is NotFoundException', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    await assertKmsError(kms.send(new CreateAliasCommand({ AliasName: fresh('missing'), TargetKeyId: missing })),
      'NotFoundException', `Key 'arn:aws:kms:${server.region}:${server.accountId}:key/${missing}' does not exist`);
    await assertKmsError(kms.send(new CreateAliasCommand({ AliasName: fresh('garbage'), TargetKeyId: 'not-a-key' })),
      'NotFoundException', "Invalid keyId 'not-a-key'");
  });

  test('a key takes at most 50 aliases: the 51st is LimitExceededException (quota "Aliases per KMS key")', async () => {
    const key = await newKey();
    for (let i = 0; i < 50; i++) await kms.send(new CreateAliasCommand({ AliasName: fresh('many'), TargetKeyId: key.KeyId }));
    await assertKmsError(kms.send(new CreateAliasCommand({ AliasName: fresh('many'), TargetKeyId: key.KeyId })),
      'LimitExceededException', 'Aliases per key quota for this account in this region is 50, current usage is 50.');
  });
});

describe('UpdateAlias', () => {
  test('UpdateAlias re-points an alias: DescribeKey follows, CreationDate stays, LastUpdatedDate moves on', async () => {
    const [first, second] = [await newKey(), await newKey()];
    const AliasName = fresh('move');
    await kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: first.KeyId }));
    const [created] = await aliasesOf(first.KeyId);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await kms.send(new UpdateAliasCommand({ AliasName, TargetKeyId: second.Arn }));
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: AliasName }))).KeyMetadata!.Arn, second.Arn);
    assert.deepEqual(await aliasesOf(first.KeyId), []);
    const [moved] = await aliasesOf(second.KeyId);
    assert.equal(moved!.TargetKeyId, second.KeyId);
    assert.equal(moved!.CreationDate!.getTime(), created!.CreationDate!.getTime());
    assert.ok(moved!.LastUpdatedDate!.getTime() > created!.LastUpdatedDate!.getTime());
  });

  test('UpdateAlias to a Disabled key succeeds, and to the key it already names changes nothing', async () => {
    const [first, second] = [await newKey(), await newKey()];
    const AliasName = fresh('same');
    await kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: first.KeyId }));
    await kms.send(new UpdateAliasCommand({ AliasName, TargetKeyId: first.KeyId }));
    assert.equal((await aliasesOf(first.KeyId)).length, 1);
    await kms.send(new DisableKeyCommand({ KeyId: second.KeyId }));
    await kms.send(new UpdateAliasCommand({ AliasName, TargetKeyId: second.KeyId }));
    assert.equal((await aliasesOf(second.KeyId)).length, 1);
  });

  test('UpdateAlias onto a key that already has 50 aliases is LimitExceededException, and the alias stays put', async () => {
    const [full, other] = [await newKey(), await newKey()];
    for (let i = 0; i < 50; i++) await kms.send(new CreateAliasCommand({ AliasName: fresh('full'), TargetKeyId: full.KeyId }));
    const AliasName = fresh('mover');
    await kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: other.KeyId }));
    await assertKmsError(kms.send(new UpdateAliasCommand({ AliasName, TargetKeyId: full.KeyId })),
      'LimitExceededException', 'Aliases per key quota for this account in this region is 50, current usage is 50.');
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: AliasName }))).KeyMetadata!.Arn, other.Arn);
  });

  test('UpdateAlias of an alias that does not exist is NotFoundException "Alias <alias-arn> is not found."', async () => {
    const key = await newKey();
    const AliasName = fresh('nowhere');
    await assertKmsError(kms.send(new UpdateAliasCommand({ AliasName, TargetKeyId: key.KeyId })),
      'NotFoundException', `Alias ${aliasArnOf(AliasName)} is not found.`);
  });

  test('UpdateAlias applies the CreateAlias name and target rules', async () => {
    const key = await newKey();
    const AliasName = fresh('rules');
    await kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: key.KeyId }));
    await assertKmsError(kms.send(new UpdateAliasCommand({ AliasName: 'no-prefix', TargetKeyId: key.KeyId })), 'ValidationException', prefixMessage);
    await assertKmsError(kms.send(new UpdateAliasCommand({ AliasName: 'alias/aws/ebs', TargetKeyId: key.KeyId })),
      'InvalidAliasNameException', 'Aliases beginning with alias/aws/ are reserved');
    await assertKmsError(kms.send(new UpdateAliasCommand({ AliasName, TargetKeyId: AliasName })),
      'ValidationException', 'Aliases must refer to keys. Not aliases');
    const missing = '00000000-0000-4000-8000-000000000001';
    await assertKmsError(kms.send(new UpdateAliasCommand({ AliasName, TargetKeyId: missing })),
      'NotFoundException', `Key 'arn:aws:kms:${server.region}:${server.accountId}:key/${missing}' does not exist`);
  });
});

describe('DeleteAlias', () => {
  test('DeleteAlias removes the alias and leaves the key; the name no longer resolves', async () => {
    const key = await newKey();
    const AliasName = fresh('gone');
    await kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: key.KeyId }));
    await kms.send(new DeleteAliasCommand({ AliasName }));
    assert.deepEqual(await aliasesOf(key.KeyId), []);
    await assertKmsError(kms.send(new DescribeKeyCommand({ KeyId: AliasName })), 'NotFoundException', `Alias ${aliasArnOf(AliasName)} is not found.`);
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.KeyState, 'Enabled');
    // The name is free again.
    await kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: key.KeyId }));
  });

  test('DeleteAlias of a missing alias is NotFoundException with the alias ARN and a trailing period', async () => {
    const AliasName = fresh('never');
    await assertKmsError(kms.send(new DeleteAliasCommand({ AliasName })), 'NotFoundException', `Alias ${aliasArnOf(AliasName)} is not found.`);
  });

  test('DeleteAlias refuses names that are not aliases and the reserved alias/aws/ names', async () => {
    await assertKmsError(kms.send(new DeleteAliasCommand({ AliasName: 'plain' })), 'ValidationException', prefixMessage);
    await assertKmsError(kms.send(new DeleteAliasCommand({ AliasName: 'alias/aws/s3' })),
      'InvalidAliasNameException', 'Aliases beginning with alias/aws/ are reserved');
  });
});

describe('ListAliases', () => {
  test('ListAliases with a KeyId lists only that key\'s aliases, by key id or key ARN, in name order', async () => {
    const [key, other] = [await newKey(), await newKey()];
    const names = [fresh('b-list'), fresh('a-list'), fresh('c-list')];
    for (const AliasName of names) await kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: key.KeyId }));
    await kms.send(new CreateAliasCommand({ AliasName: fresh('other'), TargetKeyId: other.KeyId }));
    const byId = await aliasesOf(key.KeyId);
    assert.deepEqual(byId.map((a) => a.AliasName), [...names].sort());
    assert.deepEqual((await aliasesOf(key.Arn)).map((a) => a.AliasName), [...names].sort());
  });

  test('ListAliases pages with Limit and Marker; the last page has Truncated false and no NextMarker', async () => {
    const key = await newKey();
    const names = Array.from({ length: 5 }, () => fresh('page')).sort();
    for (const AliasName of names) await kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: key.KeyId }));
    const pages: string[][] = [];
    let Marker: string | undefined;
    for (;;) {
      const page = await kms.send(new ListAliasesCommand({ KeyId: key.KeyId, Limit: 2, ...(Marker ? { Marker } : {}) }));
      pages.push(page.Aliases!.map((a) => a.AliasName!));
      if (!page.Truncated) {
        assert.equal(page.NextMarker, undefined);
        break;
      }
      Marker = page.NextMarker!;
    }
    assert.deepEqual(pages, [names.slice(0, 2), names.slice(2, 4), names.slice(4)]);
  });

  test('ListAliases without KeyId lists the whole account and Region, paged in alias-name order', async () => {
    const key = await newKey();
    const mine = [fresh('all'), fresh('all')];
    for (const AliasName of mine) await kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: key.KeyId }));
    const seen: string[] = [];
    let Marker: string | undefined;
    do {
      const page = await kms.send(new ListAliasesCommand({ Limit: 7, ...(Marker ? { Marker } : {}) }));
      seen.push(...page.Aliases!.map((a) => a.AliasName!));
      Marker = page.Truncated ? page.NextMarker : undefined;
    } while (Marker);
    assert.deepEqual(seen, [...seen].sort());
    for (const name of mine) assert.ok(seen.includes(name), name);
  });

  test('ListAliases with a KeyId naming no key is NotFoundException; an alias is not accepted as KeyId', async () => {
    const missing = '00000000-0000-4000-8000-000000000002';
    await assertKmsError(kms.send(new ListAliasesCommand({ KeyId: missing })),
      'NotFoundException', `Key 'arn:aws:kms:${server.region}:${server.accountId}:key/${missing}' does not exist`);
    await assertKmsError(kms.send(new ListAliasesCommand({ KeyId: 'alias/x' })), 'NotFoundException', "Invalid keyId 'alias/x'");
  });
});

describe('aliases live in one account and Region', () => {
  test('an alias created in us-east-1 is invisible from eu-west-1 and from another account, which may reuse the name', async () => {
    const key = await newKey();
    const AliasName = fresh('scoped');
    await kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: key.KeyId }));

    const europe = server.client({ region: 'eu-west-1' });
    await assertKmsError(europe.send(new DescribeKeyCommand({ KeyId: AliasName })),
      'NotFoundException', `Alias ${aliasArnOf(AliasName, 'eu-west-1')} is not found.`);
    assert.ok(!((await europe.send(new ListAliasesCommand({}))).Aliases ?? []).some((a) => a.AliasName === AliasName));
    await assertKmsError(europe.send(new DeleteAliasCommand({ AliasName })), 'NotFoundException', `Alias ${aliasArnOf(AliasName, 'eu-west-1')} is not found.`);

    const otherAccount = '444455556666';
    const stranger = server.client({ accessKeyId: otherAccount });
    await assertKmsError(stranger.send(new DescribeKeyCommand({ KeyId: AliasName })),
      'NotFoundException', `Alias ${aliasArnOf(AliasName, server.region, otherAccount)} is not found.`);
    assert.ok(!((await stranger.send(new ListAliasesCommand({}))).Aliases ?? []).some((a) => a.AliasName === AliasName));
    // The same key id is not this account's key either.
    await assertKmsError(stranger.send(new CreateAliasCommand({ AliasName, TargetKeyId: key.KeyId })),
      'NotFoundException', `Key 'arn:aws:kms:${server.region}:${otherAccount}:key/${key.KeyId}' does not exist`);

    // Both may use the same name for keys of their own.
    const europeKey = await newKey(europe);
    await europe.send(new CreateAliasCommand({ AliasName, TargetKeyId: europeKey.KeyId }));
    const strangerKey = await newKey(stranger);
    await stranger.send(new CreateAliasCommand({ AliasName, TargetKeyId: strangerKey.KeyId }));
    assert.equal((await europe.send(new DescribeKeyCommand({ KeyId: AliasName }))).KeyMetadata!.Arn, europeKey.Arn);
    assert.equal((await stranger.send(new DescribeKeyCommand({ KeyId: AliasName }))).KeyMetadata!.Arn, strangerKey.Arn);
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: AliasName }))).KeyMetadata!.Arn, key.Arn);
  });
});
