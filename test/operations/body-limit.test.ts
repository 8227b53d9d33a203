/**
 * Issue 13 item 4: the body limit (256 KiB) admits the largest valid KMS request and refuses
 * anything beyond it with 413 RequestEntityTooLargeException, before reading it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { defaults } from '../../src/config/serve-config.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => { server = await startTestServer({ dev: true }); });
after(() => server.close());

test('the default body limit is 256 KiB', () => {
  assert.equal(defaults.maxBodyBytes, 256 * 1024);
});

test('a CreateKey at the quotas, in multi-byte characters (8192-character description, 50 tags of 128 + 256 characters, a 32 KB policy) is served', async () => {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{
      Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:root` },
      Action: 'kms:*', Resource: '*',
      Condition: { StringEquals: { 'kms:CallerAccount': [server.accountId], 'aws:PrincipalTag/x': ['é'.repeat(30_000)] } },
    }],
  });
  assert.ok(policy.length > 30_000 && policy.length <= 32_768, String(policy.length));
  const Tags = Array.from({ length: 50 }, (_, i) => ({ TagKey: `${String(i).padStart(2, '0')}${'€'.repeat(126)}`, TagValue: '€'.repeat(256) }));
  const request = { Description: '€'.repeat(8192), Tags, Policy: policy, BypassPolicyLockoutSafetyCheck: true };
  const size = Buffer.byteLength(JSON.stringify(request));
  assert.ok(size > 140_000, `the request is only ${size} bytes`);
  const { KeyMetadata } = await server.client().send(new CreateKeyCommand(request));
  assert.equal(KeyMetadata!.Description!.length, 8192);
});

test('a body one byte over the limit is 413 RequestEntityTooLargeException', async () => {
  const reply = await server.raw('Encrypt', 'x'.repeat(256 * 1024 + 1));
  assert.equal(reply.status, 413);
  assert.deepEqual(reply.body, { __type: 'RequestEntityTooLargeException', message: 'Request body exceeds the limit of 262144 bytes.' });
});
