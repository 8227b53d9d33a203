import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UnsupportedOperationException } from '../../../src/api/generated/errors.js';
import { dataKeySpecEntry, isSupportedKeySpec, keySpecEntry, keySpecs } from '../../../src/crypto/algorithms.js';
import { generateBackingKey, generateDataKey, toKeyObject } from '../../../src/crypto/symmetric-key.js';

const fill = (n: number) => Buffer.alloc(n, 0xab);

test('SYMMETRIC_DEFAULT is a 32-byte symmetric key for ENCRYPT_DECRYPT with SYMMETRIC_DEFAULT only', () => {
  const entry = keySpecEntry('SYMMETRIC_DEFAULT');
  assert.equal(entry.kind, 'symmetric');
  assert.equal(entry.backingKeyBytes, 32);
  assert.deepEqual(entry.usages, { ENCRYPT_DECRYPT: { encryptionAlgorithms: ['SYMMETRIC_DEFAULT'] } });
});

test('an unsupported or unknown key spec is refused in one place with UnsupportedOperationException', () => {
  for (const spec of ['SM2', 'constructor', '__proto__', 'toString', 'nope']) {
    assert.equal(isSupportedKeySpec(spec), false, spec);
    assert.throws(() => keySpecEntry(spec), (e: unknown) =>
      e instanceof UnsupportedOperationException && e.message === `KeySpec ${spec} is not supported by this server.`);
  }
  assert.equal(isSupportedKeySpec('SYMMETRIC_DEFAULT'), true);
  assert.equal(Object.keys(keySpecs).length, 17);
});

test('data key specs AES_128 and AES_256 are 16 and 32 bytes', () => {
  assert.equal(dataKeySpecEntry('AES_128').bytes, 16);
  assert.equal(dataKeySpecEntry('AES_256').bytes, 32);
  assert.equal(generateDataKey('AES_128', fill).length, 16);
  assert.equal(generateDataKey('AES_256', fill).length, 32);
});

test('GenerateDataKey NumberOfBytes from 1 to 1024 gives that many random bytes; anything else is refused', () => {
  assert.equal(generateDataKey(1, fill).length, 1);
  assert.equal(generateDataKey(1024, fill).length, 1024);
  for (const n of [0, -1, 1025, 1.5, Number.NaN]) assert.throws(() => generateDataKey(n, fill), RangeError, String(n));
});

test('a backing key is 32 bytes from the injected random source and wraps into a secret KeyObject', () => {
  const raw = generateBackingKey(fill);
  assert.deepEqual(raw, fill(32));
  const key = toKeyObject(raw);
  assert.equal(key.type, 'secret');
  assert.equal(key.symmetricKeySize, 32);
  assert.throws(() => toKeyObject(new Uint8Array(0)), RangeError);
  assert.throws(() => generateBackingKey(() => Buffer.alloc(31)), /wrong length/);
});
