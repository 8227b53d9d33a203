import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDecipheriv } from 'node:crypto';
import { RootKey, type SealBinding } from '../../../src/crypto/at-rest.js';

const rawKey = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const binding: SealBinding = {
  purpose: 'key-material',
  id: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  version: 1,
};
const openFailure = { name: 'Error', message: 'sealed value failed to open: wrong root key or corrupted data' };
const parseFailure = { message: 'root key must be 32 bytes, written as 64 hex characters or as base64' };

test('a sealed value opens with the same root key and binding', () => {
  const root = RootKey.fromBytes(rawKey);
  for (const size of [0, 1, 32, 1000]) {
    const secret = Buffer.alloc(size, 0x5a);
    const sealed = root.seal(secret, binding);
    assert.equal(sealed.length, 1 + 12 + size + 16);
    assert.equal(sealed[0], 0x01);
    assert.deepEqual(root.open(sealed, binding), secret);
  }
});

test('the sealed format is 0x01 ‖ IV ‖ AES-256-GCM ciphertext ‖ tag with the length-prefixed binding as AAD', () => {
  const iv = Buffer.alloc(12, 0xaa);
  const root = RootKey.fromBytes(rawKey, { randomBytes: () => Buffer.from(iv) });
  const sealed = Buffer.from(root.seal(Buffer.from('material'), { purpose: 'p', id: 'id', version: 7 }));
  assert.deepEqual(sealed.subarray(1, 13), iv);
  const str = (s: string) => Buffer.concat([Buffer.from([0, 0, 0, Buffer.byteLength(s)]), Buffer.from(s)]);
  const aad = Buffer.concat([str('trent at-rest v1'), str('p'), str('id'), Buffer.from('00000007', 'hex')]);
  const decipher = createDecipheriv('aes-256-gcm', rawKey, iv, { authTagLength: 16 });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  const plaintext = Buffer.concat([decipher.update(sealed.subarray(13, sealed.length - 16)), decipher.final()]);
  assert.equal(plaintext.toString(), 'material');
});

test('a sealed value copied to another purpose, id or version fails to open', () => {
  const root = RootKey.fromBytes(rawKey);
  const sealed = root.seal(Buffer.from('secret'), binding);
  assert.throws(() => root.open(sealed, { ...binding, purpose: 'access-key-secret' }), openFailure);
  assert.throws(() => root.open(sealed, { ...binding, id: binding.id.replace('1234abcd', '1234abce') }), openFailure);
  assert.throws(() => root.open(sealed, { ...binding, version: 2 }), openFailure);
});

test('length prefixes keep bindings that concatenate alike apart', () => {
  const root = RootKey.fromBytes(rawKey);
  const sealed = root.seal(Buffer.from('secret'), { purpose: 'ab', id: 'c', version: 1 });
  assert.throws(() => root.open(sealed, { purpose: 'a', id: 'bc', version: 1 }), openFailure);
});

test('a sealed value fails to open under another root key', () => {
  const sealed = RootKey.fromBytes(rawKey).seal(Buffer.from('secret'), binding);
  const other = RootKey.fromBytes(Buffer.alloc(32, 1));
  assert.throws(() => other.open(sealed, binding), openFailure);
});

test('a corrupted, truncated, extended or re-versioned sealed value fails to open with the same error', () => {
  const root = RootKey.fromBytes(rawKey);
  const sealed = Buffer.from(root.seal(Buffer.from('secret'), binding));
  for (let i = 0; i < sealed.length; i++) {
    const flipped = Buffer.from(sealed);
    flipped[i]! ^= 0x01;
    assert.throws(() => root.open(flipped, binding), openFailure);
  }
  for (let cut = 1; cut <= sealed.length; cut++) {
    assert.throws(() => root.open(sealed.subarray(0, sealed.length - cut), binding), openFailure);
  }
  assert.throws(() => root.open(Buffer.concat([sealed, Buffer.of(0)]), binding), openFailure);
});

test('RootKey.fromBytes copies the bytes, so later changes to the buffer do not change the key', () => {
  const bytes = Buffer.from(rawKey);
  const root = RootKey.fromBytes(bytes);
  const sealed = root.seal(Buffer.from('secret'), binding);
  bytes.fill(0);
  assert.deepEqual(root.open(sealed, binding), Buffer.from('secret'));
});

test('RootKey.fromBytes refuses anything but 32 bytes', () => {
  for (const size of [0, 16, 31, 33, 64]) {
    assert.throws(() => RootKey.fromBytes(Buffer.alloc(size)), { message: 'root key must be exactly 32 bytes' });
  }
});

test('RootKey.parse accepts 64 hex characters in either case and standard base64, ignoring surrounding whitespace', () => {
  const reference = RootKey.fromBytes(rawKey).checkValue();
  const spellings = [
    rawKey.toString('hex'),
    rawKey.toString('hex').toUpperCase(),
    rawKey.toString('base64'),
    `  ${rawKey.toString('base64')}\n`,
    `${rawKey.toString('hex')}\n`,
  ];
  for (const text of spellings) assert.equal(RootKey.parse(text).verifyCheckValue(reference), true, text);
});

test('RootKey.parse refuses wrong lengths and malformed text without echoing it', () => {
  const secretish = rawKey.toString('hex');
  const bad = [
    '',
    secretish.slice(0, 62), // 31 bytes of hex
    `${secretish}00`, // 33 bytes of hex
    `${secretish.slice(0, 63)}g`, // not hex
    Buffer.alloc(31, 1).toString('base64'),
    Buffer.alloc(33, 1).toString('base64'),
    rawKey.toString('base64').replace('=', ''), // unpadded
    rawKey.toString('base64url'), // another alphabet
    `${rawKey.toString('base64').slice(0, 42)}B=`, // non-canonical trailing bits
    `${rawKey.toString('base64').slice(0, 20)} ${rawKey.toString('base64').slice(20)}`, // junk inside
  ];
  for (const text of bad) {
    assert.throws(() => RootKey.parse(text), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.equal(error.message, parseFailure.message);
      return true;
    }, JSON.stringify(text));
  }
});

test('a check value verifies under the root key that made it and under no other', () => {
  const root = RootKey.fromBytes(rawKey);
  const check = root.checkValue();
  assert.equal(root.verifyCheckValue(check), true);
  assert.equal(RootKey.fromBytes(rawKey).verifyCheckValue(check), true);
  assert.equal(RootKey.fromBytes(Buffer.alloc(32, 1)).verifyCheckValue(check), false);
  assert.equal(root.verifyCheckValue(new Uint8Array(0)), false);
  assert.equal(root.verifyCheckValue(root.seal(Buffer.from('trent root key check v1'), binding)), false);
});

test('inspecting or serialising a RootKey never shows its bytes', async () => {
  const { inspect } = await import('node:util');
  const root = RootKey.fromBytes(rawKey);
  const shown = `${inspect(root, { showHidden: true, depth: 5 })} ${JSON.stringify(root)}`;
  assert.ok(!shown.includes(rawKey.toString('hex')) && !shown.includes(rawKey.toString('base64')), shown);
});
