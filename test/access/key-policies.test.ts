/**
 * Issue 17 end to end through the AWS SDK v3, with configured identities (a YAML identities file):
 * identity policies, key policies as the root of trust, explicit deny on an encryption-context
 * condition, a grant with an EncryptionContextSubset constraint, a cross-account key, the policy
 * lockout safety check and unknown principals. Messages follow the IAM User Guide, "Troubleshoot
 * access denied error messages", and the KMS API Reference (CreateKey / PutKeyPolicy).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAliasCommand, CreateGrantCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand,
  GenerateDataKeyCommand, ListKeysCommand, PutKeyPolicyCommand, ScheduleKeyDeletionCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { assertKmsError } from '../helpers/assert-kms-error.js';

const account = '111122223333';
const other = '444455556666';
const alice = `arn:aws:iam::${account}:user/alice`;
const bob = `arn:aws:iam::${account}:user/bob`;
const carol = `arn:aws:iam::${other}:user/carol`;

/** alice may Encrypt/GenerateDataKey/CreateGrant on any key, but never Decrypt when purpose=secret; bob has no policy. */
const identities = `
accounts:
  - id: "${account}"
    users:
      - name: alice
        accessKeys: [{ accessKeyId: AKIAEXAMPLEALICE0001, secretAccessKey: alice-secret }]
        policies:
          - Version: "2012-10-17"
            Statement:
              - { Effect: Allow, Action: ["kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey", "kms:CreateKey", "kms:PutKeyPolicy", "kms:CreateGrant"], Resource: "*" }
              - { Effect: Allow, Action: "kms:Decrypt", Resource: "*" }
              - Effect: Deny
                Action: "kms:Decrypt"
                Resource: "*"
                Condition: { StringEquals: { "kms:EncryptionContext:purpose": secret } }
      - name: bob
        accessKeys: [{ accessKeyId: AKIAEXAMPLEBOB000001, secretAccessKey: bob-secret }]
  - id: "${other}"
    users:
      - name: carol
        accessKeys: [{ accessKeyId: AKIAEXAMPLECAROL0001, secretAccessKey: carol-secret }]
        policies:
          - { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: ["kms:Encrypt", "kms:DescribeKey", "kms:ScheduleKeyDeletion"], Resource: "*" }] }
`;

const denied = (who: string, action: string, resource: string, why: string): string =>
  `User: ${who} is not authorized to perform: ${action} on resource: ${resource} ${why}`;
const noIdentity = (action: string): string => `because no identity-based policy allows the ${action} action`;

describe('key policies, identity policies and grants (SDK v3)', () => {
  let server: TestServer;
  let root: KMSClient;
  let a: KMSClient;
  let b: KMSClient;
  let c: KMSClient;
  let keyArn: string;
  const plaintext = Buffer.from('attack at dawn');

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trent-access-'));
    const configFile = join(dir, 'identities.yaml');
    writeFileSync(configFile, identities);
    server = await startTestServer({ config: { configFile, accountId: account } });
    root = server.client({ accessKeyId: account });
    a = server.client({ accessKeyId: 'AKIAEXAMPLEALICE0001', secretAccessKey: 'alice-secret' });
    b = server.client({ accessKeyId: 'AKIAEXAMPLEBOB000001', secretAccessKey: 'bob-secret' });
    c = server.client({ accessKeyId: 'AKIAEXAMPLECAROL0001', secretAccessKey: 'carol-secret' });
    keyArn = (await root.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  });
  after(() => server.close());

  test('the account root (an unknown dev-mode key) is allowed by the default key policy', async () => {
    const { CiphertextBlob } = await root.send(new EncryptCommand({ KeyId: keyArn, Plaintext: plaintext }));
    const out = await root.send(new DecryptCommand({ CiphertextBlob }));
    assert.deepEqual(Buffer.from(out.Plaintext!), plaintext);
  });

  test('a user without identity policies is refused because no identity-based policy allows the action', async () => {
    await assertKmsError(b.send(new EncryptCommand({ KeyId: keyArn, Plaintext: plaintext })), 'AccessDeniedException', denied(bob, 'kms:Encrypt', keyArn, noIdentity('kms:Encrypt')));
    await assertKmsError(b.send(new ListKeysCommand({})), 'AccessDeniedException', denied(bob, 'kms:ListKeys', '*', noIdentity('kms:ListKeys')));
  });

  test('an explicit deny on an encryption-context condition wins over the allow', async () => {
    const secret = await a.send(new EncryptCommand({ KeyId: keyArn, Plaintext: plaintext, EncryptionContext: { purpose: 'secret' } }));
    await assertKmsError(a.send(new DecryptCommand({ CiphertextBlob: secret.CiphertextBlob, EncryptionContext: { purpose: 'secret' } })),
      'AccessDeniedException', denied(alice, 'kms:Decrypt', keyArn, 'with an explicit deny in an identity-based policy'));
    const open = await a.send(new EncryptCommand({ KeyId: keyArn, Plaintext: plaintext, EncryptionContext: { purpose: 'public' } }));
    const out = await a.send(new DecryptCommand({ CiphertextBlob: open.CiphertextBlob, EncryptionContext: { purpose: 'public' } }));
    assert.deepEqual(Buffer.from(out.Plaintext!), plaintext);
  });

  test('a key policy that does not trust the account: identity policies count for nothing', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'root only', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:user/bob` }, Action: 'kms:*', Resource: '*' }] });
    const key = (await root.send(new CreateKeyCommand({ Policy: policy, BypassPolicyLockoutSafetyCheck: true }))).KeyMetadata!.Arn!;
    await assertKmsError(a.send(new EncryptCommand({ KeyId: key, Plaintext: plaintext })), 'AccessDeniedException',
      denied(alice, 'kms:Encrypt', key, 'because no resource-based policy allows the kms:Encrypt action'));
    // bob is named by the key policy itself: no identity policy needed.
    const { CiphertextBlob } = await b.send(new EncryptCommand({ KeyId: key, Plaintext: plaintext }));
    // Decrypt of a blob whose key's policy ignores alice answers as for a blob naming no key of her scope.
    await assertKmsError(a.send(new DecryptCommand({ CiphertextBlob })), 'AccessDeniedException',
      'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.');
  });

  test('a grant with an EncryptionContextSubset constraint lets bob Decrypt, only under that context', async () => {
    const { CiphertextBlob } = await root.send(new EncryptCommand({ KeyId: keyArn, Plaintext: plaintext, EncryptionContext: { tenant: 't1', extra: 'x' } }));
    const other1 = await root.send(new EncryptCommand({ KeyId: keyArn, Plaintext: plaintext, EncryptionContext: { tenant: 't2' } }));
    await root.send(new CreateGrantCommand({ KeyId: keyArn, GranteePrincipal: bob, Operations: ['Decrypt'], Constraints: { EncryptionContextSubset: { tenant: 't1' } } }));
    const out = await b.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { tenant: 't1', extra: 'x' } }));
    assert.deepEqual(Buffer.from(out.Plaintext!), plaintext);
    await assertKmsError(b.send(new DecryptCommand({ CiphertextBlob: other1.CiphertextBlob, EncryptionContext: { tenant: 't2' } })),
      'AccessDeniedException', denied(bob, 'kms:Decrypt', keyArn, noIdentity('kms:Decrypt')));
    await assertKmsError(b.send(new EncryptCommand({ KeyId: keyArn, Plaintext: plaintext, EncryptionContext: { tenant: 't1' } })),
      'AccessDeniedException', denied(bob, 'kms:Encrypt', keyArn, noIdentity('kms:Encrypt')));
  });

  test('a grant from a grant may not pass on more operations than it holds', async () => {
    await root.send(new CreateGrantCommand({ KeyId: keyArn, GranteePrincipal: bob, Operations: ['CreateGrant', 'Encrypt'] }));
    await b.send(new CreateGrantCommand({ KeyId: keyArn, GranteePrincipal: alice, Operations: ['Encrypt'] }));
    await assertKmsError(b.send(new CreateGrantCommand({ KeyId: keyArn, GranteePrincipal: alice, Operations: ['Encrypt', 'Decrypt'] })),
      'AccessDeniedException', denied(bob, 'kms:CreateGrant', keyArn, noIdentity('kms:CreateGrant')));
  });

  test('a cross-account key: the key policy must name the account and the caller\'s identity policy must allow', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [
      { Sid: 'owner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
      { Sid: 'partner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${other}:root` }, Action: ['kms:Encrypt', 'kms:DescribeKey'], Resource: '*' },
    ] });
    const shared = (await root.send(new CreateKeyCommand({ Policy: policy }))).KeyMetadata!.Arn!;
    const described = await c.send(new DescribeKeyCommand({ KeyId: shared }));
    assert.equal(described.KeyMetadata!.Arn, shared);
    const out = await c.send(new EncryptCommand({ KeyId: shared, Plaintext: plaintext }));
    assert.equal(out.KeyId, shared);
    // GenerateDataKey: the key policy gives the partner account only Encrypt and DescribeKey.
    await assertKmsError(c.send(new GenerateDataKeyCommand({ KeyId: shared, KeySpec: 'AES_256' })), 'AccessDeniedException',
      denied(carol, 'kms:GenerateDataKey', shared, 'because no resource-based policy allows the kms:GenerateDataKey action'));
    // ScheduleKeyDeletion is no cross-account operation: the key does not exist for carol.
    await assertKmsError(c.send(new ScheduleKeyDeletionCommand({ KeyId: shared })), 'NotFoundException', `Key '${shared}' does not exist`);
    // A key whose policy does not name the other account stays invisible to it.
    await assertKmsError(c.send(new DescribeKeyCommand({ KeyId: keyArn })), 'NotFoundException', `Key '${keyArn}' does not exist`);
  });

  test('the policy lockout safety check refuses a policy that would lock the caller out, unless bypassed', async () => {
    const lockout = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: bob }, Action: 'kms:*', Resource: '*' }] });
    await assertKmsError(a.send(new CreateKeyCommand({ Policy: lockout })), 'MalformedPolicyDocumentException', 'The new key policy will not allow you to update the key policy in the future.');
    const mine = (await a.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await assertKmsError(a.send(new PutKeyPolicyCommand({ KeyId: mine, PolicyName: 'default', Policy: lockout })), 'MalformedPolicyDocumentException',
      'The new key policy will not allow you to update the key policy in the future.');
    await a.send(new PutKeyPolicyCommand({ KeyId: mine, PolicyName: 'default', Policy: lockout, BypassPolicyLockoutSafetyCheck: true }));
  });

  test('a key policy naming a principal that does not exist is MalformedPolicyDocumentException', async () => {
    const ghost = JSON.stringify({ Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:user/ghost` }, Action: 'kms:Decrypt', Resource: '*' },
    ] });
    await assertKmsError(root.send(new CreateKeyCommand({ Policy: ghost })), 'MalformedPolicyDocumentException', 'Policy contains a statement with one or more invalid principals.');
  });

  test('CreateAlias needs kms:CreateAlias on the alias as well as on the key', async () => {
    const aliasArn = `arn:aws:kms:${server.region}:${account}:alias/alice-alias`;
    await assertKmsError(a.send(new CreateAliasCommand({ AliasName: 'alias/alice-alias', TargetKeyId: keyArn })), 'AccessDeniedException',
      denied(alice, 'kms:CreateAlias', aliasArn, noIdentity('kms:CreateAlias')));
    await root.send(new CreateAliasCommand({ AliasName: 'alias/root-alias', TargetKeyId: keyArn }));
  });
});
