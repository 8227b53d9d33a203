/**
 * The few DER encodings Trent builds itself (ITU-T X.690): the SubjectPublicKeyInfo of an ML-DSA
 * public key, which node:crypto 20 cannot produce (RFC 5280 §4.1.2.7; RFC 9881 for ML-DSA: the
 * AlgorithmIdentifier has no parameters and the BIT STRING holds the raw public key).
 *
 * Must never: parse untrusted DER (node:crypto does that), or encode anything but definite lengths.
 */

/** A DER length: short form below 128, long form otherwise (X.690 §8.1.3). */
function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.of(0x80 | bytes.length, ...bytes);
}

/** One tag-length-value. */
function tlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.of(tag), derLength(content.length), content]);
}

/** An OBJECT IDENTIFIER's content octets from its dotted form (X.690 §8.19). */
function oidContent(oid: string): Buffer {
  const arcs = oid.split('.').map(Number);
  const [first = 0, second = 0, ...rest] = arcs;
  const out: number[] = [first * 40 + second];
  for (const arc of rest) {
    const group: number[] = [arc & 0x7f];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) group.unshift(0x80 | (n & 0x7f));
    out.push(...group);
  }
  return Buffer.from(out);
}

/** SubjectPublicKeyInfo ::= SEQUENCE { SEQUENCE { algorithm OID }, BIT STRING (0 unused bits ‖ key) }. */
export function subjectPublicKeyInfo(oid: string, publicKey: Uint8Array): Buffer {
  const algorithm = tlv(0x30, tlv(0x06, oidContent(oid)));
  const bits = tlv(0x03, Buffer.concat([Buffer.of(0), publicKey]));
  return tlv(0x30, Buffer.concat([algorithm, bits]));
}

/**
 * The raw key inside an SPKI built by `subjectPublicKeyInfo` for `oid`, or undefined when `spki` is
 * not exactly that shape (used to read back ML-DSA public keys, whose encoding has no options).
 */
export function publicKeyFromSpki(oid: string, spki: Uint8Array, publicKeyBytes: number): Uint8Array | undefined {
  const expectedPrefix = subjectPublicKeyInfo(oid, new Uint8Array(publicKeyBytes)).subarray(0, -publicKeyBytes);
  if (spki.length !== expectedPrefix.length + publicKeyBytes) return undefined;
  if (!Buffer.from(spki.subarray(0, expectedPrefix.length)).equals(expectedPrefix)) return undefined;
  return spki.subarray(expectedPrefix.length);
}
