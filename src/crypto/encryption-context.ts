/**
 * The canonical byte encoding of an AWS EncryptionContext, used as (part of) the AAD of every symmetric
 * ciphertext, plus the injective string-to-bytes helper that other length-prefixed encodings share.
 *
 * Owns: turning a context (a map of attacker-chosen strings) into exactly one byte string, such that two
 * contexts encode equally if and only if they hold the same pairs. AWS matches the context exactly and
 * case-sensitively, and pair order does not matter (NOTES.md §4; AWS KMS Developer Guide, "Encryption
 * context": https://docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html).
 *
 * Must never: read keys through the prototype chain (`__proto__`, `constructor` are data here, NOTES.md
 * §3), depend on the insertion order of the object, or throw a client-facing error (validating the
 * context's size and shape is the protocol layer's job).
 *
 * Encoding (all integers unsigned 32-bit big-endian):
 *
 *     count ‖ ( len(key) ‖ key ‖ len(value) ‖ value ) × count
 *
 * with pairs sorted by the bytes of their key. An empty or absent context is the 4 bytes `00 00 00 00`.
 * Length prefixes make the encoding unambiguous ({"a":"bc"} ≠ {"ab":"c"}); the count prefix makes a
 * prefix of one encoding never parse as another.
 */

import type { EncryptionContextType } from '../api/generated/shapes.js';

const u32Bytes = 4;

// Lone UTF-16 surrogates: a high surrogate not followed by a low one, or a low one not preceded by a high
// one. Deliberately no `u` flag so the regex sees code units, not code points.
const anySurrogate = /[\uD800-\uDFFF]/;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The UTF-8 bytes of `text`, except that lone surrogates are written as their own 3-byte sequence
 * (WTF-8, https://simonsapin.github.io/wtf-8/) instead of U+FFFD.
 *
 * Why: `Buffer.from(s, 'utf8')` maps every lone surrogate to EF BF BD, so `"\uD800"`, `"\uDC00"` and
 * `"\uFFFD"` would all encode alike and a ciphertext bound to one context would open under another.
 * JSON can carry lone surrogates (`"\ud800"`), so the encoding must stay injective on every JS string.
 * Well-formed strings (the normal case) take the fast path and get plain UTF-8.
 */
export function stringBytes(text: string): Buffer {
  if (!anySurrogate.test(text) || !loneSurrogate.test(text)) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  // for…of walks code points; a lone surrogate comes out as a one-unit string.
  for (const char of text) {
    const unit = char.charCodeAt(0);
    if (char.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      parts.push(Buffer.from([0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]));
    } else {
      parts.push(Buffer.from(char, 'utf8'));
    }
  }
  return Buffer.concat(parts);
}

/** The encoding of an empty or absent context: a zero pair count. */
function emptyEncoding(): Buffer {
  return Buffer.alloc(u32Bytes);
}

/**
 * Encodes an EncryptionContext canonically (see the module comment for the layout).
 *
 * Only own enumerable string keys count (`Object.keys`), so a `__proto__` key parsed from JSON is an
 * ordinary pair and nothing is read from `Object.prototype`. Returns a fresh buffer the caller may keep.
 * Throws `TypeError` when a value is not a string: that is a bug upstream, not a client error.
 */
export function encodeEncryptionContext(context: EncryptionContextType | undefined): Buffer {
  if (context === undefined) return emptyEncoding();
  const keys = Object.keys(context);
  if (keys.length === 0) return emptyEncoding();

  const pairs: Array<{ key: Buffer; value: Buffer }> = [];
  let total = u32Bytes;
  for (const name of keys) {
    // Own-property read: Object.keys returned `name`, so this never reaches the prototype.
    const value: unknown = context[name];
    if (typeof value !== 'string') throw new TypeError('EncryptionContext values must be strings');
    const pair = { key: stringBytes(name), value: stringBytes(value) };
    total += 2 * u32Bytes + pair.key.length + pair.value.length;
    pairs.push(pair);
  }
  // Byte order, not JS string order: UTF-16 code-unit order differs from UTF-8 byte order for
  // characters above U+FFFF, and the encoding must not depend on the platform's string representation.
  // Keys of one object are distinct strings, and stringBytes is injective, so the order is total.
  pairs.sort((a, b) => Buffer.compare(a.key, b.key));

  const out = Buffer.allocUnsafe(total);
  let at = out.writeUInt32BE(pairs.length, 0);
  for (const { key, value } of pairs) {
    at = out.writeUInt32BE(key.length, at);
    at += key.copy(out, at);
    at = out.writeUInt32BE(value.length, at);
    at += value.copy(out, at);
  }
  return out;
}
