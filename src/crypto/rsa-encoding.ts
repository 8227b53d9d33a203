/**
 * RSA signature encodings over a digest the caller already computed (MessageType DIGEST), which
 * node:crypto cannot sign or verify because its sign/verify always hash the input (NOTES.md §3):
 *
 *   EMSA-PKCS1-v1_5 (RFC 8017 §9.2): DigestInfo ‖ H, then PKCS#1 type-1 padding, which OpenSSL adds.
 *   EMSA-PSS (RFC 8017 §9.1): MGF1 with the same hash, salt length = hash length (AWS KMS's choice,
 *   Developer Guide "RSA key specs for signing"), trailer 0xbc.
 *
 * The raw RSA operation itself is done by node:crypto (privateEncrypt / publicDecrypt).
 *
 * Must never: accept a digest of the wrong length, or leak through exceptions which check failed in
 * a verification (every failure is `false`).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { hashBytes, type HashName } from './algorithms.js';

type RsaHash = Extract<HashName, 'sha256' | 'sha384' | 'sha512'>;

/** DER of DigestInfo up to the digest, per hash (RFC 8017 §9.2 note 1). */
const digestInfoPrefix: Readonly<Record<RsaHash, Buffer>> = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  sha512: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
};

function asRsaHash(hash: HashName): RsaHash {
  if (hash !== 'sha256' && hash !== 'sha384' && hash !== 'sha512') throw new Error(`no RSA signature encoding for ${hash}`);
  return hash;
}

/** DigestInfo ‖ digest: the input of PKCS#1 type-1 padding for RSASSA-PKCS1-v1_5. */
export function pkcs1DigestInfo(hash: HashName, digest: Uint8Array): Buffer {
  const h = asRsaHash(hash);
  if (digest.length !== hashBytes[h]) throw new RangeError('digest has the wrong length');
  return Buffer.concat([digestInfoPrefix[h], digest]);
}

/** MGF1 (RFC 8017 B.2.1). */
function mgf1(hash: RsaHash, seed: Uint8Array, length: number): Buffer {
  const blocks: Buffer[] = [];
  const counter = Buffer.alloc(4);
  for (let i = 0, produced = 0; produced < length; i++, produced += hashBytes[hash]) {
    counter.writeUInt32BE(i);
    blocks.push(createHash(hash).update(seed).update(counter).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** M' = 0x00 × 8 ‖ mHash ‖ salt, hashed (RFC 8017 §9.1.1 steps 5–6). */
function pssH(hash: RsaHash, digest: Uint8Array, salt: Uint8Array): Buffer {
  return createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest();
}

/**
 * EMSA-PSS-ENCODE (RFC 8017 §9.1.1) of `digest` for a modulus of `modulusBits`, with a salt of hash
 * length taken from `salt`. The result is the integer to raise to the private exponent (RSA_NO_PADDING).
 */
export function pssEncode(hash: HashName, digest: Uint8Array, modulusBits: number, salt: Uint8Array): Buffer {
  const h = asRsaHash(hash);
  const hLen = hashBytes[h];
  if (digest.length !== hLen || salt.length !== hLen) throw new RangeError('digest or salt has the wrong length');
  const emBits = modulusBits - 1;
  const emLen = Math.ceil(emBits / 8);
  if (emLen < 2 * hLen + 2) throw new RangeError('modulus too small for PSS');
  const H = pssH(h, digest, salt);
  const db = Buffer.alloc(emLen - hLen - 1);
  db[db.length - hLen - 1] = 0x01;
  Buffer.from(salt).copy(db, db.length - hLen);
  const mask = mgf1(h, H, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >> (8 * emLen - emBits);
  const em = Buffer.concat([db, H, Buffer.of(0xbc)]);
  // The RSA input is k bytes; EM is one byte shorter when modBits − 1 is a multiple of 8.
  const k = Math.ceil(modulusBits / 8);
  return em.length === k ? em : Buffer.concat([Buffer.alloc(k - em.length), em]);
}

/** EMSA-PSS-VERIFY (RFC 8017 §9.1.2) of the RSA output `em` (k bytes) against `digest`. */
export function pssVerify(hash: HashName, digest: Uint8Array, em: Uint8Array, modulusBits: number): boolean {
  const h = asRsaHash(hash);
  const hLen = hashBytes[h];
  const emBits = modulusBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const k = Math.ceil(modulusBits / 8);
  if (digest.length !== hLen || em.length !== k) return false;
  // A k-byte value whose leading byte must be zero when emLen < k.
  if (k > emLen && em[0] !== 0) return false;
  const encoded = Buffer.from(em.subarray(k - emLen));
  if (emLen < 2 * hLen + 2 || encoded[emLen - 1] !== 0xbc) return false;
  const maskedDb = encoded.subarray(0, emLen - hLen - 1);
  const H = encoded.subarray(emLen - hLen - 1, emLen - 1);
  const topBits = 8 * emLen - emBits;
  if ((maskedDb[0]! & ~(0xff >> topBits) & 0xff) !== 0) return false;
  const mask = mgf1(h, H, maskedDb.length);
  const db = Buffer.alloc(maskedDb.length);
  for (let i = 0; i < db.length; i++) db[i] = maskedDb[i]! ^ mask[i]!;
  db[0]! &= 0xff >> topBits;
  const psLen = emLen - 2 * hLen - 2;
  for (let i = 0; i < psLen; i++) if (db[i] !== 0) return false;
  if (db[psLen] !== 0x01) return false;
  const salt = db.subarray(db.length - hLen);
  return timingSafeEqual(pssH(h, digest, salt), H);
}
