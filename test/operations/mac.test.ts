/**
 * GenerateMac / VerifyMac with every HMAC key spec; errors as recorded against AWS
 * (LS-SNAP test_generate_and_verify_mac, test_invalid_generate_mac, test_invalid_verify_mac).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateKeyCommand, GenerateMacCommand, VerifyMacCommand, type KMSClient } from '@aws-sdk/client-kms';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { assertKmsError } from '../helpers/assert-kms-error.js';

let server: TestServer;
let kms: KMSClient;
before(async () => { server = await startTestServer(); kms = server.client(); });
after(() => server.close());

const message = Buffer.from('some important message');
const specs = [['HMAC_224', 'HMAC_SHA_224', 28], ['HMAC_256', 'HMAC_SHA_256', 32], ['HMAC_384', 'HMAC_SHA_384', 48], ['HMAC_512', 'HMAC_SHA_512', 64]] as const;

for (const [KeySpec, MacAlgorithm, bytes] of specs) {
  test(`${KeySpec}: GenerateMac gives a ${bytes}-byte ${MacAlgorithm} that VerifyMac accepts; another message or MAC is KMSInvalidMacException`, async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ KeySpec, KeyUsage: 'GENERATE_VERIFY_MAC' }));
    const generated = await kms.send(new GenerateMacCommand({ KeyId: KeyMetadata!.KeyId!, Message: message, MacAlgorithm }));
    assert.deepEqual({ KeyId: generated.KeyId, MacAlgorithm: generated.MacAlgorithm, length: generated.Mac!.length }, { KeyId: KeyMetadata!.Arn, MacAlgorithm, length: bytes });
    const again = await kms.send(new GenerateMacCommand({ KeyId: KeyMetadata!.KeyId!, Message: message, MacAlgorithm }));
    assert.deepEqual(Buffer.from(again.Mac!), Buffer.from(generated.Mac!), 'HMAC is deterministic');
    const verified = await kms.send(new VerifyMacCommand({ KeyId: KeyMetadata!.KeyId!, Message: message, Mac: generated.Mac!, MacAlgorithm }));
    assert.deepEqual({ KeyId: verified.KeyId, MacValid: verified.MacValid, MacAlgorithm: verified.MacAlgorithm }, { KeyId: KeyMetadata!.Arn, MacValid: true, MacAlgorithm });
    const truncated = Buffer.from(generated.Mac!).subarray(0, bytes - 1);
    for (const [Message, Mac] of [[Buffer.from('some different important message'), generated.Mac!], [message, truncated]] as const) {
      const res = await server.raw('VerifyMac', { KeyId: KeyMetadata!.KeyId!, Message: Buffer.from(Message).toString('base64'), Mac: Buffer.from(Mac).toString('base64'), MacAlgorithm });
      assert.deepEqual({ status: res.status, body: res.body }, { status: 400, body: { __type: 'KMSInvalidMacException' } });
    }
  });
}

test('a MAC algorithm of another HMAC spec is InvalidKeyUsageException (recorded text)', async () => {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_224', KeyUsage: 'GENERATE_VERIFY_MAC' }));
  await assertKmsError(kms.send(new GenerateMacCommand({ KeyId: KeyMetadata!.KeyId!, Message: message, MacAlgorithm: 'HMAC_SHA_256' })),
    'InvalidKeyUsageException', 'Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224.');
  await assertKmsError(kms.send(new VerifyMacCommand({ KeyId: KeyMetadata!.KeyId!, Message: message, Mac: Buffer.alloc(64), MacAlgorithm: 'HMAC_SHA_512' })),
    'InvalidKeyUsageException', 'Algorithm HMAC_SHA_512 is incompatible with key spec HMAC_224.');
});

test('GenerateMac with a symmetric encryption key is InvalidKeyUsageException (recorded text); Encrypt with an HMAC key too', async () => {
  const sym = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
  await assertKmsError(kms.send(new GenerateMacCommand({ KeyId: sym.KeyId!, Message: message, MacAlgorithm: 'HMAC_SHA_256' })),
    'InvalidKeyUsageException', `${sym.Arn} key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.`);
  const mac = (await kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }))).KeyMetadata!;
  const res = await server.raw('Encrypt', { KeyId: mac.KeyId!, Plaintext: message.toString('base64') });
  assert.deepEqual(res.body, { __type: 'InvalidKeyUsageException', message: `${mac.Arn} key usage is GENERATE_VERIFY_MAC which is not valid for Encrypt.` });
});

test('an unknown MacAlgorithm is the recorded enum ValidationException', async () => {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }));
  const res = await server.raw('GenerateMac', { KeyId: KeyMetadata!.KeyId!, Message: message.toString('base64'), MacAlgorithm: 'INVALID' });
  assert.deepEqual(res.body, { __type: 'ValidationException',
    message: "1 validation error detected: Value 'INVALID' at 'macAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [HMAC_SHA_384, HMAC_SHA_256, HMAC_SHA_224, HMAC_SHA_512]" });
});
