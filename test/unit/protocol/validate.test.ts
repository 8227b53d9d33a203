import { test } from 'node:test';
import assert from 'node:assert/strict';
import { schemas } from '../../../src/api/generated/schemas.js';
import { compileJavaPattern, validateInput } from '../../../src/protocol/validate.js';

test('every pattern in the model compiles to a unicode RegExp', () => {
  let count = 0;
  for (const [name, shape] of Object.entries(schemas)) {
    if (shape.type !== 'string' || shape.pattern === undefined) continue;
    const re = compileJavaPattern(shape.pattern);
    assert.ok(re.unicode, name);
    count++;
  }
  assert.ok(count >= 18, `only ${count} patterns found`);
});

test('compiled patterns keep Java semantics: whole-value match, \\s is ASCII whitespace, \\u escapes', () => {
  const desc = compileJavaPattern('^[a-zA-Z0-9:/_\\s.-]+$');
  assert.ok(desc.test('a b\tc'));
  assert.ok(!desc.test('a\u00a0b'), 'NBSP is not Java \\s');
  assert.ok(!desc.test('a\u2028b'));
  const policy = compileJavaPattern('^[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+$');
  assert.ok(policy.test('{\n\t"Version": "2012-10-17"\r\n}'));
  assert.ok(!policy.test('\u0100'));
  const unanchored = compileJavaPattern('[a-z]+');
  assert.ok(!unanchored.test('abc1'), 'Java matches() needs the whole value to match');
  const xks = compileJavaPattern('^(/[a-zA-Z0-9\\/_-]+/kms/xks/v\\d{1,2})$|^(/kms/xks/v\\d{1,2})$');
  assert.ok(xks.test('/kms/xks/v1'));
  assert.ok(xks.test('/a/b/kms/xks/v12'));
  assert.ok(!xks.test('/kms/xks/v123'));
});

test('no map key shape in the model has a constraint (map keys are not validated)', () => {
  for (const [name, shape] of Object.entries(schemas)) {
    if (shape.type !== 'map') continue;
    const key = schemas[shape.key]!;
    assert.ok(key.type === 'string' && key.length === undefined && key.pattern === undefined, `${name} key ${shape.key}`);
  }
});

test('a valid Encrypt input has no failures', () => {
  assert.deepEqual(validateInput('EncryptRequest', { KeyId: 'alias/x', Plaintext: Buffer.alloc(4096) }), []);
});

test('missing required members are reported in request-shape member order with lowerCamelCase paths', () => {
  assert.deepEqual(validateInput('EncryptRequest', {}), [
    { kind: 'required', path: 'keyId', sensitive: false },
    { kind: 'required', path: 'plaintext', sensitive: true },
  ]);
});

test('blob length counts bytes and marks the sensitive Plaintext', () => {
  const big = Buffer.alloc(4097);
  assert.deepEqual(validateInput('EncryptRequest', { KeyId: 'k', Plaintext: big }), [
    { kind: 'length', path: 'plaintext', sensitive: true, value: big, max: 4096 },
  ]);
  const empty = Buffer.alloc(0);
  assert.deepEqual(validateInput('EncryptRequest', { KeyId: 'k', Plaintext: empty }), [
    { kind: 'length', path: 'plaintext', sensitive: true, value: empty, min: 1 },
  ]);
});

test('string length counts code points, not UTF-16 units', () => {
  // TagValueType is 0..256: 256 astral characters are 512 UTF-16 units but 256 characters.
  const astral = '\u{1F600}'.repeat(256);
  const tags = [{ TagKey: 'k', TagValue: astral }];
  assert.deepEqual(validateInput('TagResourceRequest', { KeyId: 'k', Tags: tags }), []);
  const over = '\u{1F600}'.repeat(257);
  assert.deepEqual(validateInput('TagResourceRequest', { KeyId: 'k', Tags: [{ TagKey: 'k', TagValue: over }] }), [
    { kind: 'length', path: 'tags.1.member.tagValue', sensitive: false, value: over, max: 256 },
  ]);
});

test('list elements use 1-based tags.N.member paths', () => {
  const tags = [{ TagKey: 'ok', TagValue: 'v' }, { TagKey: 'a'.repeat(129), TagValue: 'v' }];
  assert.deepEqual(validateInput('CreateKeyRequest', { Tags: tags }), [
    { kind: 'length', path: 'tags.2.member.tagKey', sensitive: false, value: 'a'.repeat(129), max: 128 },
  ]);
});

test('a missing member inside a list element is required at its nested path', () => {
  assert.deepEqual(validateInput('CreateKeyRequest', { Tags: [{ TagKey: 'k' }] }), [
    { kind: 'required', path: 'tags.1.member.tagValue', sensitive: false },
  ]);
});

test('null list elements and null map values are reported as required', () => {
  assert.deepEqual(validateInput('EncryptRequest', {
    KeyId: 'k', Plaintext: Buffer.from('x'), GrantTokens: ['t', null], EncryptionContext: Object.assign(Object.create(null), { a: null }),
  }), [
    { kind: 'required', path: 'encryptionContext.a.member', sensitive: false },
    { kind: 'required', path: 'grantTokens.2.member', sensitive: false },
  ]);
});

test('list length counts entries', () => {
  const tokens = Array.from({ length: 11 }, () => 't');
  assert.deepEqual(validateInput('EncryptRequest', { KeyId: 'k', Plaintext: Buffer.from('x'), GrantTokens: tokens }), [
    { kind: 'length', path: 'grantTokens', sensitive: false, value: tokens, max: 10 },
  ]);
});

test('integer range reports the crossed bound only', () => {
  assert.deepEqual(validateInput('GenerateRandomRequest', { NumberOfBytes: 0 }), [
    { kind: 'range', path: 'numberOfBytes', sensitive: false, value: 0, min: 1 },
  ]);
  assert.deepEqual(validateInput('GenerateRandomRequest', { NumberOfBytes: 1025 }), [
    { kind: 'range', path: 'numberOfBytes', sensitive: false, value: 1025, max: 1024 },
  ]);
  assert.deepEqual(validateInput('GenerateRandomRequest', { NumberOfBytes: 1024 }), []);
});

test('enum membership carries the shape and its model values', () => {
  const failures = validateInput('GenerateMacRequest', { KeyId: 'k', Message: Buffer.from('m'), MacAlgorithm: 'INVALID' });
  assert.deepEqual(failures, [{
    kind: 'enum', path: 'macAlgorithm', sensitive: false, value: 'INVALID', shape: 'MacAlgorithmSpec',
    values: ['HMAC_SHA_224', 'HMAC_SHA_256', 'HMAC_SHA_384', 'HMAC_SHA_512'],
  }]);
});

test('a value breaking length and pattern is reported twice, length first', () => {
  assert.deepEqual(validateInput('CreateAliasRequest', { AliasName: '', TargetKeyId: 'k' }), [
    { kind: 'length', path: 'aliasName', sensitive: false, value: '', min: 1 },
    { kind: 'pattern', path: 'aliasName', sensitive: false, value: '', pattern: '^[a-zA-Z0-9:/_-]+$' },
  ]);
  assert.deepEqual(validateInput('CreateAliasRequest', { AliasName: 'alias/bad name', TargetKeyId: 'k' }), [
    { kind: 'pattern', path: 'aliasName', sensitive: false, value: 'alias/bad name', pattern: '^[a-zA-Z0-9:/_-]+$' },
  ]);
});

test('sensitive string members are flagged (XKS proxy secret)', () => {
  const failures = validateInput('XksProxyAuthenticationCredentialType', { AccessKeyId: 'short', RawSecretAccessKey: 'x'.repeat(43) });
  assert.deepEqual(failures.map((f) => [f.kind, f.path, f.sensitive]), [['length', 'accessKeyId', true], ['pattern', 'accessKeyId', true]]);
});
