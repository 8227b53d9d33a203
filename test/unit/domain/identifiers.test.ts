import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseKeyReference } from '../../../src/domain/key/identifiers.js';

const id = '1234abcd-12ab-34cd-56ef-1234567890ab';

test('the four identifier forms are recognised', () => {
  assert.deepEqual(parseKeyReference(id), { kind: 'keyId', keyId: id });
  assert.deepEqual(parseKeyReference(`arn:aws:kms:us-east-1:111122223333:key/${id}`), { kind: 'keyArn', region: 'us-east-1', accountId: '111122223333', keyId: id });
  assert.deepEqual(parseKeyReference('alias/orders'), { kind: 'aliasName', aliasName: 'alias/orders' });
  assert.deepEqual(parseKeyReference('arn:aws:kms:eu-west-1:111122223333:alias/a/b'), { kind: 'aliasArn', region: 'eu-west-1', accountId: '111122223333', aliasName: 'alias/a/b' });
});

test('other partitions, upper-case ids, ids without dashes and malformed ARNs are invalid', () => {
  for (const text of [
    `arn:aws-cn:kms:cn-north-1:111122223333:key/${id}`,
    `arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/${id}`,
    id.toUpperCase(),
    id.replaceAll('-', ''),
    `arn:aws:kms:us-east-1:11112222333:key/${id}`,
    'arn:aws:kms:us-east-1:111122223333:key/notauuid',
    `arn:aws:s3:us-east-1:111122223333:key/${id}`,
    '',
  ]) {
    assert.equal(parseKeyReference(text).kind, 'invalid', text);
  }
});
