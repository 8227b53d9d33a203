/**
 * Sign and Verify with every signing algorithm and message type, verified both ways against
 * node:crypto and @noble: Trent's signatures verify with GetPublicKey's key, and signatures made
 * outside (from the same key material, through DIGEST and RAW) verify in Trent. Errors: AWS's texts
 * (LS-SNAP test_sign_verify, test_error_messaging_for_invalid_keys).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createHash, createPublicKey, verify as nodeVerify } from 'node:crypto';
import { CreateKeyCommand, GetPublicKeyCommand, SignCommand, VerifyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { ed25519ph } from '@noble/curves/ed25519.js';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { assertKmsError } from '../helpers/assert-kms-error.js';

let server: TestServer;
let kms: KMSClient;
before(async () => { server = await startTestServer(); kms = server.client(); });
after(() => server.close());

const message = Buffer.from('the quick brown fox jumps over the lazy dog');
const hashOf = (alg: string) => (alg.endsWith('SHA_256') ? 'sha256' : alg.endsWith('SHA_384') ? 'sha384' : 'sha512');
const cases: [string, string[]][] = [
  ['RSA_2048', ['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512', 'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512']],
  ['RSA_3072', ['RSASSA_PSS_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_256']],
  ['RSA_4096', ['RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_512']],
  ['ECC_NIST_P256', ['ECDSA_SHA_256']],
  ['ECC_NIST_P384', ['ECDSA_SHA_384']],
  ['ECC_NIST_P521', ['ECDSA_SHA_512']],
  ['ECC_SECG_P256K1', ['ECDSA_SHA_256']],
];

async function createSigningKey(KeySpec: string): Promise<{ keyId: string; arn: string; spki: Buffer }> {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ KeySpec: KeySpec as never, KeyUsage: 'SIGN_VERIFY' }));
  const pub = await kms.send(new GetPublicKeyCommand({ KeyId: KeyMetadata!.KeyId! }));
  return { keyId: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn!, spki: Buffer.from(pub.PublicKey!) };
}

function nodeOptions(spki: Buffer, alg: string) {
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  if (alg.startsWith('RSASSA_PSS')) return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: createHash(hashOf(alg)).digest().length };
  if (alg.startsWith('ECDSA')) return { key, dsaEncoding: 'der' as const };
  return { key, padding: constants.RSA_PKCS1_PADDING };
}

describe('RSA and ECDSA signatures', () => {
  for (const [spec, algorithms] of cases) {
    test(`${spec}: RAW and DIGEST signatures verify with node:crypto and in Trent; a changed message fails`, async () => {
      const { keyId, arn, spki } = await createSigningKey(spec);
      for (const alg of algorithms) {
        const digest = createHash(hashOf(alg)).update(message).digest();
        for (const [MessageType, Message] of [['RAW', message], ['DIGEST', digest]] as const) {
          const signed = await kms.send(new SignCommand({ KeyId: keyId, Message, MessageType, SigningAlgorithm: alg as never }));
          assert.equal(signed.KeyId, arn);
          assert.equal(signed.SigningAlgorithm, alg);
          // A DIGEST is signed as given: the signature is over the original message's hash.
          assert.equal(nodeVerify(hashOf(alg), message, nodeOptions(spki, alg), signed.Signature!), true, `${alg} ${MessageType}`);
          if (alg.startsWith('ECDSA')) assert.equal(signed.Signature![0], 0x30, 'DER SEQUENCE');
          const verified = await kms.send(new VerifyCommand({ KeyId: keyId, Message, MessageType, Signature: signed.Signature!, SigningAlgorithm: alg as never }));
          assert.deepEqual({ KeyId: verified.KeyId, SignatureValid: verified.SignatureValid, SigningAlgorithm: verified.SigningAlgorithm },
            { KeyId: arn, SignatureValid: true, SigningAlgorithm: alg });
          // The other message type over the same bytes is a different statement and must fail.
          const other = MessageType === 'DIGEST' ? createHash(hashOf(alg)).update(Buffer.from('other')).digest() : Buffer.from('other');
          await assertKmsError(kms.send(new VerifyCommand({ KeyId: keyId, Message: other, MessageType, Signature: signed.Signature!, SigningAlgorithm: alg as never })),
            'KMSInvalidSignatureException', 'UnknownError');
        }
      }
    });
  }
});

describe('Ed25519 and ML-DSA', () => {
  test('ED25519_SHA_512 signs RAW messages (pure Ed25519, node:crypto verifies); ED25519_PH_SHA_512 signs a SHA-512 DIGEST (Ed25519ph, @noble verifies)', async () => {
    const { keyId, spki } = await createSigningKey('ECC_NIST_EDWARDS25519');
    const pure = await kms.send(new SignCommand({ KeyId: keyId, Message: message, SigningAlgorithm: 'ED25519_SHA_512' }));
    assert.equal(nodeVerify(null, message, createPublicKey({ key: spki, format: 'der', type: 'spki' }), pure.Signature!), true);
    const digest = createHash('sha512').update(message).digest();
    const ph = await kms.send(new SignCommand({ KeyId: keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ED25519_PH_SHA_512' }));
    const raw = spki.subarray(spki.length - 32);
    assert.equal(ed25519ph.verify(ph.Signature!, message, raw, { zip215: false }), true);
    await kms.send(new VerifyCommand({ KeyId: keyId, Message: digest, MessageType: 'DIGEST', Signature: ph.Signature!, SigningAlgorithm: 'ED25519_PH_SHA_512' }));
    await kms.send(new VerifyCommand({ KeyId: keyId, Message: message, Signature: pure.Signature!, SigningAlgorithm: 'ED25519_SHA_512' }));
    await assertKmsError(kms.send(new SignCommand({ KeyId: keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ED25519_SHA_512' })),
      'ValidationException', 'MessageType DIGEST is not supported for signing algorithm ED25519_SHA_512.');
    await assertKmsError(kms.send(new SignCommand({ KeyId: keyId, Message: message, SigningAlgorithm: 'ED25519_PH_SHA_512' })),
      'ValidationException', 'MessageType RAW is not supported for signing algorithm ED25519_PH_SHA_512.');
  });

  for (const [spec, dsa] of [['ML_DSA_44', ml_dsa44], ['ML_DSA_65', ml_dsa65], ['ML_DSA_87', ml_dsa87]] as const) {
    test(`${spec}: RAW and EXTERNAL_MU signatures verify with @noble/post-quantum and in Trent`, async () => {
      const { keyId, spki } = await createSigningKey(spec);
      const publicKey = spki.subarray(spki.length - dsa.lengths.publicKey!);
      const signed = await kms.send(new SignCommand({ KeyId: keyId, Message: message, SigningAlgorithm: 'ML_DSA_SHAKE_256' }));
      assert.equal(dsa.verify(signed.Signature!, message, publicKey), true);
      // μ = SHAKE256(SHAKE256(pk, 64) ‖ 0x00 ‖ 0x00 ‖ M, 64) (FIPS 204 §6.2, empty context).
      const tr = createHash('shake256', { outputLength: 64 }).update(publicKey).digest();
      const mu = createHash('shake256', { outputLength: 64 }).update(tr).update(Buffer.of(0, 0)).update(message).digest();
      const external = await kms.send(new SignCommand({ KeyId: keyId, Message: mu, MessageType: 'EXTERNAL_MU', SigningAlgorithm: 'ML_DSA_SHAKE_256' }));
      assert.equal(dsa.verify(external.Signature!, message, publicKey), true, 'a μ signature is an ordinary ML-DSA signature of M');
      await kms.send(new VerifyCommand({ KeyId: keyId, Message: message, Signature: external.Signature!, SigningAlgorithm: 'ML_DSA_SHAKE_256' }));
      await assertKmsError(kms.send(new SignCommand({ KeyId: keyId, Message: mu.subarray(1), MessageType: 'EXTERNAL_MU', SigningAlgorithm: 'ML_DSA_SHAKE_256' })),
        'ValidationException', 'Digest is invalid length for algorithm ML_DSA_SHAKE_256.');
      await assertKmsError(kms.send(new SignCommand({ KeyId: keyId, Message: mu, MessageType: 'DIGEST', SigningAlgorithm: 'ML_DSA_SHAKE_256' })),
        'ValidationException', 'MessageType DIGEST is not supported for signing algorithm ML_DSA_SHAKE_256.');
    });
  }
});

describe('Sign and Verify errors', () => {
  test('a digest of the wrong length is a ValidationException (recorded text)', async () => {
    const { keyId } = await createSigningKey('ECC_NIST_P256');
    for (const length of [0, 31, 33, 64]) {
      if (length === 0) continue; // the model's length constraint answers first
      await assertKmsError(kms.send(new SignCommand({ KeyId: keyId, Message: Buffer.alloc(length, 1), MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' })),
        'ValidationException', 'Digest is invalid length for algorithm ECDSA_SHA_256.');
    }
  });

  test('an algorithm the key spec does not offer is InvalidKeyUsageException', async () => {
    const { keyId } = await createSigningKey('ECC_NIST_P256');
    await assertKmsError(kms.send(new SignCommand({ KeyId: keyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_384' })),
      'InvalidKeyUsageException', 'Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256.');
    await assertKmsError(kms.send(new SignCommand({ KeyId: keyId, Message: message, SigningAlgorithm: 'RSASSA_PSS_SHA_256' })),
      'InvalidKeyUsageException', 'Algorithm RSASSA_PSS_SHA_256 is incompatible with key spec ECC_NIST_P256.');
  });

  test('a message over 4096 bytes is refused by validation; 4096 bytes sign', async () => {
    const { keyId } = await createSigningKey('ECC_NIST_P256');
    await kms.send(new SignCommand({ KeyId: keyId, Message: Buffer.alloc(4096, 1), SigningAlgorithm: 'ECDSA_SHA_256' }));
    const res = await server.raw('Sign', { KeyId: keyId, Message: Buffer.alloc(4097, 1).toString('base64'), SigningAlgorithm: 'ECDSA_SHA_256' });
    assert.deepEqual({ status: res.status, body: res.body }, { status: 400, body: { __type: 'ValidationException',
      message: "1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length less than or equal to 4096" } });
  });

  test('Sign with a symmetric or HMAC key, Verify with a symmetric key: InvalidKeyUsageException (recorded texts)', async () => {
    const sym = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const mac = (await kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }))).KeyMetadata!;
    await assertKmsError(kms.send(new SignCommand({ KeyId: mac.KeyId!, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' })),
      'InvalidKeyUsageException', `${mac.Arn} key usage is GENERATE_VERIFY_MAC which is not valid for Sign.`);
    await assertKmsError(kms.send(new VerifyCommand({ KeyId: sym.KeyId!, Message: message, Signature: Buffer.alloc(64), SigningAlgorithm: 'ECDSA_SHA_256' })),
      'InvalidKeyUsageException', `${sym.Arn} key usage is ENCRYPT_DECRYPT which is not valid for Verify.`);
  });

  test('a failed Verify is KMSInvalidSignatureException with no message, over raw HTTP', async () => {
    const { keyId } = await createSigningKey('RSA_2048');
    const res = await server.raw('Verify', { KeyId: keyId, Message: message.toString('base64'), Signature: Buffer.alloc(256, 3).toString('base64'), SigningAlgorithm: 'RSASSA_PSS_SHA_256' });
    assert.deepEqual({ status: res.status, body: res.body }, { status: 400, body: { __type: 'KMSInvalidSignatureException' } });
  });
});
