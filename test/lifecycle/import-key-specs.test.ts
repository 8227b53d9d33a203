/**
 * Imported HMAC and asymmetric key material end to end through the AWS SDK (issue 15 item 7), through
 * the import flow of issue 14: which specs import, in which format (raw HMAC keys of AWS's lengths,
 * PKCS#8 DER private keys), with which wrapping algorithms, and that what a local private key signs
 * verifies in Trent and the other way round; re-import, expiry, and the errors for the rest.
 * https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-conceptual.html
 */
import assert from 'node:assert/strict';
import {
  constants, createHmac, generateKeyPair, diffieHellman, publicEncrypt, randomBytes, sign, verify,
  type KeyObject,
} from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  CreateKeyCommand, DecryptCommand, DeleteImportedKeyMaterialCommand, DeriveSharedSecretCommand, DescribeKeyCommand, EnableKeyRotationCommand,
  GenerateMacCommand, GetParametersForImportCommand, GetPublicKeyCommand, ImportKeyMaterialCommand, RotateKeyOnDemandCommand, SignCommand,
  VerifyCommand, VerifyMacCommand, type AlgorithmSpec, type KeySpec, type KeyUsageType, type KMSClient, type WrappingKeySpec,
} from '@aws-sdk/client-kms';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { assertKmsError } from '../helpers/assert-kms-error.js';
import { advanceClock, daySeconds, serverNow } from '../helpers/dev-clock.js';
import { wrapForImport } from '../helpers/wrap-material.js';

/**
 * Key pairs made asynchronously: generateKeyPairSync blocks this process's event loop, which also
 * runs the test server, long enough under load (RSA-3072) for the client's socket to be reset.
 */
function keyPair(type: 'rsa' | 'ec', options: { modulusLength?: number; namedCurve?: string }): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, publicKey: KeyObject, privateKey: KeyObject): void => (error ? reject(error) : resolve({ publicKey, privateKey }));
    if (type === 'rsa') generateKeyPair('rsa', { modulusLength: options.modulusLength ?? 2048 }, done);
    else generateKeyPair('ec', { namedCurve: options.namedCurve ?? 'prime256v1' }, done);
  });
}

let server: TestServer;
let kms: KMSClient;

before(async () => {
  server = await startTestServer();
  kms = server.client();
});
after(() => server.close());

const badMaterial = 'The EncryptedKeyMaterial could not be decrypted with the wrapping key of the import token, or is not valid key material for this KMS key.';
const forever = { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' as const };

async function externalKey(KeySpec: KeySpec, KeyUsage: KeyUsageType): Promise<{ keyId: string; arn: string }> {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL', KeySpec, KeyUsage }));
  assert.deepEqual([KeyMetadata!.KeyState, KeyMetadata!.Origin, KeyMetadata!.KeySpec], ['PendingImport', 'EXTERNAL', KeySpec]);
  return { keyId: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn! };
}

async function importInto(keyId: string, material: Uint8Array, algorithm: AlgorithmSpec = 'RSA_AES_KEY_WRAP_SHA_256',
  spec: WrappingKeySpec = 'RSA_2048', extra: Record<string, unknown> = forever) {
  const p = await kms.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: spec }));
  return kms.send(new ImportKeyMaterialCommand({
    KeyId: keyId, ImportToken: p.ImportToken!, EncryptedKeyMaterial: wrapForImport(algorithm, p.PublicKey!, material), ...extra,
  }));
}

const pkcs8 = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'der' });
const spki = (key: KeyObject) => key.export({ type: 'spki', format: 'der' });

describe('imported HMAC key material', () => {
  const specs: Array<[KeySpec, 'sha224' | 'sha256' | 'sha384' | 'sha512', number, number]> = [
    ['HMAC_224', 'sha224', 28, 64], ['HMAC_256', 'sha256', 32, 64], ['HMAC_384', 'sha384', 48, 128], ['HMAC_512', 'sha512', 64, 128],
  ];
  for (const [spec, hash, min, max] of specs) {
    test(`${spec}: ${min} and ${max} bytes import and MAC as node:crypto does; ${min - 1} and ${max + 1} are refused`, async () => {
      const algorithm = `HMAC_SHA_${spec.slice(5) as '224' | '256' | '384' | '512'}` as const;
      const message = Buffer.from(`a message for ${spec}`);
      for (const length of [min - 1, max + 1]) {
        const key = await externalKey(spec, 'GENERATE_VERIFY_MAC');
        await assertKmsError(importInto(key.keyId, randomBytes(length), 'RSAES_OAEP_SHA_256'), 'InvalidCiphertextException', badMaterial);
        assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))).KeyMetadata!.KeyState, 'PendingImport');
      }
      for (const length of [min, max]) {
        const key = await externalKey(spec, 'GENERATE_VERIFY_MAC');
        const material = randomBytes(length);
        await importInto(key.keyId, material, length === min ? 'RSAES_OAEP_SHA_1' : 'RSAES_OAEP_SHA_256');
        const meta = (await kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))).KeyMetadata!;
        assert.deepEqual([meta.KeyState, meta.MacAlgorithms, meta.CurrentKeyMaterialId], ['Enabled', [algorithm], undefined]);
        const { Mac } = await kms.send(new GenerateMacCommand({ KeyId: key.keyId, MacAlgorithm: algorithm, Message: message }));
        assert.deepEqual(Buffer.from(Mac!), createHmac(hash, material).update(message).digest(), 'Trent MAC = local MAC');
        const local = createHmac(hash, material).update(Buffer.from('local')).digest();
        assert.equal((await kms.send(new VerifyMacCommand({ KeyId: key.keyId, MacAlgorithm: algorithm, Message: Buffer.from('local'), Mac: local }))).MacValid, true);
      }
    });
  }

  test('HMAC: expire by the clock, re-import the same key (the MAC is the same), other material is IncorrectKeyMaterialException', async () => {
    const key = await externalKey('HMAC_256', 'GENERATE_VERIFY_MAC');
    const material = randomBytes(40);
    const now = (await serverNow(server.endpoint)).getTime();
    await importInto(key.keyId, material, 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_3072', { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(now + daySeconds * 1000) });
    const mac = async () => (await kms.send(new GenerateMacCommand({ KeyId: key.keyId, MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from('m') }))).Mac!;
    const first = await mac();
    await advanceClock(server.endpoint, 2 * daySeconds);
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))).KeyMetadata!.KeyState, 'PendingImport');
    await assertKmsError(mac(), 'KMSInvalidStateException', `${key.arn} is pending import.`);
    await assertKmsError(importInto(key.keyId, randomBytes(40)), 'IncorrectKeyMaterialException',
      'The key material in the request is not the key material previously imported into this KMS key.');
    await importInto(key.keyId, material);
    assert.deepEqual(Buffer.from(await mac()), Buffer.from(first));
  });
});

describe('imported asymmetric key material (PKCS#8 DER private keys)', () => {
  test('RSA_2048 signing: RSAES_OAEP is refused; through RSA_AES_KEY_WRAP the public key is ours and signatures verify both ways', async () => {
    const { privateKey, publicKey } = (await keyPair('rsa', { modulusLength: 2048 }));
    const key = await externalKey('RSA_2048', 'SIGN_VERIFY');
    for (const algorithm of ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] as const) {
      await assertKmsError(kms.send(new GetParametersForImportCommand({ KeyId: key.keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: 'RSA_4096' })), 'ValidationException',
        `The wrapping algorithm ${algorithm} cannot wrap RSA_2048 private key material. Use RSA_AES_KEY_WRAP_SHA_256 or RSA_AES_KEY_WRAP_SHA_1.`);
    }
    await importInto(key.keyId, pkcs8(privateKey), 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_4096');
    const got = await kms.send(new GetPublicKeyCommand({ KeyId: key.keyId }));
    assert.deepEqual(Buffer.from(got.PublicKey!), spki(publicKey));
    const message = Buffer.from('signed in Trent');
    const pss = { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
    const { Signature } = await kms.send(new SignCommand({ KeyId: key.keyId, Message: message, SigningAlgorithm: 'RSASSA_PSS_SHA_256' }));
    assert.equal(verify('sha256', message, pss, Signature!), true, 'Trent signs, node:crypto verifies');
    const local = sign('sha384', Buffer.from('signed here'), privateKey);
    const checked = await kms.send(new VerifyCommand({ KeyId: key.keyId, Message: Buffer.from('signed here'), Signature: local, SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_384' }));
    assert.equal(checked.SignatureValid, true, 'node:crypto signs, Trent verifies');
  });

  test('RSA_3072 encryption: a locally encrypted ciphertext decrypts in Trent', async () => {
    const { privateKey, publicKey } = (await keyPair('rsa', { modulusLength: 3072 }));
    const key = await externalKey('RSA_3072', 'ENCRYPT_DECRYPT');
    await importInto(key.keyId, pkcs8(privateKey), 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_2048');
    const blob = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from('secret'));
    const out = await kms.send(new DecryptCommand({ KeyId: key.keyId, CiphertextBlob: blob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    assert.equal(Buffer.from(out.Plaintext!).toString(), 'secret');
  });

  const curves: Array<[KeySpec, string, 'sha256' | 'sha384' | 'sha512', AlgorithmSpec, WrappingKeySpec]> = [
    ['ECC_NIST_P256', 'prime256v1', 'sha256', 'RSAES_OAEP_SHA_256', 'RSA_2048'],
    ['ECC_NIST_P384', 'secp384r1', 'sha384', 'RSAES_OAEP_SHA_1', 'RSA_2048'],
    // A P-521 PKCS#8 (241 bytes) is too long for RSA-2048 OAEP: RSA_3072 carries it.
    ['ECC_NIST_P521', 'secp521r1', 'sha512', 'RSAES_OAEP_SHA_256', 'RSA_3072'],
    ['ECC_SECG_P256K1', 'secp256k1', 'sha256', 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_2048'],
  ];
  for (const [spec, namedCurve, hash, wrapping, wrappingSpec] of curves) {
    test(`${spec} signing (${wrapping}): GetPublicKey is the local public key; ECDSA verifies both ways`, async () => {
      const { privateKey, publicKey } = (await keyPair('ec', { namedCurve }));
      const key = await externalKey(spec, 'SIGN_VERIFY');
      await importInto(key.keyId, pkcs8(privateKey), wrapping, wrappingSpec);
      assert.deepEqual(Buffer.from((await kms.send(new GetPublicKeyCommand({ KeyId: key.keyId }))).PublicKey!), spki(publicKey));
      const algorithm = `ECDSA_SHA_${hash.slice(3) as '256' | '384' | '512'}` as const;
      const message = Buffer.from(`ecdsa ${spec}`);
      const { Signature } = await kms.send(new SignCommand({ KeyId: key.keyId, Message: message, SigningAlgorithm: algorithm }));
      assert.equal(verify(hash, message, publicKey, Signature!), true, 'Trent signs (DER), node:crypto verifies');
      const local = sign(hash, message, privateKey);
      assert.equal((await kms.send(new VerifyCommand({ KeyId: key.keyId, Message: message, Signature: local, SigningAlgorithm: algorithm }))).SignatureValid, true);
    });
  }

  test('ECC_NIST_P256 key agreement: DeriveSharedSecret equals local ECDH', async () => {
    const mine = (await keyPair('ec', { namedCurve: 'prime256v1' }));
    const peer = (await keyPair('ec', { namedCurve: 'prime256v1' }));
    const key = await externalKey('ECC_NIST_P256', 'KEY_AGREEMENT');
    await importInto(key.keyId, pkcs8(mine.privateKey));
    const out = await kms.send(new DeriveSharedSecretCommand({ KeyId: key.keyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: spki(peer.publicKey) }));
    assert.deepEqual(Buffer.from(out.SharedSecret!), diffieHellman({ privateKey: peer.privateKey, publicKey: mine.publicKey }));
  });

  test('material of another spec, another size, not PKCS#8, or with a foreign public key is refused alike; nothing is written', async () => {
    const key = await externalKey('ECC_NIST_P256', 'SIGN_VERIFY');
    const p256 = (await keyPair('ec', { namedCurve: 'prime256v1' }));
    const other = (await keyPair('ec', { namedCurve: 'prime256v1' }));
    // A PKCS#8 whose embedded public key belongs to another private key: both DER encodings end
    // with the uncompressed point (0x04 || x || y, 65 bytes for P-256), so the tail is swapped.
    // (Node 24 refuses to build such a key from a JWK, so it is made at the DER level.)
    const own = pkcs8(p256.privateKey);
    const foreignPoint = other.publicKey.export({ type: 'spki', format: 'der' }).subarray(-65);
    const mismatched = Buffer.concat([own.subarray(0, own.length - 65), foreignPoint]);
    const wrong = [
      pkcs8((await keyPair('ec', { namedCurve: 'secp384r1' })).privateKey),
      pkcs8((await keyPair('ec', { namedCurve: 'secp256k1' })).privateKey),
      pkcs8((await keyPair('rsa', { modulusLength: 2048 })).privateKey),
      p256.privateKey.export({ type: 'sec1', format: 'der' }),
      mismatched,
      randomBytes(32),
    ];
    for (const material of wrong) await assertKmsError(importInto(key.keyId, material), 'InvalidCiphertextException', badMaterial);
    const rsa = await externalKey('RSA_2048', 'SIGN_VERIFY');
    await assertKmsError(importInto(rsa.keyId, pkcs8((await keyPair('rsa', { modulusLength: 3072 })).privateKey)), 'InvalidCiphertextException', badMaterial);
    for (const k of [key, rsa]) assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: k.keyId }))).KeyMetadata!.KeyState, 'PendingImport');
    await importInto(key.keyId, pkcs8(p256.privateKey));
    assert.deepEqual(Buffer.from((await kms.send(new GetPublicKeyCommand({ KeyId: key.keyId }))).PublicKey!), spki(p256.publicKey));
  });

  test('one material for life: re-import after deletion (any encoding of the same key), no NEW_KEY_MATERIAL, no KeyMaterialId, no rotation', async () => {
    const { privateKey, publicKey } = (await keyPair('ec', { namedCurve: 'secp256k1' }));
    const key = await externalKey('ECC_SECG_P256K1', 'SIGN_VERIFY');
    const first = await importInto(key.keyId, pkcs8(privateKey));
    const message = Buffer.from('before deletion');
    const { Signature } = await kms.send(new SignCommand({ KeyId: key.keyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' }));
    await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.keyId }));
    await assertKmsError(kms.send(new GetPublicKeyCommand({ KeyId: key.keyId })), 'KMSInvalidStateException', `${key.arn} is pending import.`);
    await assertKmsError(importInto(key.keyId, pkcs8((await keyPair('ec', { namedCurve: 'secp256k1' })).privateKey)), 'IncorrectKeyMaterialException',
      'The key material in the request is not the key material previously imported into this KMS key.');
    // The same key in another valid encoding, without the optional public key (RFC 5915 §3): Trent
    // compares keys, not encodings.
    const d = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
    const again = await importInto(key.keyId, secp256k1Pkcs8WithoutPublicKey(d));
    assert.equal(again.KeyMaterialId, first.KeyMaterialId);
    assert.equal((await kms.send(new VerifyCommand({ KeyId: key.keyId, Message: message, Signature: Signature!, SigningAlgorithm: 'ECDSA_SHA_256' }))).SignatureValid, true);

    const p = await kms.send(new GetParametersForImportCommand({ KeyId: key.keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
    const wrapped = wrapForImport('RSAES_OAEP_SHA_256', p.PublicKey!, pkcs8(privateKey));
    await assertKmsError(kms.send(new ImportKeyMaterialCommand({ KeyId: key.keyId, ImportToken: p.ImportToken!, EncryptedKeyMaterial: wrapped, ...forever, ImportType: 'NEW_KEY_MATERIAL' })),
      'UnsupportedOperationException', `${key.arn} has key spec ECC_SECG_P256K1: NEW_KEY_MATERIAL can be imported into symmetric encryption keys only.`);
    await assertKmsError(kms.send(new ImportKeyMaterialCommand({ KeyId: key.keyId, ImportToken: p.ImportToken!, EncryptedKeyMaterial: wrapped, ...forever, KeyMaterialId: first.KeyMaterialId })),
      'ValidationException', 'KeyMaterialId can be specified for symmetric encryption keys only.');
    // AWS's message is empty (RECORDED); the SDK reports an empty message as 'UnknownError'.
    await assertKmsError(kms.send(new RotateKeyOnDemandCommand({ KeyId: key.keyId })), 'UnsupportedOperationException', 'UnknownError');
    await assertKmsError(kms.send(new EnableKeyRotationCommand({ KeyId: key.keyId })), 'UnsupportedOperationException', `${key.arn} origin is EXTERNAL which is not valid for this operation.`);
  });

  test('specs AWS does not import: Ed25519 and ML-DSA keys get no import parameters; SM2 keys are refused at CreateKey', async () => {
    for (const spec of ['ECC_NIST_EDWARDS25519', 'ML_DSA_44'] as const) {
      const key = await externalKey(spec, 'SIGN_VERIFY');
      await assertKmsError(kms.send(new GetParametersForImportCommand({ KeyId: key.keyId, WrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', WrappingKeySpec: 'RSA_2048' })),
        'UnsupportedOperationException', `Trent does not support imported key material for KeySpec ${spec} yet.`);
    }
    await assertKmsError(kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL', KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' })), 'UnsupportedOperationException',
      'KeySpec SM2 is not supported by this server.');
  });
});

/** PrivateKeyInfo (RFC 5208) { 0, { id-ecPublicKey, secp256k1 }, ECPrivateKey { 1, d } } in DER, by hand. */
function secp256k1Pkcs8WithoutPublicKey(d: Buffer): Buffer {
  assert.equal(d.length, 32);
  const inner = Buffer.concat([Buffer.from('30250201010420', 'hex'), d]);
  const algorithm = Buffer.from('301006072a8648ce3d020106052b8104000a', 'hex');
  return Buffer.concat([Buffer.from('303e020100', 'hex'), algorithm, Buffer.of(0x04, inner.length), inner]);
}
