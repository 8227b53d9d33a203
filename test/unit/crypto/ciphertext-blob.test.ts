import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { InvalidCiphertextException } from '../../../src/api/generated/errors.js';
import { gcmOpen, gcmSeal } from '../../../src/crypto/aes-gcm.js';
import {
  ciphertextOverheadBytes,
  invalidCiphertextMessage,
  openSymmetric,
  parseCiphertextHeader,
  sealSymmetric,
  type SealSymmetricParams,
} from '../../../src/crypto/ciphertext-blob.js';

const keyId = '1234abcd-12ab-34cd-56ef-1234567890ab';
const otherKeyId = 'ffffffff-0000-4000-8000-000000000001';
const backingKey = createSecretKey(Buffer.alloc(32, 7));
const context = { purpose: 'unit-test', Tenant: 'Acme' };

/** Deterministic "randomness": 0x00, 0x01, 0x02, … */
const counting = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => i & 0xff));

function seal(plaintext: Uint8Array, overrides: Partial<SealSymmetricParams> = {}): Buffer {
  return sealSymmetric({ keyId, version: 3, backingKey, plaintext, encryptionContext: context, randomBytes, ...overrides });
}

/** Asserts that opening fails with exactly the one InvalidCiphertextException. */
function assertRefused(blob: Uint8Array, options: { context?: Record<string, string> | undefined; key?: KeyObject } = {}) {
  const encryptionContext = 'context' in options ? options.context : context;
  assert.throws(
    () => openSymmetric({ blob, backingKey: options.key ?? backingKey, encryptionContext }),
    (error: unknown) =>
      error instanceof InvalidCiphertextException &&
      error.name === 'InvalidCiphertextException' &&
      error.message === invalidCiphertextMessage,
  );
}

test('Encrypt then Decrypt with the same key and context returns the plaintext', () => {
  for (const size of [0, 1, 15, 16, 17, 4096]) {
    const plaintext = randomBytes(size);
    const blob = seal(plaintext);
    assert.equal(blob.length, size + ciphertextOverheadBytes);
    assert.deepEqual(openSymmetric({ blob, backingKey, encryptionContext: context }), plaintext);
  }
});

test('the blob layout is exactly the documented v1 format (independent re-implementation)', () => {
  const plaintext = Buffer.from('hello trent');
  const blob = seal(plaintext, { randomBytes: counting, encryptionContext: { a: 'b' } });
  const salt = counting(44).subarray(0, 32);
  const iv = counting(44).subarray(32);
  const header = Buffer.concat([
    Buffer.of(1), Buffer.from(keyId.replaceAll('-', ''), 'hex'), Buffer.from('00000003', 'hex'), salt,
  ]);
  // SP 800-108r1 counter mode, one block: HMAC(KI, [1]_32 ‖ Label ‖ 0x00 ‖ Context ‖ [256]_32).
  const messageKey = createHmac('sha256', Buffer.alloc(32, 7))
    .update(Buffer.concat([Buffer.from('00000001', 'hex'), Buffer.from('trent ciphertext v1'), Buffer.of(0), salt, Buffer.from('00000100', 'hex')]))
    .digest();
  const cipher = createCipheriv('aes-256-gcm', messageKey, iv);
  cipher.setAAD(Buffer.concat([header, Buffer.from('00000001' + '00000001' + '61' + '00000001' + '62', 'hex')]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  assert.deepEqual(blob, Buffer.concat([header, iv, body, cipher.getAuthTag()]));
});

test('two encryptions of the same plaintext differ (fresh salt and IV per message)', () => {
  assert.notDeepEqual(seal(Buffer.from('same')), seal(Buffer.from('same')));
});

test('the header names the key id and backing-key version without decrypting', () => {
  const blob = seal(Buffer.from('x'), { keyId: otherKeyId, version: 0xfffffffe });
  assert.deepEqual(parseCiphertextHeader(blob), { keyId: otherKeyId, version: 0xfffffffe });
});

test('Decrypt with the pairs of the EncryptionContext in another order succeeds', () => {
  const blob = seal(Buffer.from('x'));
  const reordered = { Tenant: 'Acme', purpose: 'unit-test' };
  assert.deepEqual(openSymmetric({ blob, backingKey, encryptionContext: reordered }), Buffer.from('x'));
});

test('Decrypt with a different EncryptionContext fails with InvalidCiphertextException', () => {
  const blob = seal(Buffer.from('x'));
  assertRefused(blob, { context: { purpose: 'unit-test', Tenant: 'acme' } }); // value case
  assertRefused(blob, { context: { purpose: 'unit-test', tenant: 'Acme' } }); // key case
  assertRefused(blob, { context: { purpose: 'unit-test' } }); // a pair missing
  assertRefused(blob, { context: { ...context, extra: '' } }); // a pair added
  assertRefused(blob, { context: undefined }); // no context at all
  assertRefused(seal(Buffer.from('x'), { encryptionContext: undefined }), { context });
});

test('an empty and an absent EncryptionContext are interchangeable', () => {
  const blob = seal(Buffer.from('x'), { encryptionContext: {} });
  assert.deepEqual(openSymmetric({ blob, backingKey, encryptionContext: undefined }), Buffer.from('x'));
});

test('flipping any single bit of any byte of a blob fails with the same InvalidCiphertextException', () => {
  const blob = seal(Buffer.from('sixteen byte msg'));
  let refused = 0;
  for (let i = 0; i < blob.length; i++) {
    for (const mask of [0x01, 0x80, 0xff]) {
      const tampered = Buffer.from(blob);
      tampered[i]! ^= mask;
      assertRefused(tampered);
      refused++;
    }
  }
  assert.equal(refused, 3 * (16 + ciphertextOverheadBytes));
});

test('a blob truncated by any number of bytes fails with InvalidCiphertextException', () => {
  const blob = seal(Buffer.from('sixteen byte msg'));
  for (let cut = 1; cut <= blob.length; cut++) assertRefused(blob.subarray(0, blob.length - cut));
});

test('a blob extended by a byte fails with InvalidCiphertextException', () => {
  const blob = seal(Buffer.from('x'));
  for (const extra of [0x00, 0x01, 0xff]) assertRefused(Buffer.concat([blob, Buffer.of(extra)]));
});

test('a blob opened with another backing key fails with InvalidCiphertextException', () => {
  const blob = seal(Buffer.from('x'));
  assertRefused(blob, { key: createSecretKey(Buffer.alloc(32, 8)) });
});

test('a blob whose key id or version is edited fails to open (the header is AAD)', () => {
  const blob = seal(Buffer.from('x'));
  const edited = Buffer.from(blob);
  edited.write(otherKeyId.replaceAll('-', ''), 1, 16, 'hex');
  assert.equal(parseCiphertextHeader(edited).keyId, otherKeyId);
  assertRefused(edited);
  const bumped = Buffer.from(blob);
  bumped.writeUInt32BE(4, 17);
  assertRefused(bumped);
});

test('a blob with another format version byte is refused by parse and open alike', () => {
  const blob = seal(Buffer.from('x'));
  for (const version of [0x00, 0x02, 0xff]) {
    const other = Buffer.from(blob);
    other[0] = version;
    assert.throws(() => parseCiphertextHeader(other), InvalidCiphertextException);
    assertRefused(other);
  }
});

test('parse refuses anything shorter than header, IV and tag', () => {
  for (const length of [0, 1, 53, 65, ciphertextOverheadBytes - 1]) {
    const short = Buffer.alloc(length, 1);
    assert.throws(() => parseCiphertextHeader(short), (e: unknown) =>
      e instanceof InvalidCiphertextException && e.message === invalidCiphertextMessage);
  }
  assert.doesNotThrow(() => parseCiphertextHeader(Buffer.alloc(ciphertextOverheadBytes, 1)));
});

test('a blob whose tag is cut to 12 bytes is refused', () => {
  const blob = seal(Buffer.from('sixteen byte msg'));
  assertRefused(blob.subarray(0, blob.length - 4));
});

test('the GCM primitive refuses a correct tag truncated to 12 bytes (authTagLength is pinned)', () => {
  const key = Buffer.alloc(32, 9);
  const iv = Buffer.alloc(12, 1);
  const aad = Buffer.from('aad');
  const { ciphertext, tag } = gcmSeal(key, iv, aad, Buffer.from('secret'));
  // Without authTagLength, Node verifies a 12-byte prefix of the real tag (NOTES.md §3): prove it…
  const lax = createDecipheriv('aes-256-gcm', key, iv);
  lax.setAuthTag(tag.subarray(0, 12));
  lax.setAAD(aad);
  assert.deepEqual(Buffer.concat([lax.update(ciphertext), lax.final()]), Buffer.from('secret'));
  // …and that ours does not.
  assert.throws(() => gcmOpen(key, iv, aad, ciphertext, tag.subarray(0, 12)));
  assert.deepEqual(gcmOpen(key, iv, aad, ciphertext, tag), Buffer.from('secret'));
});

test('sealing refuses malformed key ids, versions, backing keys and random sources', () => {
  const plaintext = Buffer.from('x');
  assert.throws(() => seal(plaintext, { keyId: keyId.toUpperCase() }), TypeError);
  assert.throws(() => seal(plaintext, { keyId: 'alias/x' }), TypeError);
  assert.throws(() => seal(plaintext, { version: -1 }), RangeError);
  assert.throws(() => seal(plaintext, { version: 2 ** 32 }), RangeError);
  assert.throws(() => seal(plaintext, { version: 1.5 }), RangeError);
  assert.throws(() => seal(plaintext, { backingKey: createSecretKey(Buffer.alloc(16)) }), /32-byte/);
  assert.throws(() => seal(plaintext, { randomBytes: () => Buffer.alloc(8) }), /wrong length/);
});

test('opening with a backing key of the wrong size is a server error, not InvalidCiphertextException', () => {
  const blob = seal(Buffer.from('x'));
  assert.throws(
    () => openSymmetric({ blob, backingKey: createSecretKey(Buffer.alloc(16)), encryptionContext: context }),
    (e: unknown) => e instanceof Error && !(e instanceof InvalidCiphertextException),
  );
});
