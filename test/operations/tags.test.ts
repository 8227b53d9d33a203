/**
 * TagResource, UntagResource and ListResourceTags over HTTP with the real AWS SDK.
 * Texts: docs/research/aws-kms-messages.md §4 and §6 (RECORDED unless a test says otherwise).
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_TagResource.html
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateKeyCommand, DisableKeyCommand, ListResourceTagsCommand, TagResourceCommand, UntagResourceCommand,
  type KMSClient, type Tag,
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

async function newKey(Tags?: Tag[]): Promise<{ KeyId: string; Arn: string }> {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand(Tags ? { Tags } : {}));
  return { KeyId: KeyMetadata!.KeyId!, Arn: KeyMetadata!.Arn! };
}

async function tagsOf(KeyId: string): Promise<Tag[]> {
  return (await kms.send(new ListResourceTagsCommand({ KeyId }))).Tags ?? [];
}

const tag = (TagKey: string, TagValue: string): Tag => ({ TagKey, TagValue });

describe('TagResource and ListResourceTags', () => {
  test('TagResource adds tags and ListResourceTags returns them sorted by key, with Truncated false', async () => {
    const key = await newKey();
    await kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [tag('tag3', 'c'), tag('tag1', 'a'), tag('tag2', '')] }));
    const response = await kms.send(new ListResourceTagsCommand({ KeyId: key.Arn }));
    assert.deepEqual(response.Tags, [tag('tag1', 'a'), tag('tag2', ''), tag('tag3', 'c')]);
    assert.equal(response.Truncated, false);
    assert.equal(response.NextMarker, undefined);
  });

  test('TagResource with an existing tag key replaces its value and keeps the other tags', async () => {
    const key = await newKey([tag('env', 'dev'), tag('team', 'core')]);
    await kms.send(new TagResourceCommand({ KeyId: key.Arn, Tags: [tag('env', 'prod'), tag('cost', '42')] }));
    assert.deepEqual(await tagsOf(key.KeyId), [tag('cost', '42'), tag('env', 'prod'), tag('team', 'core')]);
  });

  test('a key with no tags lists Tags: []', async () => {
    const key = await newKey();
    assert.deepEqual(await tagsOf(key.KeyId), []);
  });

  test('TagResource works on a Disabled key', async () => {
    const key = await newKey();
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    await kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [tag('k', 'v')] }));
    assert.deepEqual(await tagsOf(key.KeyId), [tag('k', 'v')]);
  });

  test('tag keys beginning with aws: in any case are TagException "Tags beginning with aws: are reserved"', async () => {
    const key = await newKey();
    for (const TagKey of ['aws:key1', 'AWS:key1', 'Aws:x']) {
      await assertKmsError(kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [tag(TagKey, 'v')] })),
        'TagException', 'Tags beginning with aws: are reserved');
    }
    assert.deepEqual(await tagsOf(key.KeyId), []);
  });

  test('the same tag key twice in one request is TagException "Duplicate tag keys"', async () => {
    const key = await newKey();
    await assertKmsError(kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [tag('a', '1'), tag('a', '2')] })),
      'TagException', 'Duplicate tag keys');
  });

  test('more than 50 tags on a key is TagException "Too many tags", in one request or added to existing ones', async () => {
    const key = await newKey();
    const many = Array.from({ length: 51 }, (_, i) => tag(`k${String(i).padStart(2, '0')}`, 'v'));
    await assertKmsError(kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: many })), 'TagException', 'Too many tags');
    await kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: many.slice(0, 50) }));
    await assertKmsError(kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [many[50]!] })), 'TagException', 'Too many tags');
    // Overwriting one of the 50 is not a 51st tag.
    await kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [tag('k00', 'new')] }));
    const listed = await tagsOf(key.KeyId);
    assert.equal(listed.length, 50);
    assert.deepEqual(listed[0], tag('k00', 'new'));
  });

  test('a tag key over 128 or a tag value over 256 characters is the recorded ValidationException', async () => {
    const key = await newKey();
    const longKey = 'a'.repeat(129);
    await assertKmsError(kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [tag(longKey, 'v')] })), 'ValidationException',
      `1 validation error detected: Value '${longKey}' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128`);
    const longValue = 'v'.repeat(257);
    await assertKmsError(kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [tag('ok', 'v'), tag('k', longValue)] })), 'ValidationException',
      `1 validation error detected: Value '${longValue}' at 'tags.2.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256`);
  });

  test('TagResource, UntagResource and ListResourceTags take a key id or key ARN, not an alias', async () => {
    await assertKmsError(kms.send(new TagResourceCommand({ KeyId: 'alias/tagged', Tags: [tag('k', 'v')] })),
      'NotFoundException', "Invalid keyId 'alias/tagged'");
    await assertKmsError(kms.send(new UntagResourceCommand({ KeyId: 'alias/tagged', TagKeys: ['k'] })),
      'NotFoundException', "Invalid keyId 'alias/tagged'");
    await assertKmsError(kms.send(new ListResourceTagsCommand({ KeyId: 'alias/tagged' })),
      'NotFoundException', "Invalid keyId 'alias/tagged'");
  });

  test('tagging or listing the tags of an unknown key is NotFoundException', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const message = `Key 'arn:aws:kms:${server.region}:${server.accountId}:key/${missing}' does not exist`;
    await assertKmsError(kms.send(new TagResourceCommand({ KeyId: missing, Tags: [tag('k', 'v')] })), 'NotFoundException', message);
    await assertKmsError(kms.send(new ListResourceTagsCommand({ KeyId: missing })), 'NotFoundException', message);
  });
});

describe('UntagResource', () => {
  test('UntagResource removes only the listed keys; untagging them all leaves Tags: []', async () => {
    const key = await newKey([tag('a', '1'), tag('b', '2'), tag('c', '3')]);
    await kms.send(new UntagResourceCommand({ KeyId: key.KeyId, TagKeys: ['b'] }));
    assert.deepEqual(await tagsOf(key.KeyId), [tag('a', '1'), tag('c', '3')]);
    await kms.send(new UntagResourceCommand({ KeyId: key.Arn, TagKeys: ['a', 'c'] }));
    assert.deepEqual(await tagsOf(key.KeyId), []);
  });

  test('UntagResource of tag keys the key does not have succeeds and changes nothing', async () => {
    const key = await newKey([tag('keep', 'me')]);
    await kms.send(new UntagResourceCommand({ KeyId: key.KeyId, TagKeys: ['absent', 'also-absent'] }));
    assert.deepEqual(await tagsOf(key.KeyId), [tag('keep', 'me')]);
  });
});

describe('ListResourceTags paging', () => {
  test('ListResourceTags pages with Limit and Marker in tag-key order', async () => {
    const tags = ['e', 'a', 'd', 'b', 'c'].map((k) => tag(k, k.toUpperCase()));
    const key = await newKey(tags);
    const pages: string[][] = [];
    let Marker: string | undefined;
    for (;;) {
      const page = await kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId, Limit: 2, ...(Marker ? { Marker } : {}) }));
      pages.push(page.Tags!.map((t) => t.TagKey!));
      if (!page.Truncated) {
        assert.equal(page.NextMarker, undefined);
        break;
      }
      Marker = page.NextMarker!;
    }
    assert.deepEqual(pages, [['a', 'b'], ['c', 'd'], ['e']]);
  });

  test('ListResourceTags returns at most 50 tags per page, the API maximum, even when asked for more', async () => {
    const key = await newKey();
    const many = Array.from({ length: 50 }, (_, i) => tag(`t${String(i).padStart(2, '0')}`, 'v'));
    await kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: many }));
    const page = await kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId, Limit: 1000 }));
    assert.equal(page.Tags!.length, 50);
    assert.equal(page.Truncated, false);
  });
});
