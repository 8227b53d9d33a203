/**
 * GetKeyPolicy, PutKeyPolicy and ListKeyPolicies over HTTP with the real AWS SDK.
 * Texts: docs/research/aws-kms-messages.md §8 and §10 (RECORDED unless a test says otherwise).
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateKeyCommand, DisableKeyCommand, GetKeyPolicyCommand, ListKeyPoliciesCommand, PutKeyPolicyCommand, type KMSClient,
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

async function newKey(Policy?: string): Promise<{ KeyId: string; Arn: string }> {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand(Policy ? { Policy } : {}));
  return { KeyId: KeyMetadata!.KeyId!, Arn: KeyMetadata!.Arn! };
}

const policyOf = async (KeyId: string): Promise<string> => (await kms.send(new GetKeyPolicyCommand({ KeyId }))).Policy!;

/** A valid policy written the way people write them by hand: odd spacing, a trailing newline. */
const handWritten = (account: string): string =>
  `{"Version":"2012-10-17",\n  "Statement": [{"Sid":"Admins", "Effect":"Allow",` +
  `"Principal":{"AWS":"arn:aws:iam::${account}:root"},"Action":"kms:*","Resource":"*"}]}\n`;

describe('GetKeyPolicy', () => {
  test('GetKeyPolicy of a new key returns AWS\'s default key policy, byte for byte, with PolicyName default', async () => {
    const key = await newKey();
    const response = await kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId }));
    assert.equal(response.PolicyName, 'default');
    assert.equal(response.Policy, `{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::${server.accountId}:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}`);
  });

  test('GetKeyPolicy accepts PolicyName default and the key ARN; works on a Disabled key', async () => {
    const key = await newKey();
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    const response = await kms.send(new GetKeyPolicyCommand({ KeyId: key.Arn, PolicyName: 'default' }));
    assert.equal(response.Policy, await policyOf(key.KeyId));
  });

  test('GetKeyPolicy with a PolicyName other than default is NotFoundException "No such policy exists" (UNRECORDED)', async () => {
    const key = await newKey();
    await assertKmsError(kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'other' })), 'NotFoundException', 'No such policy exists');
  });

  test('GetKeyPolicy of a key created with a Policy returns that text verbatim', async () => {
    const text = handWritten(server.accountId);
    const key = await newKey(text);
    assert.equal(await policyOf(key.KeyId), text);
  });
});

describe('PutKeyPolicy', () => {
  test('PutKeyPolicy then GetKeyPolicy returns the exact text that was put', async () => {
    const key = await newKey();
    const text = handWritten(server.accountId);
    const response = await kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy: text }));
    assert.deepEqual(Object.keys(response).filter((k) => k !== '$metadata'), []);
    assert.equal(await policyOf(key.KeyId), text);
  });

  test('PutKeyPolicy accepts PolicyName default, the key ARN and a Disabled key', async () => {
    const key = await newKey();
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    const text = handWritten(server.accountId).replace('Admins', 'Disabled admins');
    await kms.send(new PutKeyPolicyCommand({ KeyId: key.Arn, PolicyName: 'default', Policy: text }));
    assert.equal(await policyOf(key.KeyId), text);
  });

  test('PutKeyPolicy with a PolicyName other than default is NotFoundException "No such policy exists" (UNRECORDED, chosen)', async () => {
    const key = await newKey();
    await assertKmsError(kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'custom', Policy: handWritten(server.accountId) })),
      'NotFoundException', 'No such policy exists');
  });

  test('PutKeyPolicy of a document that is not JSON is MalformedPolicyDocumentException, and the old policy stays', async () => {
    const key = await newKey();
    const before = await policyOf(key.KeyId);
    await assertKmsError(kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy: 'not a real policy statement' })),
      'MalformedPolicyDocumentException', 'Syntax errors in policy.');
    assert.equal(await policyOf(key.KeyId), before);
  });

  test('PutKeyPolicy without statements, with a bad Effect or without a principal is MalformedPolicyDocumentException', async () => {
    const key = await newKey();
    const principal = { AWS: `arn:aws:iam::${server.accountId}:root` };
    const put = (doc: unknown) => kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy: JSON.stringify(doc) }));
    await assertKmsError(put({ Version: '2012-10-17' }), 'MalformedPolicyDocumentException', 'Policy contains no statements.');
    await assertKmsError(put({ Version: '2012-10-17', Statement: [{ Effect: 'Permit', Principal: principal, Action: 'kms:*', Resource: '*' }] }),
      'MalformedPolicyDocumentException', 'Policy contains a statement with an invalid Effect.');
    // The recorded KMS text for a statement whose principals are not valid.
    await assertKmsError(put({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] }),
      'MalformedPolicyDocumentException', 'Policy contains a statement with one or more invalid principals.');
    await assertKmsError(put({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'AIDACKCEVSQ6C2EXAMPLE' }, Action: 'kms:*', Resource: '*' }] }),
      'MalformedPolicyDocumentException', 'Policy contains a statement with one or more invalid principals.');
    await assertKmsError(put({ Version: '2024-01-01', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'kms:*', Resource: '*' }] }),
      'MalformedPolicyDocumentException', 'Policy contains an unsupported Version: 2024-01-01.');
  });

  test('a policy larger than 32 KB is LimitExceededException (API Reference; text UNRECORDED, chosen)', async () => {
    const key = await newKey();
    const base = handWritten(server.accountId);
    const text = base.replace('"Sid":"Admins"', `"Sid":"${'x'.repeat(32769 - base.length + 6)}"`);
    assert.equal(text.length, 32769);
    await assertKmsError(kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy: text })),
      'LimitExceededException', 'Policy exceeds the maximum key policy size of 32768 bytes.');
  });

  test('CreateKey refuses a malformed Policy with the same MalformedPolicyDocumentException', async () => {
    await assertKmsError(kms.send(new CreateKeyCommand({ Policy: '{"Version":"2012-10-17"}' })),
      'MalformedPolicyDocumentException', 'Policy contains no statements.');
  });
});

describe('ListKeyPolicies', () => {
  test('ListKeyPolicies returns PolicyNames ["default"] and Truncated false, in any key state', async () => {
    const key = await newKey();
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    const response = await kms.send(new ListKeyPoliciesCommand({ KeyId: key.Arn }));
    assert.deepEqual(response.PolicyNames, ['default']);
    assert.equal(response.Truncated, false);
    assert.equal(response.NextMarker, undefined);
  });
});

describe('key identifiers', () => {
  test('the key policy operations take a key id or key ARN, not an alias', async () => {
    const message = "Invalid keyId 'alias/policy'";
    await assertKmsError(kms.send(new GetKeyPolicyCommand({ KeyId: 'alias/policy' })), 'NotFoundException', message);
    await assertKmsError(kms.send(new PutKeyPolicyCommand({ KeyId: 'alias/policy', Policy: handWritten(server.accountId) })), 'NotFoundException', message);
    await assertKmsError(kms.send(new ListKeyPoliciesCommand({ KeyId: 'alias/policy' })), 'NotFoundException', message);
  });

  test('the key policy operations on an unknown key are NotFoundException', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const message = `Key 'arn:aws:kms:${server.region}:${server.accountId}:key/${missing}' does not exist`;
    await assertKmsError(kms.send(new GetKeyPolicyCommand({ KeyId: missing })), 'NotFoundException', message);
    await assertKmsError(kms.send(new PutKeyPolicyCommand({ KeyId: missing, Policy: handWritten(server.accountId) })), 'NotFoundException', message);
    await assertKmsError(kms.send(new ListKeyPoliciesCommand({ KeyId: missing })), 'NotFoundException', message);
  });
});
