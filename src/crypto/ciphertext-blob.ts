/**
 * Trent's symmetric ciphertext blob: what Encrypt and GenerateDataKey return as `CiphertextBlob` and what
 * Decrypt and ReEncrypt take back (NOTES.md §4, DESIGN.md habits 2 and 7). docs/ciphertext-format.md
 * explains the format for users.
 *
 * Owns: the byte layout, the per-message key derivation, the AAD, and the rule that every way a blob can
 * fail to open looks exactly the same to the client.
 *
 * Must never: look up keys or read storage (the caller parses the header, resolves the key and passes
 * the backing key in), reveal which check failed, or return plaintext that did not authenticate.
 *
 * Format v1 (integers big-endian), 81 bytes of overhead:
 *
 *     offset  size  field
 *          0     1  format version, 0x01
 *          1    16  key id: the key's UUID as 16 raw bytes (RFC 4122 §4.1.2 field order)
 *         17     4  backing-key version, uint32
 *         21    32  salt, random per message
 *         53    12  IV, random per message
 *         65     n  AES-256-GCM ciphertext of the n-byte plaintext
 *       65+n    16  GCM tag
 *
 *   message key = KDF-CTR-HMAC-SHA256(KI = backing key, Label = "trent ciphertext v1",
 *                                     Context = salt, L = 256)   (NIST SP 800-108r1 §4.1; kdf.ts)
 *   AAD         = bytes 0..52 (version, key id, backing version, salt) ‖ encodeEncryptionContext(context)
 *
 * The header is authenticated (AAD), so a blob whose key id or version is edited fails to open; the
 * encryption context is bound the same way (exact, case-sensitive, order-insensitive match).
 */

import type { KeyObject } from 'node:crypto';
import { counterKdf, deriveKey } from './kdf.js';
import { InvalidCiphertextException } from '../api/generated/errors.js';
import type { EncryptionContextType } from '../api/generated/shapes.js';
import { gcmIvBytes, gcmOpen, gcmSeal, gcmTagBytes } from './aes-gcm.js';
import { encodeEncryptionContext } from './encryption-context.js';

/**
 * The one message of every InvalidCiphertextException this module throws. Empty for now: the lead aligns
 * it with AWS's recorded text here, in one place.
 */
export const invalidCiphertextMessage = '';

/** The format version byte this module writes and the only one it reads. */
export const ciphertextFormatVersion = 0x01;

const keyIdOffset = 1;
const keyIdBytes = 16;
const backingVersionOffset = 17;
const saltOffset = 21;
const saltBytes = 32;
/** Bytes 0..52: everything before the IV, authenticated as the first part of the AAD. */
const headerBytes = 53;
const ivOffset = headerBytes;
const bodyOffset = ivOffset + gcmIvBytes;

/** Bytes a v1 blob adds to the plaintext (header, IV and tag): 81. */
export const ciphertextOverheadBytes = bodyOffset + gcmTagBytes;

const backingKeyBytes = 32;
// SP 800-108r1 §5: the Label binds the derived key to its use, so the same backing key used for
// another purpose later (another format version, another blob type) never yields the same key.
const messageKdf = counterKdf('trent ciphertext v1', 32);

const canonicalUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const uint32Max = 0xffffffff;

/** The key a blob names: enough for the caller to resolve the key and the backing-key version. */
export interface CiphertextHeader {
  /** The key id (lowercase UUID, as Trent generates them). */
  readonly keyId: string;
  /** The backing-key version that sealed the blob. */
  readonly version: number;
}

/** Inputs of `sealSymmetric`. */
export interface SealSymmetricParams {
  /** The key id, a lowercase canonical UUID. */
  readonly keyId: string;
  /** The backing-key version used, uint32. */
  readonly version: number;
  /** The backing key of that version: a 32-byte secret KeyObject (callers cache these). */
  readonly backingKey: KeyObject;
  readonly plaintext: Uint8Array;
  readonly encryptionContext?: EncryptionContextType | undefined;
  /** CSPRNG, injected so tests can be deterministic (DESIGN.md habit 11). Called once, for 44 bytes. */
  readonly randomBytes: (n: number) => Buffer;
}

/** Inputs of `openSymmetric`. */
export interface OpenSymmetricParams {
  readonly blob: Uint8Array;
  /** The backing key of the version the header names. */
  readonly backingKey: KeyObject;
  readonly encryptionContext?: EncryptionContextType | undefined;
}

function invalidCiphertext(): InvalidCiphertextException {
  return new InvalidCiphertextException(invalidCiphertextMessage);
}

/** A Buffer view of `bytes` (no copy), for Buffer's readers. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Whether the blob can be a v1 blob at all: long enough for header, IV and tag, and version 0x01. */
function isWellFormed(blob: Uint8Array): boolean {
  return blob.length >= ciphertextOverheadBytes && blob[0] === ciphertextFormatVersion;
}

/** A backing key that is not 32 secret bytes is a server bug, never a property of the ciphertext. */
function assertBackingKey(backingKey: KeyObject): void {
  if (backingKey.type !== 'secret' || backingKey.symmetricKeySize !== backingKeyBytes) {
    throw new Error(`backing key must be a ${backingKeyBytes}-byte secret KeyObject`);
  }
}

/**
 * The per-message AES-256 key: SP 800-108r1 counter mode over HMAC-SHA256, the random salt as Context.
 * A fresh key per message keeps every (key, IV) pair unique without counting: NIST SP 800-38D §8.3 caps
 * random 96-bit IVs at 2^32 messages per key, a limit a busy backing key could otherwise approach.
 */
function deriveMessageKey(backingKey: KeyObject, salt: Uint8Array): Uint8Array {
  return deriveKey(messageKdf, backingKey, salt);
}

/**
 * Reads the key id and backing-key version from a blob, without decrypting, so the caller can resolve
 * the key (Decrypt's KeyId is optional for symmetric keys: NOTES.md §4). The header is not authenticated
 * until `openSymmetric` succeeds. Throws `InvalidCiphertextException` (with `invalidCiphertextMessage`)
 * for anything that is not a well-formed v1 blob.
 */
export function parseCiphertextHeader(blob: Uint8Array): CiphertextHeader {
  if (!isWellFormed(blob)) throw invalidCiphertext();
  const bytes = asBuffer(blob);
  const hex = bytes.toString('hex', keyIdOffset, keyIdOffset + keyIdBytes);
  const keyId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { keyId, version: bytes.readUInt32BE(backingVersionOffset) };
}

/**
 * Encrypts `plaintext` under one backing-key version into a v1 blob (layout in the module comment).
 * Throws a plain Error/TypeError/RangeError for a malformed key id, version, backing key or random
 * source: those are server bugs, not client errors.
 */
export function sealSymmetric(params: SealSymmetricParams): Buffer {
  const { keyId, version, backingKey, plaintext, encryptionContext, randomBytes } = params;
  if (!canonicalUuid.test(keyId)) throw new TypeError('keyId must be a lowercase canonical UUID');
  if (!Number.isInteger(version) || version < 0 || version > uint32Max) {
    throw new RangeError('backing-key version must be a uint32');
  }
  assertBackingKey(backingKey);
  const fresh = randomBytes(saltBytes + gcmIvBytes);
  if (fresh.length !== saltBytes + gcmIvBytes) throw new Error('randomBytes returned the wrong length');

  const prefix = Buffer.allocUnsafe(bodyOffset);
  prefix[0] = ciphertextFormatVersion;
  prefix.write(keyId.replaceAll('-', ''), keyIdOffset, keyIdBytes, 'hex');
  prefix.writeUInt32BE(version, backingVersionOffset);
  fresh.copy(prefix, saltOffset); // salt (32) then IV (12): contiguous in the layout
  const header = prefix.subarray(0, headerBytes);
  const salt = prefix.subarray(saltOffset, headerBytes);
  const iv = prefix.subarray(ivOffset, bodyOffset);

  const messageKey = deriveMessageKey(backingKey, salt);
  try {
    const aad = Buffer.concat([header, encodeEncryptionContext(encryptionContext)]);
    const { ciphertext, tag } = gcmSeal(messageKey, iv, aad, plaintext);
    return Buffer.concat([prefix, ciphertext, tag], bodyOffset + ciphertext.length + gcmTagBytes);
  } finally {
    messageKey.fill(0); // OpenSSL holds its own copy; do not leave ours on the heap
  }
}

/**
 * Decrypts a v1 blob with the backing key of the version its header names, checking the encryption
 * context. Returns the plaintext.
 *
 * Every failure — truncated, extended, wrong version byte, edited header, wrong key, wrong context, bad
 * tag — throws the same `InvalidCiphertextException` with `invalidCiphertextMessage`, so a client learns
 * nothing about which check failed (DESIGN.md habit 2; the reasoning of RFC 7516 §11.5 and
 * NIST SP 800-38D §7.2, which returns a bare FAIL). Only a backing key that is not a 32-byte secret key
 * throws something else (a plain Error), because that is a server bug independent of the blob.
 */
export function openSymmetric(params: OpenSymmetricParams): Buffer {
  const { blob, backingKey, encryptionContext } = params;
  assertBackingKey(backingKey);
  const context = encodeEncryptionContext(encryptionContext);
  let messageKey: Uint8Array | undefined;
  try {
    // The structural checks return early, but they only look at public bytes the sender already
    // knows; everything that depends on a secret (key, context, tag) is decided by the one GCM tag check.
    if (!isWellFormed(blob)) throw invalidCiphertext();
    messageKey = deriveMessageKey(backingKey, blob.subarray(saltOffset, headerBytes));
    const aad = Buffer.concat([blob.subarray(0, headerBytes), context]);
    const tagOffset = blob.length - gcmTagBytes;
    return gcmOpen(
      messageKey,
      blob.subarray(ivOffset, bodyOffset),
      aad,
      blob.subarray(bodyOffset, tagOffset),
      blob.subarray(tagOffset),
    );
  } catch {
    // One error, one message, whatever went wrong above (DESIGN.md habit 2).
    throw invalidCiphertext();
  } finally {
    messageKey?.fill(0);
  }
}
