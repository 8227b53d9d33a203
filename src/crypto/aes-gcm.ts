/**
 * The AES-256-GCM primitive, configured once: 256-bit key, 96-bit IV, 128-bit tag. Both Trent's
 * ciphertext blob (ciphertext-blob.ts) and the root-key envelope (at-rest.ts) call these two functions,
 * and test/vectors/aes-gcm.wycheproof.test.ts runs Project Wycheproof against exactly them.
 *
 * Owns: every `createCipheriv` / `createDecipheriv` for GCM and the options pinned on them.
 *
 * Must never: return plaintext whose tag did not verify, accept a tag or IV of another length, or decide
 * what error a client sees (callers collapse any throw from `gcmOpen` into their own single error).
 */

import { createCipheriv, createDecipheriv, type KeyObject } from 'node:crypto';

/** IV length. NIST SP 800-38D §5.2.1.1 and §8.2: 96-bit IVs are the recommended, most efficient size. */
export const gcmIvBytes = 12;
/** Tag length. NIST SP 800-38D §5.2.1.2 / Appendix C: the full 128-bit tag, never a truncation. */
export const gcmTagBytes = 16;

const cipherName = 'aes-256-gcm';

/** A GCM key: raw 32 bytes or a secret `KeyObject` of 32 bytes. */
export type GcmKey = KeyObject | Uint8Array;

/** Ciphertext and tag of one GCM encryption (the ciphertext is as long as the plaintext). */
export interface GcmSealed {
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

/**
 * Encrypts `plaintext` with AES-256-GCM (NIST SP 800-38D §7.1). The caller guarantees the (key, IV) pair
 * is never reused: ciphertext-blob.ts derives a fresh key per message, at-rest.ts draws random IVs.
 * Throws on a key or IV of the wrong size (a programming error).
 */
export function gcmSeal(key: GcmKey, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): GcmSealed {
  if (iv.length !== gcmIvBytes) throw new RangeError(`AES-GCM IV must be ${gcmIvBytes} bytes`);
  // authTagLength pinned so getAuthTag() returns the full 16 bytes (what the format stores).
  const cipher = createCipheriv(cipherName, key, iv, { authTagLength: gcmTagBytes });
  cipher.setAAD(aad);
  const ciphertext = cipher.update(plaintext);
  // GCM is a stream mode: final() emits no bytes, it only computes the tag.
  const tail = cipher.final();
  return {
    ciphertext: tail.length === 0 ? ciphertext : Buffer.concat([ciphertext, tail]),
    tag: cipher.getAuthTag(),
  };
}

/**
 * Decrypts and verifies one AES-256-GCM message (NIST SP 800-38D §7.2). Throws (some `Error`; callers
 * must not look at which) when the tag does not verify or any length is wrong; on success returns the
 * plaintext. Unverified plaintext never leaves this function: it is zeroed before the throw.
 */
export function gcmOpen(key: GcmKey, iv: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array): Buffer {
  if (iv.length !== gcmIvBytes) throw new RangeError('AES-GCM IV length');
  // Explicit, although authTagLength below enforces it too: defence in depth on the one check that
  // Node gets wrong by default.
  if (tag.length !== gcmTagBytes) throw new RangeError('AES-GCM tag length');
  // authTagLength: 16 — without it Node accepts 4-, 8- and 12-byte tags (NOTES.md §3), turning a
  // 2^-128 forgery bound into 2^-32 for a truncated tag (NIST SP 800-38D Appendix C).
  const decipher = createDecipheriv(cipherName, key, iv, { authTagLength: gcmTagBytes });
  decipher.setAuthTag(tag);
  decipher.setAAD(aad);
  const plaintext = decipher.update(ciphertext);
  try {
    // final() is where OpenSSL compares the tag; it throws "Unsupported state or unable to authenticate data".
    const tail = decipher.final();
    return tail.length === 0 ? plaintext : Buffer.concat([plaintext, tail]);
  } catch (error) {
    // NIST SP 800-38D §7.2 step 8: on a tag mismatch return FAIL only, never the decrypted bytes.
    plaintext.fill(0);
    throw error;
  }
}
