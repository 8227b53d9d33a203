import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateKeyCommand, CreateAliasCommand, DecryptCommand, DisableKeyCommand, EncryptCommand, ReEncryptCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { assertKmsError } from '../helpers/assert-kms-error.js';

let server: TestServer;
let kms: KMSClient;
let keyArn: string;
let keyId: string;
before(async () => {
  server = await startTestServer();
  kms = server.client();
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
  keyArn = KeyMetadata!.Arn!;
  keyId = KeyMetadata!.KeyId!;
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/orders', TargetKeyId: keyId }));
});
after(() => server.close());

const plaintext = new TextEncoder().encode('attack at dawn');
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Decrypt answers InvalidCiphertextException with no message member (recorded against AWS). */
async function assertInvalidCiphertext(body: Record<string, unknown>): Promise<void> {
  const res = await server.raw('Decrypt', body);
  assert.deepEqual({ status: res.status, body: res.body }, { status: 400, body: { __type: 'InvalidCiphertextException' } });
}

/** AWS's one answer for a blob whose key the caller cannot reach (domain/messages.ts, ciphertextKeyNotAccessible). */
const keyNotAccessible = {
  __type: 'AccessDeniedException',
  message: 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
};

describe('Encrypt and Decrypt', () => {
  test('round trip by key id, key ARN, alias name and alias ARN; KeyId in both responses is the key ARN', async () => {
    for (const KeyId of [keyId, keyArn, 'alias/orders', 'arn:aws:kms:us-east-1:111122223333:alias/orders']) {
      const enc = await kms.send(new EncryptCommand({ KeyId, Plaintext: plaintext }));
      assert.equal(enc.KeyId, keyArn);
      assert.equal(enc.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
      const dec = await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }));
      assert.deepEqual(Buffer.from(dec.Plaintext!), Buffer.from(plaintext));
      assert.equal(dec.KeyId, keyArn);
      assert.equal(dec.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
      assert.match(dec.KeyMaterialId!, /^[0-9a-f]{64}$/);
    }
  });

  test('two encryptions of the same plaintext differ (fresh salt and IV each time)', async () => {
    const a = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }));
    const b = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }));
    assert.notDeepEqual(Buffer.from(a.CiphertextBlob!), Buffer.from(b.CiphertextBlob!));
  });

  test('the encryption context must match exactly, in any pair order', async () => {
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { purpose: 'test', tenant: 'a' } }));
    const dec = await kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { tenant: 'a', purpose: 'test' } }));
    assert.deepEqual(Buffer.from(dec.Plaintext!), Buffer.from(plaintext));
    await assertInvalidCiphertext({ CiphertextBlob: b64(CiphertextBlob!) });
    await assertInvalidCiphertext({ CiphertextBlob: b64(CiphertextBlob!), EncryptionContext: { purpose: 'test', tenant: 'A' } });
    await assertInvalidCiphertext({ CiphertextBlob: b64(CiphertextBlob!), EncryptionContext: { purpose: 'test', tenant: 'a', extra: '' } });
  });

  test('an encryption context key like __proto__ is data, not a prototype', async () => {
    const raw = await server.raw('Encrypt', { KeyId: keyId, Plaintext: b64(plaintext), EncryptionContext: JSON.parse('{"__proto__":"x","constructor":"y"}') });
    assert.equal(raw.status, 200);
    const ok = await server.raw('Decrypt', { CiphertextBlob: raw.body.CiphertextBlob, EncryptionContext: JSON.parse('{"constructor":"y","__proto__":"x"}') });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.Plaintext, b64(plaintext));
    await assertInvalidCiphertext({ CiphertextBlob: raw.body.CiphertextBlob, EncryptionContext: { constructor: 'y' } });
  });

  test('corrupted, truncated and extended blobs are InvalidCiphertextException', async () => {
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }));
    const blob = Buffer.from(CiphertextBlob!);
    // Byte 0 is the format version, 17..20 the backing-key version, then salt, IV, body and tag.
    for (const index of [0, 20, 30, 60, blob.length - 1]) {
      const bad = Buffer.from(blob);
      bad[index]! ^= 0x01;
      await assertInvalidCiphertext({ CiphertextBlob: b64(bad) });
    }
    await assertInvalidCiphertext({ CiphertextBlob: b64(blob.subarray(0, blob.length - 1)) });
    await assertInvalidCiphertext({ CiphertextBlob: b64(blob.subarray(0, 30)) });
    await assertInvalidCiphertext({ CiphertextBlob: b64(Buffer.concat([blob, Buffer.from('bad_data')])) });
    await assertInvalidCiphertext({ CiphertextBlob: b64(Buffer.from('not a ciphertext at all')) });
  });

  test('a blob whose key id bytes were edited names no key: AccessDeniedException, as for an unknown key', async () => {
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }));
    const bad = Buffer.from(CiphertextBlob!);
    bad[5]! ^= 0x01; // bytes 1..16 are the key id
    const res = await server.raw('Decrypt', { CiphertextBlob: b64(bad) });
    assert.deepEqual({ status: res.status, body: res.body }, { status: 400, body: keyNotAccessible });
  });

  test('a blob of another account (whose key policy does not share it) or region is AccessDeniedException: no existence oracle', async () => {
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }));
    for (const options of [{ accessKeyId: '444455556666' }, { region: 'eu-west-1' }]) {
      const res = await server.raw('Decrypt', { CiphertextBlob: b64(CiphertextBlob!) }, options);
      assert.deepEqual({ status: res.status, body: res.body }, { status: 400, body: keyNotAccessible });
      const re = await server.raw('ReEncrypt', { CiphertextBlob: b64(CiphertextBlob!), DestinationKeyId: keyArn }, options);
      assert.deepEqual({ status: re.status, body: re.body }, { status: 400, body: keyNotAccessible });
    }
  });

  test('Decrypt with a KeyId that is not the blob\'s key is IncorrectKeyException; the right one (any form) works', async () => {
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }));
    const { KeyMetadata: other } = await kms.send(new CreateKeyCommand({}));
    await assertKmsError(kms.send(new DecryptCommand({ CiphertextBlob, KeyId: other!.KeyId })), 'IncorrectKeyException',
      'The key ID in the request does not identify a CMK that can perform this operation.');
    const dec = await kms.send(new DecryptCommand({ CiphertextBlob, KeyId: 'alias/orders' }));
    assert.equal(dec.KeyId, keyArn);
  });

  test('Plaintext over 4096 bytes and empty Plaintext are ValidationExceptions that never echo the plaintext', async () => {
    const big = await server.raw('Encrypt', { KeyId: keyId, Plaintext: b64(Buffer.alloc(4097, 0x41)) });
    assert.deepEqual(big.body, { __type: 'ValidationException', message: "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096" });
    const empty = await server.raw('Encrypt', { KeyId: keyId, Plaintext: '' });
    assert.deepEqual(empty.body, { __type: 'ValidationException', message: "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1" });
  });

  test('an asymmetric EncryptionAlgorithm with a symmetric key is InvalidKeyUsageException', async () => {
    await assertKmsError(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
      'InvalidKeyUsageException', `The encryption algorithm RSAES_OAEP_SHA_256 is not valid for ${keyArn}.`);
  });

  test('Decrypt without CiphertextBlob is the Coral "must not be null" ValidationException', async () => {
    const res = await server.raw('Decrypt', {});
    assert.deepEqual(res.body, { __type: 'ValidationException', message: "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null" });
  });

  test('DryRun answers DryRunOperationException once every check passed', async () => {
    await assertKmsError(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, DryRun: true })),
      'DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
  });
});

describe('ReEncrypt', () => {
  test('moves a ciphertext to another key and context without exposing the plaintext', async () => {
    const { KeyMetadata: dest } = await kms.send(new CreateKeyCommand({}));
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { a: '1' } }));
    const re = await kms.send(new ReEncryptCommand({
      CiphertextBlob, SourceEncryptionContext: { a: '1' }, DestinationKeyId: dest!.KeyId, DestinationEncryptionContext: { b: '2' },
    }));
    assert.equal(re.SourceKeyId, keyArn);
    assert.equal(re.KeyId, dest!.Arn);
    assert.equal(re.SourceEncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
    assert.equal(re.DestinationEncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
    const dec = await kms.send(new DecryptCommand({ CiphertextBlob: re.CiphertextBlob, EncryptionContext: { b: '2' } }));
    assert.equal(dec.KeyId, dest!.Arn);
    assert.deepEqual(Buffer.from(dec.Plaintext!), Buffer.from(plaintext));
  });

  test('a wrong SourceKeyId is IncorrectKeyException; a wrong source context is InvalidCiphertextException', async () => {
    const { KeyMetadata: dest } = await kms.send(new CreateKeyCommand({}));
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { a: '1' } }));
    await assertKmsError(kms.send(new ReEncryptCommand({ CiphertextBlob, SourceKeyId: dest!.KeyId, DestinationKeyId: dest!.KeyId, SourceEncryptionContext: { a: '1' } })),
      'IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');
    const res = await server.raw('ReEncrypt', { CiphertextBlob: b64(CiphertextBlob!), DestinationKeyId: dest!.KeyId });
    assert.deepEqual(res.body, { __type: 'InvalidCiphertextException' });
  });

  test('a Disabled destination is DisabledException naming the destination', async () => {
    const { KeyMetadata: dest } = await kms.send(new CreateKeyCommand({}));
    await kms.send(new DisableKeyCommand({ KeyId: dest!.KeyId }));
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }));
    await assertKmsError(kms.send(new ReEncryptCommand({ CiphertextBlob, DestinationKeyId: dest!.KeyId })), 'DisabledException', `${dest!.Arn} is disabled.`);
  });

  test('a missing destination is NotFoundException', async () => {
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }));
    await assertKmsError(kms.send(new ReEncryptCommand({ CiphertextBlob, DestinationKeyId: 'alias/nowhere' })),
      'NotFoundException', 'Alias arn:aws:kms:us-east-1:111122223333:alias/nowhere is not found.');
  });
});

describe('DryRun', () => {
  // https://docs.aws.amazon.com/kms/latest/developerguide/programming-dryrun.html: a dry run reports
  // the error the real request would get, and DryRunOperationException only when it would succeed.
  test('a dry run that would fail answers the real error, not DryRunOperationException', async () => {
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { a: '1' } }));
    const wrongContext = await server.raw('Decrypt', { CiphertextBlob: b64(CiphertextBlob!), EncryptionContext: { a: '2' }, DryRun: true });
    assert.deepEqual(wrongContext.body, { __type: 'InvalidCiphertextException' });
    await assertKmsError(kms.send(new ReEncryptCommand({ CiphertextBlob, SourceEncryptionContext: { a: '1' }, DestinationKeyId: 'alias/nowhere', DryRun: true })),
      'NotFoundException', 'Alias arn:aws:kms:us-east-1:111122223333:alias/nowhere is not found.');
    const { GenerateDataKeyCommand } = await import('@aws-sdk/client-kms');
    await assertKmsError(kms.send(new GenerateDataKeyCommand({ KeyId: keyId, DryRun: true })), 'ValidationException', 'Please specify either number of bytes or key spec.');
    await assertKmsError(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1', DryRun: true })),
      'InvalidKeyUsageException', `The encryption algorithm RSAES_OAEP_SHA_1 is not valid for ${keyArn}.`);
  });

  test('a dry run that would succeed answers DryRunOperationException and returns no plaintext', async () => {
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }));
    const res = await server.raw('Decrypt', { CiphertextBlob: b64(CiphertextBlob!), DryRun: true });
    assert.deepEqual({ status: res.status, body: res.body }, {
      status: 400, body: { __type: 'DryRunOperationException', message: 'The request would have succeeded, but the DryRun option is set.' },
    });
  });
});
