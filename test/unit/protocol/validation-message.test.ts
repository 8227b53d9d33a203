import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateInput } from '../../../src/protocol/validate.js';
import { formatValidationMessage } from '../../../src/protocol/validation-message.js';

// Expected texts marked RECORDED are copied from docs/research/aws-kms-messages.md §4.

function message(shape: string, input: Record<string, unknown>): string {
  return formatValidationMessage(validateInput(shape, input));
}

test('GenerateRandom NumberOfBytes 0 and 1025 (RECORDED)', () => {
  assert.equal(message('GenerateRandomRequest', { NumberOfBytes: 0 }),
    "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1");
  assert.equal(message('GenerateRandomRequest', { NumberOfBytes: 1025 }),
    "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024");
});

test('Plaintext over 4096 bytes never echoes the value (RECORDED)', () => {
  const text = message('EncryptRequest', { KeyId: 'k', Plaintext: Buffer.from('s3cret'.repeat(700)) });
  assert.equal(text,
    "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096");
});

test('empty Plaintext (RECORDED, moto aws_verified)', () => {
  assert.equal(message('EncryptRequest', { KeyId: 'k', Plaintext: Buffer.alloc(0) }),
    "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1");
});

test('too-long tag key and value are echoed in full (RECORDED)', () => {
  assert.equal(message('CreateKeyRequest', { Tags: [{ TagKey: 'a'.repeat(129), TagValue: 'v' }] }),
    `1 validation error detected: Value '${'a'.repeat(129)}' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128`);
  assert.equal(message('CreateKeyRequest', { Tags: [{ TagKey: 'k', TagValue: 'v'.repeat(257) }] }),
    `1 validation error detected: Value '${'v'.repeat(257)}' at 'tags.1.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256`);
});

test('enum sets print in the recorded AWS order (MacAlgorithm, RECORDED)', () => {
  assert.equal(message('GenerateMacRequest', { KeyId: 'k', Message: Buffer.from('m'), MacAlgorithm: 'INVALID' }),
    "1 validation error detected: Value 'INVALID' at 'macAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [HMAC_SHA_384, HMAC_SHA_256, HMAC_SHA_224, HMAC_SHA_512]");
  assert.equal(message('DeriveSharedSecretRequest', { KeyId: 'k', KeyAgreementAlgorithm: 'INVALID', PublicKey: Buffer.from('p') }),
    "1 validation error detected: Value 'INVALID' at 'keyAgreementAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [ECDH]");
});

test('enum sets the model has grown since the recording keep the recorded prefix, new values after it', () => {
  assert.equal(message('CreateKeyRequest', { KeyUsage: 'RANDOM' }),
    "1 validation error detected: Value 'RANDOM' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: [ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC, KEY_AGREEMENT]");
  assert.equal(message('CreateKeyRequest', { KeySpec: 'HMAC_random' }),
    "1 validation error detected: Value 'HMAC_random' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [RSA_2048, ECC_NIST_P384, ECC_NIST_P256, ECC_NIST_P521, HMAC_384, RSA_3072, ECC_SECG_P256K1, RSA_4096, SYMMETRIC_DEFAULT, HMAC_256, HMAC_224, HMAC_512, ECC_NIST_EDWARDS25519, ML_DSA_44, ML_DSA_65, ML_DSA_87, SM2]");
});

test('enum sets without a recording print in model order', () => {
  assert.equal(message('GenerateDataKeyRequest', { KeyId: 'k', KeySpec: 'AES-256' }),
    "1 validation error detected: Value 'AES-256' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_128, AES_256]");
});

test('a missing required member is "Value null … Member must not be null"', () => {
  assert.equal(message('DescribeKeyRequest', {}),
    "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
});

test('several failures: plural, joined by "; ", in member order', () => {
  assert.equal(message('EncryptRequest', { GrantTokens: Array(11).fill('t') }),
    "3 validation errors detected: Value '[t, t, t, t, t, t, t, t, t, t, t]' at 'grantTokens' failed to satisfy constraint: Member must have length less than or equal to 10; "
    + "Value null at 'keyId' failed to satisfy constraint: Member must not be null; "
    + "Value null at 'plaintext' failed to satisfy constraint: Member must not be null");
});

test('pattern failures quote the model pattern as written', () => {
  assert.equal(message('CreateAliasRequest', { AliasName: 'alias/a b', TargetKeyId: 'k' }),
    "1 validation error detected: Value 'alias/a b' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
  assert.equal(message('CreateAliasRequest', { AliasName: '', TargetKeyId: 'k' }),
    "2 validation errors detected: Value '' at 'aliasName' failed to satisfy constraint: Member must have length greater than or equal to 1; "
    + "Value '' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
});

test('non-sensitive blobs are not echoed either (empty CiphertextBlob)', () => {
  assert.equal(message('DecryptRequest', { CiphertextBlob: Buffer.alloc(0) }),
    "1 validation error detected: Value at 'ciphertextBlob' failed to satisfy constraint: Member must have length greater than or equal to 1");
});

test('sensitive strings are never echoed, for length or pattern', () => {
  const text = message('XksProxyAuthenticationCredentialType', { AccessKeyId: 'secret-ak', RawSecretAccessKey: 'secret!'.repeat(7) });
  assert.ok(!text.includes('secret'), text);
  assert.equal(text, '3 validation errors detected: '
    + "Value at 'accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 20; "
    + "Value at 'accessKeyId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[A-Z2-7]+$; "
    + "Value at 'rawSecretAccessKey' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9\\/+=]+$");
});
