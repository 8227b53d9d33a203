import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SerializationException } from '../../../src/api/errors.js';
import { decodeInput, encodeOutput } from '../../../src/protocol/serde.js';

const body = (v: unknown): Buffer => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));

function assertSerialization(shape: string, raw: Buffer, message: string): void {
  assert.throws(() => decodeInput(shape, raw), (e: unknown) => {
    assert.ok(e instanceof SerializationException, String(e));
    assert.equal(e.name, 'SerializationException');
    assert.equal(e.message, message);
    return true;
  });
}

test('an empty body and {} are an empty input', () => {
  assert.deepEqual(decodeInput('ListKeysRequest', Buffer.alloc(0)), {});
  assert.deepEqual(decodeInput('ListKeysRequest', body('{}')), {});
});

test('Encrypt decodes strings, a base64 blob, a map and a list', () => {
  const input = decodeInput('EncryptRequest', body({
    KeyId: 'alias/a', Plaintext: 'aGVsbG8=', EncryptionContext: { a: 'b' }, GrantTokens: ['t'], DryRun: false,
  }));
  assert.equal(input['KeyId'], 'alias/a');
  assert.ok(Buffer.isBuffer(input['Plaintext']));
  assert.equal((input['Plaintext'] as Buffer).toString(), 'hello');
  assert.deepEqual({ ...(input['EncryptionContext'] as object) }, { a: 'b' });
  assert.deepEqual(input['GrantTokens'], ['t']);
  assert.equal(input['DryRun'], false);
});

test('unknown members are ignored and null members are absent', () => {
  const input = decodeInput('DescribeKeyRequest', body({ KeyId: 'k', Bogus: { deep: [1] }, GrantTokens: null }));
  assert.deepEqual(input, { KeyId: 'k' });
});

test('a __proto__ encryption-context key stays data on a null-prototype map', () => {
  const raw = Buffer.from('{"KeyId":"k","Plaintext":"AA==","EncryptionContext":{"__proto__":"x","constructor":"y"}}');
  const ctx = decodeInput('EncryptRequest', raw)['EncryptionContext'] as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(ctx), null);
  assert.deepEqual(Object.keys(ctx), ['__proto__', 'constructor']);
  assert.equal(ctx['__proto__'], 'x');
  assert.equal(({} as Record<string, unknown>)['x'], undefined);
});

test('malformed JSON, invalid UTF-8 and non-object bodies are SerializationException without a message', () => {
  for (const raw of ['{', '{"KeyId":', 'nope', '[]', '"s"', '1', 'null', 'true', ' ']) {
    assertSerialization('DescribeKeyRequest', body(raw), '');
  }
  assertSerialization('DescribeKeyRequest', Buffer.from([0x7b, 0x22, 0x87, 0x22, 0x3a, 0x31, 0x7d]), '');
});

test('strings: a number, boolean, object or list is refused with the Coral texts', () => {
  assertSerialization('DescribeKeyRequest', body({ KeyId: 1 }),
    'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String');
  assertSerialization('DescribeKeyRequest', body({ KeyId: true }), 'class java.lang.Boolean can not be converted to an String');
  assertSerialization('DescribeKeyRequest', body({ KeyId: {} }), 'Start of structure or map found where not expected.');
  assertSerialization('DescribeKeyRequest', body({ KeyId: ['k'] }), 'Start of list found where not expected');
});

test('enums must be strings; membership is left to validation', () => {
  assert.equal(decodeInput('EncryptRequest', body({ EncryptionAlgorithm: 'NOPE' }))['EncryptionAlgorithm'], 'NOPE');
  assertSerialization('EncryptRequest', body({ EncryptionAlgorithm: 3 }),
    'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String');
});

test('integers: strings, fractions and values outside 32 bits are refused', () => {
  assert.equal(decodeInput('GenerateRandomRequest', body({ NumberOfBytes: 32 }))['NumberOfBytes'], 32);
  assert.equal(decodeInput('GenerateRandomRequest', body('{"NumberOfBytes":2147483647}'))['NumberOfBytes'], 2147483647);
  assertSerialization('GenerateRandomRequest', body({ NumberOfBytes: '32' }), 'class java.lang.String can not be converted to an Integer');
  assertSerialization('GenerateRandomRequest', body({ NumberOfBytes: true }), 'class java.lang.Boolean can not be converted to an Integer');
  assertSerialization('GenerateRandomRequest', body({ NumberOfBytes: 1.5 }), 'Numeric value (1.5) is not an integer');
  assertSerialization('GenerateRandomRequest', body('{"NumberOfBytes":2147483648}'),
    'Numeric value (2147483648) out of range of int (-2147483648 - 2147483647)');
  assertSerialization('GenerateRandomRequest', body('{"NumberOfBytes":1e400}'),
    'Numeric value (Infinity) out of range of int (-2147483648 - 2147483647)');
  assertSerialization('GenerateRandomRequest', body({ NumberOfBytes: { n: 1 } }), 'Start of structure or map found where not expected.');
});

test('booleans must be JSON booleans', () => {
  assert.equal(decodeInput('EncryptRequest', body({ DryRun: true }))['DryRun'], true);
  assertSerialization('EncryptRequest', body({ DryRun: 'true' }), 'class java.lang.String can not be converted to an Boolean');
  assertSerialization('EncryptRequest', body({ DryRun: 1 }),
    'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an Boolean');
});

test('blobs accept only canonical, padded, standard base64', () => {
  assert.deepEqual(decodeInput('DecryptRequest', body({ CiphertextBlob: '' }))['CiphertextBlob'], Buffer.alloc(0));
  assert.deepEqual(decodeInput('DecryptRequest', body({ CiphertextBlob: '+/+/' }))['CiphertextBlob'], Buffer.from([0xfb, 0xff, 0xbf]));
  assertSerialization('DecryptRequest', body({ CiphertextBlob: 'Foo' }),
    "'Foo' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3");
  assertSerialization('DecryptRequest', body({ CiphertextBlob: 'QQ' }),
    "'QQ' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 2");
  assertSerialization('DecryptRequest', body({ CiphertextBlob: '-_-_' }), "'-_-_' can not be converted to a Blob: Invalid Base64 character: '-'");
  assertSerialization('DecryptRequest', body({ CiphertextBlob: 'QQ==QQ==' }), "'QQ==QQ==' can not be converted to a Blob: Invalid Base64 character: '='");
  assertSerialization('DecryptRequest', body({ CiphertextBlob: 'QU J' }), "'QU J' can not be converted to a Blob: Invalid Base64 character: ' '");
  assertSerialization('DecryptRequest', body({ CiphertextBlob: 'QR==' }),
    "'QR==' can not be converted to a Blob: Invalid last non-pad Base64 character dectected");
  assertSerialization('DecryptRequest', body({ CiphertextBlob: 12 }),
    'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to a Blob');
  assertSerialization('DecryptRequest', body({ CiphertextBlob: false }), 'class java.lang.Boolean can not be converted to a Blob');
});

test('a bad sensitive blob (Plaintext) never appears in the message', () => {
  for (const [raw, msg] of [
    ['my secret', 'Value can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 9'],
    ['my secret!!!', 'Value can not be converted to a Blob: Invalid Base64 character'],
    ['c2VjcmV0IQ-_', 'Value can not be converted to a Blob: Invalid Base64 character'],
    ['c2VjcmV0IR==', 'Value can not be converted to a Blob: Invalid last non-pad Base64 character dectected'],
  ] as const) {
    assertSerialization('EncryptRequest', body({ KeyId: 'k', Plaintext: raw }), msg);
  }
  assertSerialization('EncryptRequest', body({ KeyId: 'k', Plaintext: { a: 1 } }), 'Start of structure or map found where not expected.');
});

test('timestamps are epoch seconds', () => {
  const input = decodeInput('ImportKeyMaterialRequest', body({ ValidTo: 1700000000.5 }));
  assert.equal((input['ValidTo'] as Date).toISOString(), '2023-11-14T22:13:20.500Z');
  assertSerialization('ImportKeyMaterialRequest', body({ ValidTo: '2023-11-14' }),
    'class java.lang.String can not be converted to milliseconds since epoch');
  assertSerialization('ImportKeyMaterialRequest', body({ ValidTo: 1e300 }), 'Numeric value (1e+300) out of range of timestamp');
});

test('lists, maps and structures refuse the wrong JSON kind', () => {
  assertSerialization('EncryptRequest', body({ GrantTokens: 't' }), 'Expected list or null');
  assertSerialization('EncryptRequest', body({ GrantTokens: { a: 't' } }), 'Start of structure or map found where not expected.');
  assertSerialization('EncryptRequest', body({ GrantTokens: [1] }),
    'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String');
  assertSerialization('EncryptRequest', body({ EncryptionContext: 'a=b' }), 'Expected map or null');
  assertSerialization('EncryptRequest', body({ EncryptionContext: ['a'] }), 'Start of list found where not expected');
  assertSerialization('EncryptRequest', body({ EncryptionContext: { a: 1 } }),
    'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String');
  assertSerialization('CreateKeyRequest', body({ Tags: ['k'] }), 'Expected null');
  assertSerialization('CreateKeyRequest', body({ Tags: [[]] }), 'Start of list found where not expected');
});

test('nested structures in lists decode member by member', () => {
  const input = decodeInput('CreateKeyRequest', body({ Tags: [{ TagKey: 'a', TagValue: 'b', Extra: 1 }, null] }));
  assert.deepEqual(input['Tags'], [{ TagKey: 'a', TagValue: 'b' }, null]);
});

test('outputs: bytes → base64, Date → epoch seconds with fraction, undefined omitted, unmodelled fields dropped', () => {
  const json = encodeOutput('EncryptResponse', {
    CiphertextBlob: new Uint8Array([1, 2, 3, 250]), KeyId: 'arn:aws:kms:us-east-1:111122223333:key/x',
    EncryptionAlgorithm: undefined, internal: 'never on the wire',
  });
  assert.equal(json, '{"CiphertextBlob":"AQID+g==","KeyId":"arn:aws:kms:us-east-1:111122223333:key/x"}');
  const meta = JSON.parse(encodeOutput('DescribeKeyResponse', {
    KeyMetadata: { KeyId: 'x', CreationDate: new Date(1700000000123), Enabled: true, EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] },
  })) as { KeyMetadata: Record<string, unknown> };
  assert.equal(meta.KeyMetadata['CreationDate'], 1700000000.123);
  assert.deepEqual(meta.KeyMetadata['EncryptionAlgorithms'], ['SYMMETRIC_DEFAULT']);
  assert.equal(meta.KeyMetadata['Enabled'], true);
});

test('outputs: a Buffer slice encodes only its own bytes; Unit output is {}', () => {
  const whole = Buffer.from([9, 9, 1, 2, 9]);
  assert.equal(encodeOutput('GenerateRandomResponse', { Plaintext: whole.subarray(2, 4) }), '{"Plaintext":"AQI="}');
  assert.equal(encodeOutput('GenerateRandomResponse', { Plaintext: new Uint8Array(whole.buffer, whole.byteOffset + 2, 2) }), '{"Plaintext":"AQI="}');
  assert.equal(encodeOutput('Unit', {}), '{}');
  assert.equal(encodeOutput('Unit', undefined), '{}');
});

test('outputs: maps with hostile keys and lists of structures', () => {
  const tags = encodeOutput('ListResourceTagsResponse', { Tags: [{ TagKey: 'a', TagValue: 'b' }], Truncated: false });
  assert.equal(tags, '{"Tags":[{"TagKey":"a","TagValue":"b"}],"Truncated":false}');
  const ctx = Object.assign(Object.create(null) as Record<string, string>, { __proto__: 'x' });
  Object.defineProperty(ctx, '__proto__', { value: 'x', enumerable: true });
  const grants = encodeOutput('ListGrantsResponse', { Grants: [{ Constraints: { EncryptionContextEquals: ctx } }] });
  assert.equal(grants, '{"Grants":[{"Constraints":{"EncryptionContextEquals":{"__proto__":"x"}}}]}');
});

test('outputs of the wrong type are an internal error naming the member, not the value', () => {
  assert.throws(() => encodeOutput('EncryptResponse', { CiphertextBlob: 'c2VjcmV0' }),
    { name: 'TypeError', message: 'output member CiphertextBlob must be a Uint8Array' });
  assert.throws(() => encodeOutput('DescribeKeyResponse', { KeyMetadata: { CreationDate: 5 } }),
    { name: 'TypeError', message: 'output member KeyMetadata.CreationDate must be a valid Date' });
});
