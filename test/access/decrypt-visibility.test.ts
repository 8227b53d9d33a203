/**
 * Issue 17 item 7 through the AWS SDK v3: Decrypt (and ReEncrypt's source) of a ciphertext whose key
 * the caller cannot reach answers AWS's one AccessDeniedException, whatever the cause: a key that
 * never existed, a deleted key, a key of another region or of an account that does not share it, or a
 * key whose policy gives the caller nothing. No answer tells these apart, so Decrypt is no existence
 * oracle. The text is not in the API Reference; it is AWS's answer in many public reports
 * (aws/aws-encryption-sdk-javascript#1005, Droplr/aws-env#29: "Status Code: 400; Error Code:
 * AccessDeniedException").
 *
 * A key the caller may use keeps the other answers: a tampered blob is InvalidCiphertextException, and
 * an explicit Deny names the caller, the key and the policy that refused, as AWS answers a Decrypt
 * refused by a key policy's Deny (aws/aws-nitro-enclaves-sdk-c#157: "User: … is not authorized to
 * perform: kms:Decrypt on resource: arn:aws:kms:…:key/… with an explicit deny in a resource-based
 * policy").
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateKeyCommand, DecryptCommand, EncryptCommand, ReEncryptCommand, ScheduleKeyDeletionCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { assertKmsError } from '../helpers/assert-kms-error.js';
import { advanceClock, daySeconds } from '../helpers/dev-clock.js';

const account = '111122223333';
const alice = `arn:aws:iam::${account}:user/alice`;
const bob = `arn:aws:iam::${account}:user/bob`;
const hidden = 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.';

/** alice's identity policy allows every KMS action on every key: only key policies refuse her. */
const identities = `
accounts:
  - id: "${account}"
    users:
      - name: alice
        accessKeys: [{ accessKeyId: AKIAEXAMPLEALICE0001, secretAccessKey: alice-secret }]
        policies:
          - { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "kms:*", Resource: "*" }] }
      - name: bob
        accessKeys: [{ accessKeyId: AKIAEXAMPLEBOB000001, secretAccessKey: bob-secret }]
`;

const policy = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const rootStatement = { Sid: 'owner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' };

describe('Decrypt of a ciphertext whose key the caller cannot reach (SDK v3)', () => {
  let server: TestServer;
  let scratch: string;
  let root: KMSClient;
  let a: KMSClient;
  const plaintext = Buffer.from('attack at dawn');

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'trent-decrypt-visibility-'));
    const configFile = join(scratch, 'identities.yaml');
    writeFileSync(configFile, identities);
    server = await startTestServer({ config: { configFile, accountId: account } });
    root = server.client({ accessKeyId: account });
    a = server.client({ accessKeyId: 'AKIAEXAMPLEALICE0001', secretAccessKey: 'alice-secret' });
  });
  after(async () => {
    await server?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const newKey = async (keyPolicy?: string): Promise<string> =>
    (await root.send(new CreateKeyCommand(keyPolicy === undefined ? {} : { Policy: keyPolicy, BypassPolicyLockoutSafetyCheck: true }))).KeyMetadata!.Arn!;
  const sealed = async (keyArn: string, client: KMSClient = root): Promise<Uint8Array> =>
    (await client.send(new EncryptCommand({ KeyId: keyArn, Plaintext: plaintext }))).CiphertextBlob!;

  test('no access: a key policy that names neither alice nor her account answers as a missing key, on Decrypt and ReEncrypt', async () => {
    const bobOnly = await newKey(policy({ Effect: 'Allow', Principal: { AWS: bob }, Action: 'kms:*', Resource: '*' }));
    const blob = await sealed(bobOnly, server.client({ accessKeyId: 'AKIAEXAMPLEBOB000001', secretAccessKey: 'bob-secret' }));
    await assertKmsError(a.send(new DecryptCommand({ CiphertextBlob: blob })), 'AccessDeniedException', hidden);
    const destination = await newKey();
    await assertKmsError(a.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: destination })), 'AccessDeniedException', hidden);
  });

  test('an explicit Deny in the key policy names alice, the key and the policy that refused', async () => {
    const denying = await newKey(policy(rootStatement,
      { Sid: 'no decrypt for alice', Effect: 'Deny', Principal: { AWS: alice }, Action: 'kms:Decrypt', Resource: '*' }));
    const blob = await sealed(denying, a);
    await assertKmsError(a.send(new DecryptCommand({ CiphertextBlob: blob })), 'AccessDeniedException',
      `User: ${alice} is not authorized to perform: kms:Decrypt on resource: ${denying} with an explicit deny in a resource-based policy`);
    // The account root is not denied: the same blob opens.
    assert.deepEqual(Buffer.from((await root.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!), plaintext);
  });

  test('a deleted key answers as a key that never existed', async () => {
    const doomed = await newKey();
    const blob = await sealed(doomed, a);
    await root.send(new ScheduleKeyDeletionCommand({ KeyId: doomed, PendingWindowInDays: 7 }));
    await advanceClock(server.endpoint, 8 * daySeconds);
    await assertKmsError(a.send(new DecryptCommand({ CiphertextBlob: blob })), 'AccessDeniedException', hidden);
    await assertKmsError(root.send(new DecryptCommand({ CiphertextBlob: blob })), 'AccessDeniedException', hidden);
  });

  test('unknown key, other region, other account and no access give one identical answer', async () => {
    const usable = await newKey();
    const blob = Buffer.from(await sealed(usable, a));
    const unknown = Buffer.from(blob);
    unknown[1]! ^= 0xff; // bytes 1..16 of the blob are its key id: now no key's
    const bobOnly = await newKey(policy({ Effect: 'Allow', Principal: { AWS: bob }, Action: 'kms:*', Resource: '*' }));
    const noAccess = await sealed(bobOnly, server.client({ accessKeyId: 'AKIAEXAMPLEBOB000001', secretAccessKey: 'bob-secret' }));
    const answers = await Promise.all([
      server.raw('Decrypt', { CiphertextBlob: unknown.toString('base64') }, { accessKeyId: 'AKIAEXAMPLEALICE0001', secretAccessKey: 'alice-secret' }),
      server.raw('Decrypt', { CiphertextBlob: blob.toString('base64') }, { accessKeyId: 'AKIAEXAMPLEALICE0001', secretAccessKey: 'alice-secret', region: 'eu-west-1' }),
      server.raw('Decrypt', { CiphertextBlob: blob.toString('base64') }, { accessKeyId: '444455556666' }),
      server.raw('Decrypt', { CiphertextBlob: Buffer.from(noAccess).toString('base64') }, { accessKeyId: 'AKIAEXAMPLEALICE0001', secretAccessKey: 'alice-secret' }),
    ]);
    for (const answer of answers) {
      assert.deepEqual({ status: answer.status, body: answer.body }, { status: 400, body: { __type: 'AccessDeniedException', message: hidden } });
    }
  });

  test('an RSA ciphertext names its key in KeyId: an unknown key is NotFoundException as for any named key', async () => {
    const missing = `arn:aws:kms:${server.region}:${account}:key/00000000-0000-4000-8000-000000000000`;
    await assertKmsError(a.send(new DecryptCommand({ CiphertextBlob: Buffer.alloc(256, 1), KeyId: missing, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
      'NotFoundException', `Key '${missing}' does not exist`);
  });

  test('a tampered blob of a key alice may use stays InvalidCiphertextException', async () => {
    const usable = await newKey();
    const blob = Buffer.from(await sealed(usable, a));
    const tampered = Buffer.from(blob);
    tampered[tampered.length - 1]! ^= 0x01; // the GCM tag
    const res = await server.raw('Decrypt', { CiphertextBlob: tampered.toString('base64') }, { accessKeyId: 'AKIAEXAMPLEALICE0001', secretAccessKey: 'alice-secret' });
    // AWS sends this error with no message member (test/operations/encrypt-decrypt.test.ts).
    assert.deepEqual({ status: res.status, body: res.body }, { status: 400, body: { __type: 'InvalidCiphertextException' } });
    // The SDK v3 fills a missing message member with 'UnknownError'.
    await assertKmsError(a.send(new DecryptCommand({ CiphertextBlob: tampered })), 'InvalidCiphertextException', 'UnknownError');
  });
});
