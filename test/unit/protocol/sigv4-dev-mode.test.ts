import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../src/platform/clock.js';
import { createSigV4Authenticator } from '../../../src/protocol/sigv4.js';
import { authorizationOf, mapResolver, NOW_MS, signKmsRequest, withHeaders } from './sigv4-fixtures.js';

const DEV_ACCOUNT = '000000000000';

function devAuthenticator(nowMs = NOW_MS, entries: Parameters<typeof mapResolver>[0] = {}) {
  const credentials = mapResolver(entries);
  const authenticate = createSigV4Authenticator({ clock: new ManualClock(nowMs), credentials, mode: 'dev', devAccountId: DEV_ACCOUNT });
  return { authenticate, credentials };
}

test('dev mode accepts any unknown access key and any signature, as the root of devAccountId', async () => {
  const { authenticate, credentials } = devAuthenticator();
  const request = await signKmsRequest({ accessKeyId: 'test', secret: 'whatever', region: 'us-east-1' });
  const forged = withHeaders(request, { set: { authorization: authorizationOf(request).replace(/Signature=[0-9a-f]+/, 'Signature=nope') } });
  assert.deepEqual(await authenticate(forged), {
    accountId: DEV_ACCOUNT, region: 'us-east-1', accessKeyId: 'test', principalArn: 'arn:aws:iam::000000000000:root',
  });
  // Issue 17: the resolver is asked, so a configured identity's key is verified (next test).
  assert.equal(credentials.calls, 1);
});

test('dev mode verifies an access key the resolver knows (a configured identity) and answers as its principal', async () => {
  const alice = { secretAccessKey: 'alice-secret', accountId: '111122223333', principalArn: 'arn:aws:iam::111122223333:user/alice' };
  const { authenticate } = devAuthenticator(NOW_MS, { AKIAEXAMPLEALICE0001: alice });
  const request = await signKmsRequest({ accessKeyId: 'AKIAEXAMPLEALICE0001', secret: 'alice-secret', region: 'us-east-1' });
  assert.deepEqual(await authenticate(request), {
    accountId: '111122223333', region: 'us-east-1', accessKeyId: 'AKIAEXAMPLEALICE0001', principalArn: 'arn:aws:iam::111122223333:user/alice',
  });
  const wrongSecret = await signKmsRequest({ accessKeyId: 'AKIAEXAMPLEALICE0001', secret: 'guess', region: 'us-east-1' });
  await assert.rejects(authenticate(wrongSecret), { name: 'InvalidSignatureException' });
});

test('dev mode takes a 12-digit access key id as the account id', async () => {
  const { authenticate } = devAuthenticator();
  const caller = await authenticate(await signKmsRequest({ accessKeyId: '444455556666' }));
  assert.equal(caller.accountId, '444455556666');
  assert.equal(caller.principalArn, 'arn:aws:iam::444455556666:root');
  assert.equal((await authenticate(await signKmsRequest({ accessKeyId: '4444555566661' }))).accountId, DEV_ACCOUNT);
});

test('dev mode still refuses a request without Authorization', async () => {
  const { authenticate } = devAuthenticator();
  await assert.rejects(authenticate(withHeaders(await signKmsRequest(), { remove: ['authorization'] })),
    { name: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
});

test('dev mode does not check clock skew (emulators run on drifting CI clocks)', async () => {
  const { authenticate } = devAuthenticator(NOW_MS + 3 * 3600_000);
  assert.equal((await authenticate(await signKmsRequest())).accountId, DEV_ACCOUNT);
});

test('dev mode still requires a well-formed header scoped to kms', async () => {
  const { authenticate } = devAuthenticator();
  await assert.rejects(authenticate(await signKmsRequest({ service: 'dynamodb' })),
    { name: 'InvalidSignatureException', message: "Credential should be scoped to correct service: 'kms'. " });
  const noSignature = withHeaders(await signKmsRequest(), {
    set: { authorization: authorizationOf(await signKmsRequest()).replace(/, Signature=[0-9a-f]+/, '') },
  });
  await assert.rejects(authenticate(noSignature),
    { name: 'IncompleteSignatureException', message: "Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256" });
});

test('dev mode accepts a session token, since it checks no identity', async () => {
  const { authenticate } = devAuthenticator();
  assert.equal((await authenticate(await signKmsRequest({ sessionToken: 'FwoGZXIvYXdzEXAMPLE' }))).accountId, DEV_ACCOUNT);
});

test('dev mode refuses temporary credentials the resolver says it issued but no longer knows (a pruned session), not as the root', async () => {
  const credentials = Object.assign(mapResolver({}), {
    issuedSession: (accessKeyId: string, token: string) => accessKeyId.startsWith('ASIA') && token.startsWith('ours-'),
  });
  const authenticate = createSigV4Authenticator({ clock: new ManualClock(NOW_MS), credentials, mode: 'dev', devAccountId: DEV_ACCOUNT });
  await assert.rejects(authenticate(await signKmsRequest({ accessKeyId: 'ASIAEXAMPLEPRUNED001', sessionToken: 'ours-123' })),
    { name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
  // Someone else's temporary credentials, and our prefix on a long-term key, are still the dev-mode root.
  assert.equal((await authenticate(await signKmsRequest({ accessKeyId: 'ASIAEXAMPLESTRANGER1', sessionToken: 'theirs-123' }))).accountId, DEV_ACCOUNT);
  assert.equal((await authenticate(await signKmsRequest({ accessKeyId: 'AKIAEXAMPLELONGTERM1', sessionToken: 'ours-123' }))).accountId, DEV_ACCOUNT);
});

test('dev mode still refuses a body that does not match its x-amz-content-sha256', async () => {
  const { authenticate } = devAuthenticator();
  const request = await signKmsRequest();
  await assert.rejects(authenticate({ ...request, body: Buffer.from('{}') }),
    { name: 'InvalidSignatureException', message: "The provided 'x-amz-content-sha256' header does not match what was computed." });
});

test('dev mode without a 12-digit devAccountId is a configuration error', () => {
  for (const devAccountId of [undefined, '12345', 'abcdefghijkl']) {
    assert.throws(() => createSigV4Authenticator({ clock: new ManualClock(0), credentials: mapResolver({}), mode: 'dev', ...(devAccountId === undefined ? {} : { devAccountId }) }),
      { name: 'RangeError', message: 'mode "dev" needs devAccountId, a 12-digit AWS account id' });
  }
});
