import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeEncryptionContext, stringBytes } from '../../../src/crypto/encryption-context.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

test('an absent and an empty EncryptionContext encode to the same fixed four zero bytes', () => {
  assert.equal(hex(encodeEncryptionContext(undefined)), '00000000');
  assert.equal(hex(encodeEncryptionContext({})), '00000000');
});

test('the encoding is count ‖ (len key ‖ key ‖ len value ‖ value)… sorted by key bytes', () => {
  const encoded = encodeEncryptionContext({ b: '22', a: '1' });
  assert.equal(
    hex(encoded),
    '00000002' + '00000001' + '61' + '00000001' + '31' + '00000001' + '62' + '00000002' + '3232',
  );
});

test('pair order does not matter (AWS matches the context as a set of pairs)', () => {
  const one = encodeEncryptionContext({ purpose: 'test', tenant: 'a', 'aws:x': 'y' });
  const two = encodeEncryptionContext({ 'aws:x': 'y', tenant: 'a', purpose: 'test' });
  assert.deepEqual(one, two);
});

test('keys and values are case-sensitive', () => {
  const base = encodeEncryptionContext({ Tenant: 'Acme' });
  assert.notDeepEqual(base, encodeEncryptionContext({ tenant: 'Acme' }));
  assert.notDeepEqual(base, encodeEncryptionContext({ Tenant: 'acme' }));
});

test('length prefixes make {"a":"bc"} and {"ab":"c"} encode differently', () => {
  assert.notDeepEqual(encodeEncryptionContext({ a: 'bc' }), encodeEncryptionContext({ ab: 'c' }));
  assert.notDeepEqual(encodeEncryptionContext({ a: '', b: '' }), encodeEncryptionContext({ a: '\u0000\u0000\u0000\u0001b' }));
});

test('a pair with an empty value differs from no pair at all', () => {
  assert.notDeepEqual(encodeEncryptionContext({ a: '' }), encodeEncryptionContext({}));
});

test('a __proto__ key from JSON is an ordinary pair, and nothing comes from Object.prototype', () => {
  const context = JSON.parse('{"__proto__":"x","constructor":"y"}') as Record<string, string>;
  const encoded = encodeEncryptionContext(context);
  const expected = Buffer.concat([
    Buffer.from('00000002', 'hex'),
    Buffer.from('00000009', 'hex'), Buffer.from('__proto__'), Buffer.from('00000001', 'hex'), Buffer.from('x'),
    Buffer.from('0000000b', 'hex'), Buffer.from('constructor'), Buffer.from('00000001', 'hex'), Buffer.from('y'),
  ]);
  assert.deepEqual(encoded, expected);
  assert.notDeepEqual(encoded, encodeEncryptionContext(JSON.parse('{"__proto__":"z","constructor":"y"}')));
  // An object without own keys encodes as empty, even though Object.prototype has members.
  assert.deepEqual(encodeEncryptionContext(Object.create(null) as Record<string, string>), Buffer.alloc(4));
});

test('unicode keys and values are UTF-8, and pairs sort by UTF-8 bytes rather than UTF-16 units', () => {
  // U+FF61 is EF BD A1 in UTF-8 and 0xFF61 in UTF-16; U+1F600 is F0 9F 98 80 and 0xD83D 0xDE00.
  // UTF-8 order puts U+FF61 first; JS string order would put the emoji first.
  const encoded = encodeEncryptionContext({ '\u{1F600}': 'é', '\uFF61': 'ü' });
  assert.equal(
    hex(encoded),
    '00000002' + '00000003' + 'efbda1' + '00000002' + 'c3bc' + '00000004' + 'f09f9880' + '00000002' + 'c3a9',
  );
});

test('lone surrogates stay distinct from each other and from U+FFFD', () => {
  const contexts = [{ k: '\uD800' }, { k: '\uDC00' }, { k: '\uFFFD' }, { k: '\uD800\uDC00' }, { k: '\uDC00\uD800' }];
  const encodings = new Set(contexts.map((c) => hex(encodeEncryptionContext(c))));
  assert.equal(encodings.size, contexts.length);
  assert.equal(hex(stringBytes('\uD800')), 'eda080');
  assert.equal(hex(stringBytes('a\uDC00b')), '61edb08062');
  assert.equal(hex(stringBytes('\uD83D\uDE00')), 'f09f9880');
});

test('a non-string value is a TypeError (validation should have refused it)', () => {
  assert.throws(() => encodeEncryptionContext({ a: 1 } as unknown as Record<string, string>), TypeError);
});
