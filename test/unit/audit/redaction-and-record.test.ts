/**
 * What a CloudTrail record holds of a call (audit/redact.ts, audit/record.ts): never a sensitive
 * member or a blob; CloudTrail's member names, date format and userIdentity shapes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiCallRecord, serviceEventRecord, userIdentity } from '../../../src/audit/record.js';
import { cloudTrailDate, decapitalize, requestParameters, responseElements } from '../../../src/audit/redact.js';

test('member names are decapitalised as java.beans.Introspector does: KeyId → keyId, AWSAccountId stays', () => {
  assert.deepEqual(['KeyId', 'AWSAccountId', 'EncryptionContext', 'ARN', 'X'].map(decapitalize), ['keyId', 'AWSAccountId', 'encryptionContext', 'ARN', 'x']);
});

test('dates are written "Aug 10, 2022, 10:38:27 PM" in UTC, 12 for midnight and noon', () => {
  assert.equal(cloudTrailDate(new Date(Date.UTC(2022, 7, 10, 22, 38, 27))), 'Aug 10, 2022, 10:38:27 PM');
  assert.equal(cloudTrailDate(new Date(Date.UTC(2026, 0, 1, 0, 5, 9))), 'Jan 1, 2026, 12:05:09 AM');
  assert.equal(cloudTrailDate(new Date(Date.UTC(2026, 11, 31, 12, 0, 0))), 'Dec 31, 2026, 12:00:00 PM');
});

test('requestParameters never hold a sensitive member, a blob or a grant token', () => {
  assert.deepEqual(requestParameters('Encrypt', {
    KeyId: 'k', Plaintext: new Uint8Array([1]), EncryptionContext: { a: 'b' }, GrantTokens: ['token'], EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
  }), { keyId: 'k', encryptionContext: { a: 'b' }, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
  assert.deepEqual(requestParameters('Decrypt', { CiphertextBlob: new Uint8Array([1, 2]) }), null);
  assert.deepEqual(requestParameters('Sign', { KeyId: 'k', Message: new Uint8Array([1]), MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }),
    { keyId: 'k', messageType: 'RAW', signingAlgorithm: 'ECDSA_SHA_256' });
  assert.deepEqual(requestParameters('VerifyMac', { KeyId: 'k', Message: new Uint8Array([1]), Mac: new Uint8Array([2]), MacAlgorithm: 'HMAC_SHA_256' }),
    { keyId: 'k', macAlgorithm: 'HMAC_SHA_256' });
  assert.deepEqual(requestParameters('ImportKeyMaterial', { KeyId: 'k', ImportToken: new Uint8Array([1]), EncryptedKeyMaterial: new Uint8Array([2]), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }),
    { keyId: 'k', expirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
  const store = requestParameters('CreateCustomKeyStore', { CustomKeyStoreName: 'n', KeyStorePassword: 'hunter22', XksProxyAuthenticationCredential: { AccessKeyId: 'A'.repeat(20), RawSecretAccessKey: 'B'.repeat(43) } });
  assert.deepEqual(store, { customKeyStoreName: 'n', xksProxyAuthenticationCredential: {} });
});

test('responseElements are null unless the operation has a row, and then hold only its members', () => {
  assert.equal(responseElements('Encrypt', { KeyId: 'k', CiphertextBlob: new Uint8Array([1]) }), null);
  assert.equal(responseElements('GenerateDataKey', { KeyId: 'k', Plaintext: new Uint8Array([1]), CiphertextBlob: new Uint8Array([2]) }), null);
  assert.deepEqual(responseElements('ScheduleKeyDeletion', { KeyId: 'arn', DeletionDate: new Date(Date.UTC(2030, 0, 1)), KeyState: 'PendingDeletion', PendingWindowInDays: 7 }),
    { keyId: 'arn', deletionDate: 'Jan 1, 2030, 12:00:00 AM', keyState: 'PendingDeletion', pendingWindowInDays: 7 });
  assert.deepEqual(responseElements('CreateGrant', { GrantId: 'g', GrantToken: 'secret-token' }), { grantId: 'g' });
});

test('userIdentity for root, an IAM user, an assumed role, and an unauthenticated call', () => {
  const base = { requestId: 'r' };
  assert.deepEqual(userIdentity({ ...base, caller: { accountId: '111122223333', accessKeyId: 'AK', principalArn: 'arn:aws:iam::111122223333:root' } }),
    { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333', accessKeyId: 'AK' });
  assert.deepEqual(userIdentity({ ...base, caller: { accountId: '111122223333', accessKeyId: 'AK', principalArn: 'arn:aws:iam::111122223333:user/ops/Alice', principalId: 'AIDAEXAMPLE' } }),
    { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: 'arn:aws:iam::111122223333:user/ops/Alice', accountId: '111122223333', accessKeyId: 'AK', userName: 'Alice' });
  assert.deepEqual(userIdentity({ ...base, caller: { accountId: '111122223333', accessKeyId: 'ASIA', principalArn: 'arn:aws:sts::111122223333:assumed-role/Admin/bob', principalId: 'AROAEXAMPLE' } }), {
    type: 'AssumedRole', principalId: 'AROAEXAMPLE:bob', arn: 'arn:aws:sts::111122223333:assumed-role/Admin/bob', accountId: '111122223333', accessKeyId: 'ASIA',
    sessionContext: { sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLE', arn: 'arn:aws:iam::111122223333:role/Admin', accountId: '111122223333', userName: 'Admin' }, attributes: { mfaAuthenticated: 'false' } },
  });
  assert.deepEqual(userIdentity({ ...base, accessKeyId: 'AKIDUNKNOWN' }), { type: 'Unknown', accessKeyId: 'AKIDUNKNOWN' });
});

test('a service event is an AwsServiceEvent invoked by "AWS Internal", as ct-delete-key.md shows', () => {
  const record = serviceEventRecord({ eventName: 'DeleteKey', keyArn: 'arn:aws:kms:us-east-1:111122223333:key/k', accountId: '111122223333', region: 'us-east-1', timeMs: Date.UTC(2026, 0, 1), eventId: 'e' });
  assert.deepEqual(record, {
    eventVersion: '1.11', userIdentity: { accountId: '111122223333', invokedBy: 'AWS Internal' }, eventTime: '2026-01-01T00:00:00Z',
    eventSource: 'kms.amazonaws.com', eventName: 'DeleteKey', awsRegion: 'us-east-1', sourceIPAddress: 'AWS Internal', userAgent: 'AWS Internal',
    requestParameters: null, responseElements: null, eventID: 'e', readOnly: false,
    resources: [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: 'arn:aws:kms:us-east-1:111122223333:key/k' }],
    eventType: 'AwsServiceEvent', managementEvent: true, recipientAccountId: '111122223333', eventCategory: 'Management',
  });
});

test('an error that is not a KMS error is recorded as the InternalFailure the caller got, never its own text', () => {
  const record = apiCallRecord({
    request: { requestId: 'r' }, eventName: 'Encrypt', operation: 'Encrypt', input: {}, error: new Error('disk /dev/sda1 on fire'),
    keyArns: [], readOnly: true, timeMs: 0, eventId: 'e', defaultAccountId: '111122223333', defaultRegion: 'us-east-1',
  });
  assert.equal(record['errorCode'], 'InternalFailure');
  assert.equal(record['errorMessage'], 'We encountered an internal error. Please try again.');
});
