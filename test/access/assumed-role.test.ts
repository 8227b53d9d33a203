/**
 * An assumed role end to end through the AWS SDK v3 (issue 17 items 1, 2 and 4): alice calls
 * AssumeRole with STSClient on the KMS port, and the temporary credentials (ASIA… key, secret, session
 * token) act as the role session `arn:aws:sts::<account>:assumed-role/<role>/<session>`, which the
 * Authorizer judges by the role's identity policies (IAM User Guide, "Policy evaluation logic": a
 * session's permissions are its role's) and which a key policy naming the role ARN matches ("Role
 * session principals": a Principal naming the role applies to its sessions).
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, type Credentials } from '@aws-sdk/client-sts';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { assertKmsError } from '../helpers/assert-kms-error.js';

const account = '111122223333';
const roleArn = `arn:aws:iam::${account}:role/encryptor`;
const sessionName = 'ci-run.7';
const sessionArn = `arn:aws:sts::${account}:assumed-role/encryptor/${sessionName}`;
const alice = { accessKeyId: 'AKIAEXAMPLEALICE0001', secretAccessKey: 'alice-secret' };

/** The role trusts alice; its only identity policy allows kms:Encrypt. */
const identities = `
accounts:
  - id: "${account}"
    users:
      - name: alice
        accessKeys: [{ accessKeyId: ${alice.accessKeyId}, secretAccessKey: ${alice.secretAccessKey} }]
        policies:
          - { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "sts:AssumeRole", Resource: "${roleArn}" }] }
    roles:
      - name: encryptor
        trustPolicy:
          Version: "2012-10-17"
          Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::${account}:user/alice" }, Action: "sts:AssumeRole" }]
        policies:
          - { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "kms:Encrypt", Resource: "*" }] }
`;

describe('an assumed role through the Authorizer (SDK v3 STSClient and KMSClient)', () => {
  let server: TestServer;
  let scratch: string;
  let root: KMSClient;
  let credentials: Credentials;
  let session: KMSClient;
  let sessionSts: STSClient;
  const clients: { destroy(): void }[] = [];
  const plaintext = Buffer.from('attack at dawn');

  const sts = (creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): STSClient => {
    const client = new STSClient({ region: server.region, endpoint: server.endpoint, credentials: creds, maxAttempts: 1 });
    clients.push(client);
    return client;
  };

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'trent-assumed-role-'));
    const configFile = join(scratch, 'identities.yaml');
    writeFileSync(configFile, identities);
    server = await startTestServer({ config: { configFile, accountId: account } });
    root = server.client({ accessKeyId: account });
    const assumed = await sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: 900 }));
    credentials = assumed.Credentials!;
    assert.equal(assumed.AssumedRoleUser!.Arn, sessionArn);
    const temporary = { accessKeyId: credentials.AccessKeyId!, secretAccessKey: credentials.SecretAccessKey!, sessionToken: credentials.SessionToken! };
    session = new KMSClient({ region: server.region, endpoint: server.endpoint, credentials: temporary, maxAttempts: 1 });
    clients.push(session);
    sessionSts = sts(temporary);
  });
  after(async () => {
    for (const client of clients) client.destroy();
    await server?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test('AssumeRole returns ASIA credentials with a secret and a session token', () => {
    assert.match(credentials.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.ok(credentials.SecretAccessKey!.length > 0 && credentials.SessionToken!.length > 0);
    assert.ok(credentials.Expiration instanceof Date);
  });

  test('GetCallerIdentity with the temporary credentials is the assumed-role session', async () => {
    const who = await sessionSts.send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, sessionArn);
    assert.equal(who.Account, account);
    assert.match(who.UserId!, /^AROA[A-Z2-7]{17}:ci-run\.7$/);
  });

  test('the session may Encrypt (its role\'s policy allows it) but not DescribeKey or Decrypt', async () => {
    const key = (await root.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    const { CiphertextBlob, KeyId } = await session.send(new EncryptCommand({ KeyId: key, Plaintext: plaintext }));
    assert.equal(KeyId, key);
    await assertKmsError(session.send(new DescribeKeyCommand({ KeyId: key })), 'AccessDeniedException',
      `User: ${sessionArn} is not authorized to perform: kms:DescribeKey on resource: ${key} because no identity-based policy allows the kms:DescribeKey action`);
    await assertKmsError(session.send(new DecryptCommand({ CiphertextBlob })), 'AccessDeniedException',
      `User: ${sessionArn} is not authorized to perform: kms:Decrypt on resource: ${key} because no identity-based policy allows the kms:Decrypt action`);
    // The key's own account still decrypts what the session encrypted.
    assert.deepEqual(Buffer.from((await root.send(new DecryptCommand({ CiphertextBlob }))).Plaintext!), plaintext);
  });

  test('a key policy naming the role ARN lets the role\'s session Decrypt', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [
      { Sid: 'owner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
      { Sid: 'role decrypts', Effect: 'Allow', Principal: { AWS: roleArn }, Action: 'kms:Decrypt', Resource: '*' },
    ] });
    const key = (await root.send(new CreateKeyCommand({ Policy: policy }))).KeyMetadata!.Arn!;
    const { CiphertextBlob } = await session.send(new EncryptCommand({ KeyId: key, Plaintext: plaintext, EncryptionContext: { run: '7' } }));
    const out = await session.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { run: '7' } }));
    assert.deepEqual(Buffer.from(out.Plaintext!), plaintext);
    assert.equal(out.KeyId, key);
    // Only kms:Decrypt is named: DescribeKey on that key is still refused.
    await assertKmsError(session.send(new DescribeKeyCommand({ KeyId: key })), 'AccessDeniedException',
      `User: ${sessionArn} is not authorized to perform: kms:DescribeKey on resource: ${key} because no identity-based policy allows the kms:DescribeKey action`);
  });
});
