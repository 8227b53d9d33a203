/**
 * The envelope for secrets Trent stores (backing keys, access-key secrets) under the root key from the
 * server's configuration.
 *
 * Owns: the root key (held only as a `KeyObject` in a private field), the sealed format, and the binding
 * of each sealed value to where it belongs, so a value copied onto another row fails to open.
 *
 * Must never: expose the root key's bytes, echo configuration text in an error (it may be the key), or
 * produce a client-facing error — a value that fails to open is a server condition (wrong root key or
 * corrupted storage), reported as a plain Error that the protocol layer turns into an internal failure.
 *
 * Sealed format v1:
 *
 *     0x01 ‖ IV (12 random bytes) ‖ AES-256-GCM ciphertext ‖ tag (16 bytes)
 *
 *     AAD = str("trent at-rest v1") ‖ str(purpose) ‖ str(id) ‖ uint32(version)
 *     str(s) = uint32(byte length of s) ‖ UTF-8 bytes of s (lone surrogates as WTF-8, see stringBytes)
 *
 * All integers big-endian. Random 96-bit IVs are safe up to 2^32 seals per root key
 * (NIST SP 800-38D §8.3); Trent seals once per key version or access key, far below that.
 */

import type { KeyObject } from 'node:crypto';
import { systemRandom } from '../platform/random.js';
import { gcmIvBytes, gcmOpen, gcmSeal, gcmTagBytes } from './aes-gcm.js';
import { stringBytes } from './encryption-context.js';
import { toKeyObject, type RandomBytes } from './symmetric-key.js';

/** Where a sealed value belongs. All three parts must match on `open`. */
export interface SealBinding {
  /** What the value is: 'key-material', 'access-key-secret', 'root-key-check', … */
  readonly purpose: string;
  /** Which row it belongs to, e.g. the key ARN or the access key id. */
  readonly id: string;
  /** Which version of that row (uint32), e.g. the backing-key version. */
  readonly version: number;
}

/** Options of `RootKey.fromBytes` / `RootKey.parse`. */
export interface RootKeyOptions {
  /** IV source for `seal`; defaults to node:crypto's CSPRNG. */
  readonly randomBytes?: RandomBytes;
}

const formatVersion = 0x01;
const rootKeyBytes = 32;
const u32Bytes = 4;
const bodyOffset = 1 + gcmIvBytes;
const minSealedBytes = bodyOffset + gcmTagBytes;
// Domain separation: this AAD can never equal the AAD of another Trent format that uses the root key.
const domain = stringBytes('trent at-rest v1');
const openFailureMessage = 'sealed value failed to open: wrong root key or corrupted data';
const parseFailureMessage = 'root key must be 32 bytes, written as 64 hex characters or as base64';

const checkBinding: SealBinding = { purpose: 'root-key-check', id: 'trent', version: 1 };
const checkPlaintext = Buffer.from('trent root key check v1', 'utf8');

const hexKey = /^[0-9a-fA-F]{64}$/;
const base64Key = /^[A-Za-z0-9+/]{43}=$/; // 32 bytes → 44 characters, one '=' of padding

/** The canonical AAD of a binding (layout in the module comment). */
function bindingAad(binding: SealBinding): Buffer {
  const { purpose, id, version } = binding;
  if (!Number.isInteger(version) || version < 0 || version > 0xffffffff) {
    throw new RangeError('binding version must be a uint32');
  }
  const parts = [domain, stringBytes(purpose), stringBytes(id)];
  const out = Buffer.allocUnsafe(parts.reduce((n, p) => n + u32Bytes + p.length, u32Bytes));
  let at = 0;
  for (const part of parts) {
    at = out.writeUInt32BE(part.length, at);
    at += part.copy(out, at);
  }
  out.writeUInt32BE(version, at);
  return out;
}

/** The server's root key: seals and opens stored secrets. Its bytes cannot be read back. */
export class RootKey {
  readonly #key: KeyObject;
  readonly #randomBytes: RandomBytes;

  private constructor(key: KeyObject, randomBytes: RandomBytes) {
    this.#key = key;
    this.#randomBytes = randomBytes;
  }

  /**
   * A root key from exactly 32 raw bytes (AES-256). The bytes are copied into a KeyObject; the caller may
   * zero its buffer afterwards. Throws a one-line Error for any other length.
   */
  static fromBytes(bytes: Uint8Array, options: RootKeyOptions = {}): RootKey {
    if (bytes.length !== rootKeyBytes) throw new Error(`root key must be exactly ${rootKeyBytes} bytes`);
    return new RootKey(toKeyObject(bytes), options.randomBytes ?? systemRandom.bytes);
  }

  /**
   * A root key from configuration text: 64 hex characters or standard padded base64 of exactly 32 bytes,
   * surrounding whitespace ignored (a trailing newline from a file or `openssl rand -base64 32`). Base64
   * is checked strictly, because `Buffer.from(s, 'base64')` skips junk (NOTES.md §3). Throws a one-line
   * Error that never contains the text.
   */
  static parse(text: string, options: RootKeyOptions = {}): RootKey {
    const trimmed = text.trim();
    let bytes: Buffer | undefined;
    if (hexKey.test(trimmed)) {
      bytes = Buffer.from(trimmed, 'hex');
    } else if (base64Key.test(trimmed)) {
      bytes = Buffer.from(trimmed, 'base64');
      // Non-canonical trailing bits (e.g. "…B=" instead of "…A=") would decode to the same key; refuse.
      if (bytes.toString('base64') !== trimmed) bytes = undefined;
    }
    if (bytes === undefined || bytes.length !== rootKeyBytes) throw new Error(parseFailureMessage);
    try {
      return RootKey.fromBytes(bytes, options);
    } finally {
      bytes.fill(0);
    }
  }

  /** Seals `plaintext` for the place `binding` names. Returns `0x01 ‖ IV ‖ ciphertext ‖ tag`. */
  seal(plaintext: Uint8Array, binding: SealBinding): Uint8Array {
    const aad = bindingAad(binding);
    const iv = this.#randomBytes(gcmIvBytes);
    if (iv.length !== gcmIvBytes) throw new Error('randomBytes returned the wrong length');
    const { ciphertext, tag } = gcmSeal(this.#key, iv, aad, plaintext);
    return Buffer.concat([Buffer.of(formatVersion), iv, ciphertext, tag], bodyOffset + ciphertext.length + gcmTagBytes);
  }

  /**
   * Opens a value sealed for `binding`. Any failure (wrong root key, another row's value, truncation,
   * corruption, unknown format) throws the same plain Error; it is never shown to clients verbatim.
   */
  open(sealed: Uint8Array, binding: SealBinding): Buffer {
    const aad = bindingAad(binding);
    try {
      if (sealed.length < minSealedBytes || sealed[0] !== formatVersion) throw new Error('malformed');
      const tagOffset = sealed.length - gcmTagBytes;
      return gcmOpen(
        this.#key,
        sealed.subarray(1, bodyOffset),
        aad,
        sealed.subarray(bodyOffset, tagOffset),
        sealed.subarray(tagOffset),
      );
    } catch {
      throw new Error(openFailureMessage);
    }
  }

  /**
   * A check value to store beside the data at first start: a fixed string sealed with purpose
   * 'root-key-check'. A later start verifies it before touching any key material.
   */
  checkValue(): Uint8Array {
    return this.seal(checkPlaintext, checkBinding);
  }

  /** Whether `sealed` is a check value made by this same root key (false for another key or garbage). */
  verifyCheckValue(sealed: Uint8Array): boolean {
    try {
      return this.open(sealed, checkBinding).equals(checkPlaintext);
    } catch {
      return false;
    }
  }
}
