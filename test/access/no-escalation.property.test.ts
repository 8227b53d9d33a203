/**
 * Issue 17 property: no sequence of calls by a principal lets it gain a permission that no policy or
 * grant gives it. eve's identity policy allows kms:Encrypt and kms:DescribeKey only; fast-check
 * generates sequences of everything she might try to widen that (rewrite the key policy, grant
 * herself, alias, tag, create keys, re-encrypt, retire) and checks that every call outside her two
 * permissions is AccessDeniedException, and that she still cannot Decrypt afterwards.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  CreateAliasCommand, CreateGrantCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, EnableKeyRotationCommand,
  GenerateDataKeyCommand, PutKeyPolicyCommand, ReEncryptCommand, ScheduleKeyDeletionCommand, TagResourceCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { startTestServer, type TestServer } from '../helpers/server.js';

const account = '111122223333';
const eve = `arn:aws:iam::${account}:user/eve`;
let server: TestServer;
let root: KMSClient;
let e: KMSClient;
let keyArn: string;
let blob: Uint8Array;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trent-escalation-'));
  const configFile = join(dir, 'identities.yaml');
  writeFileSync(configFile, `
accounts:
  - id: "${account}"
    users:
      - name: eve
        accessKeys: [{ accessKeyId: AKIAEXAMPLEEVE000001, secretAccessKey: eve-secret }]
        policies:
          - { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: ["kms:Encrypt", "kms:DescribeKey"], Resource: "*" }] }
`);
  server = await startTestServer({ config: { configFile, accountId: account } });
  root = server.client({ accessKeyId: account });
  e = server.client({ accessKeyId: 'AKIAEXAMPLEEVE000001', secretAccessKey: 'eve-secret' });
  keyArn = (await root.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  blob = (await root.send(new EncryptCommand({ KeyId: keyArn, Plaintext: Buffer.from('secret') }))).CiphertextBlob!;
});
after(() => server.close());

const openPolicy = () => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: eve }, Action: 'kms:*', Resource: '*' }] });

/** What eve may try; `allowed` says whether her policy permits it. */
const attempts: Record<string, { allowed: boolean; run: () => Promise<unknown> }> = {
  encrypt: { allowed: true, run: () => e.send(new EncryptCommand({ KeyId: keyArn, Plaintext: Buffer.from('x') })) },
  describe: { allowed: true, run: () => e.send(new DescribeKeyCommand({ KeyId: keyArn })) },
  decrypt: { allowed: false, run: () => e.send(new DecryptCommand({ CiphertextBlob: blob })) },
  dataKey: { allowed: false, run: () => e.send(new GenerateDataKeyCommand({ KeyId: keyArn, KeySpec: 'AES_256' })) },
  putPolicy: { allowed: false, run: () => e.send(new PutKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default', Policy: openPolicy(), BypassPolicyLockoutSafetyCheck: true })) },
  grantSelf: { allowed: false, run: () => e.send(new CreateGrantCommand({ KeyId: keyArn, GranteePrincipal: eve, Operations: ['Decrypt', 'CreateGrant'] })) },
  alias: { allowed: false, run: () => e.send(new CreateAliasCommand({ AliasName: `alias/eve-${Math.random().toString(36).slice(2)}`, TargetKeyId: keyArn })) },
  tag: { allowed: false, run: () => e.send(new TagResourceCommand({ KeyId: keyArn, Tags: [{ TagKey: 'owner', TagValue: 'eve' }] })) },
  createKey: { allowed: false, run: () => e.send(new CreateKeyCommand({ Policy: openPolicy() })) },
  reEncrypt: { allowed: false, run: () => e.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: keyArn })) },
  rotate: { allowed: false, run: () => e.send(new EnableKeyRotationCommand({ KeyId: keyArn })) },
  delete: { allowed: false, run: () => e.send(new ScheduleKeyDeletionCommand({ KeyId: keyArn })) },
};

test('no sequence of calls gives eve a permission no policy or grant gives her', async () => {
  await fc.assert(fc.asyncProperty(fc.array(fc.constantFrom(...Object.keys(attempts)), { minLength: 1, maxLength: 8 }), async (sequence) => {
    for (const name of sequence) {
      const attempt = attempts[name]!;
      if (attempt.allowed) {
        await attempt.run();
      } else {
        await assert.rejects(attempt.run(), (error: Error) => error.name === 'AccessDeniedException' && error.message.startsWith(`User: ${eve} is not authorized`), name);
      }
    }
    await assert.rejects(e.send(new DecryptCommand({ CiphertextBlob: blob })), { name: 'AccessDeniedException' });
  }), { numRuns: 25 });
});
