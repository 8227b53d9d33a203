/**
 * Key material of every key spec: generating it, and opening stored material into the objects the
 * primitives use. Stored forms (sealed under the root key by at-rest.ts before they reach storage):
 *
 *   SYMMETRIC_DEFAULT, HMAC_*        the raw secret bytes
 *   RSA_*, ECC_*, ED25519            the private key as PKCS#8 DER (RFC 5208)
 *   ML_DSA_*                         the 32-byte seed ξ (FIPS 204)
 *
 * Key pairs are generated off the event loop: RSA on a low-priority thread of its own
 * (platform/background-thread.ts), so that an RSA-4096 key, hundreds of milliseconds of CPU
 * (NOTES.md §6), does not take a core from requests in flight; ECC and Ed25519, which take
 * microseconds, on libuv's threadpool (`generateKeyPair` with a callback).
 *
 * Must never: return material of another spec than asked (opening checks the key type and curve, so
 * imported material of the wrong kind is refused), or log or persist anything.
 */
import { createPrivateKey, createPublicKey, createSecretKey, generateKeyPair, type KeyObject } from 'node:crypto';
import type { EccKeySpecEntry, Ed25519KeySpecEntry, KeySpecEntry, RsaKeySpecEntry } from './algorithms.js';
import { mlDsaKeyPair, mlDsaPair, mlDsaSeedBytes, type MlDsaKeyPair } from './ml-dsa.js';
import type { NobleWork } from './noble-work.js';
import type { RandomBytes } from './symmetric-key.js';
import { generateRsaPkcs8 } from '../platform/background-thread.js';

/** A public key node:crypto holds, with the raw point @noble needs for DIGEST verification. */
export interface NodePublicKey {
  readonly entry: RsaKeySpecEntry | EccKeySpecEntry | Ed25519KeySpecEntry;
  readonly publicKey: KeyObject;
  /** DER SubjectPublicKeyInfo (RFC 5280), as GetPublicKey returns it. */
  readonly spki: Buffer;
  /** ECC: the uncompressed point 04 ‖ x ‖ y (SEC 1 §2.3.3); Ed25519: the 32-byte key. Absent for RSA. */
  readonly rawPublic?: Uint8Array;
}

/** A private key node:crypto holds, with what the primitives need beside it. */
export interface NodeKeyPair extends NodePublicKey {
  readonly privateKey: KeyObject;
  /**
   * The raw private scalar (ECC) or seed (Ed25519), for the @noble signers that work over a given
   * digest, which node:crypto cannot do (NOTES.md §3). Absent for RSA.
   */
  readonly rawPrivate?: Uint8Array;
}

/** Opened material of any spec. */
export type OpenedMaterial =
  | { readonly kind: 'secret'; readonly entry: KeySpecEntry; readonly key: KeyObject }
  | { readonly kind: 'node'; readonly pair: NodeKeyPair }
  | { readonly kind: 'ml-dsa'; readonly pair: MlDsaKeyPair };

/** Material for a key of `entry` with the PKCS#8 private key of a node:crypto key pair. */
function generateNodePair(entry: RsaKeySpecEntry | EccKeySpecEntry | Ed25519KeySpecEntry): Promise<Buffer> {
  if (entry.kind === 'rsa') return generateRsaPkcs8(entry.modulusBits);
  const encoding = { privateKeyEncoding: { type: 'pkcs8', format: 'der' }, publicKeyEncoding: { type: 'spki', format: 'der' } } as const;
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, _publicKey: Buffer, privateKey: Buffer) => (error ? reject(error) : resolve(privateKey));
    switch (entry.kind) {
      case 'ecc': generateKeyPair('ec', { namedCurve: entry.namedCurve, ...encoding }, done); break;
      case 'ed25519': generateKeyPair('ed25519', encoding, done); break;
    }
  });
}

/** Fresh material for a new key of `entry`, in its stored form. The caller seals and zeroes it. */
export async function generateKeyMaterial(entry: KeySpecEntry, randomBytes: RandomBytes): Promise<Buffer> {
  switch (entry.kind) {
    case 'symmetric': return exactly(randomBytes, entry.backingKeyBytes);
    case 'hmac': return exactly(randomBytes, entry.keyBytes);
    case 'ml-dsa': return exactly(randomBytes, mlDsaSeedBytes);
    default: return generateNodePair(entry);
  }
}

/** A fresh key pair for GenerateDataKeyPair: PKCS#8 private key and SPKI public key, both DER. */
export async function generateDataKeyPair(entry: RsaKeySpecEntry | EccKeySpecEntry | Ed25519KeySpecEntry): Promise<{ privateKey: Buffer; publicKey: Buffer }> {
  const pkcs8 = await generateNodePair(entry);
  const publicKey = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({ type: 'spki', format: 'der' });
  return { privateKey: pkcs8, publicKey };
}

function exactly(randomBytes: RandomBytes, n: number): Buffer {
  const bytes = randomBytes(n);
  if (bytes.length !== n) throw new Error('randomBytes returned the wrong length');
  return bytes;
}

/** Left-pads a big-endian integer to `n` bytes (JWK drops leading zeros of EC scalars). */
function leftPad(bytes: Buffer, n: number): Buffer {
  return bytes.length >= n ? bytes : Buffer.concat([Buffer.alloc(n - bytes.length), bytes]);
}

/**
 * Whether a node:crypto key is of the type and curve `entry` describes. Trent's own (and imported)
 * RSA keys must use e = 65537, as AWS KMS's do; a public key from outside is only checked for size.
 */
function matches(entry: NodeKeyPair['entry'], key: KeyObject, ownKey = true): boolean {
  const details = key.asymmetricKeyDetails ?? {};
  switch (entry.kind) {
    case 'rsa': return key.asymmetricKeyType === 'rsa' && details.modulusLength === entry.modulusBits && (!ownKey || details.publicExponent === 0x10001n);
    case 'ecc': return key.asymmetricKeyType === 'ec' && details.namedCurve === entry.namedCurve;
    case 'ed25519': return key.asymmetricKeyType === 'ed25519';
  }
}

/**
 * Opens stored (or imported) material of `entry` into the objects the primitives use. Throws a plain
 * Error when the bytes are not material of that spec; the parse cost (~1 ms for RSA) is why callers
 * cache the result (NOTES.md §3).
 */
export function openKeyMaterial(entry: KeySpecEntry, raw: Uint8Array): OpenedMaterial {
  switch (entry.kind) {
    case 'symmetric': {
      if (raw.length !== entry.backingKeyBytes) throw new Error(`key material must be ${entry.backingKeyBytes} bytes`);
      return { kind: 'secret', entry, key: createSecretKey(raw) };
    }
    case 'hmac': {
      // Generated keys have keyBytes; imported ones anything in importKeyBytes (algorithms.ts).
      const { min, max } = entry.importKeyBytes;
      if (raw.length < min || raw.length > max) throw new Error(`key material must be ${min} to ${max} bytes`);
      return { kind: 'secret', entry, key: createSecretKey(raw) };
    }
    case 'ml-dsa': return { kind: 'ml-dsa', pair: mlDsaKeyPair(entry, raw) };
    default: {
      const privateKey = createPrivateKey({ key: Buffer.from(raw), format: 'der', type: 'pkcs8' });
      if (!matches(entry, privateKey)) throw new Error(`key material is not a ${entry.keySpec} private key`);
      let rawPrivate: Buffer | undefined;
      if (entry.kind !== 'rsa') {
        const d = Buffer.from(privateKey.export({ format: 'jwk' }).d ?? '', 'base64url');
        rawPrivate = entry.kind === 'ecc' ? leftPad(d, entry.scalarBytes) : d;
      }
      const pub = nodePublicKey(entry, createPublicKey(privateKey));
      return { kind: 'node', pair: { ...pub, privateKey, ...(rawPrivate ? { rawPrivate } : {}) } };
    }
  }
}

/**
 * openKeyMaterial, with the ML-DSA key expansion (~20 ms of JavaScript for ML-DSA-87) done by `noble`,
 * which the service runs on a worker thread (noble-threads.ts). The caller zeroes `raw` once this
 * settles.
 */
export async function openKeyMaterialOffThread(entry: KeySpecEntry, raw: Uint8Array, noble: Pick<NobleWork, 'mlDsaExpand'>): Promise<OpenedMaterial> {
  if (entry.kind !== 'ml-dsa') return openKeyMaterial(entry, raw);
  if (raw.length !== mlDsaSeedBytes) throw new Error('ML-DSA seed must be 32 bytes');
  return { kind: 'ml-dsa', pair: mlDsaPair(entry, await noble.mlDsaExpand(entry.parameterSet, raw)) };
}

/** The NodePublicKey of a public KeyObject of `entry` (its SPKI and raw point). */
export function nodePublicKey(entry: NodePublicKey['entry'], publicKey: KeyObject): NodePublicKey {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  if (entry.kind === 'rsa') return { entry, publicKey, spki };
  const jwk = publicKey.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x ?? '', 'base64url');
  const rawPublic = entry.kind === 'ecc'
    ? Buffer.concat([Buffer.of(4), leftPad(x, entry.scalarBytes), leftPad(Buffer.from(jwk.y ?? '', 'base64url'), entry.scalarBytes)])
    : x;
  return { entry, publicKey, spki, rawPublic };
}

/**
 * Parses a DER SubjectPublicKeyInfo as a public key of `entry`'s type and curve, or throws a plain
 * Error (bad DER, a point not on the curve, another key type or curve).
 */
export function parsePublicKey(entry: NodePublicKey['entry'], spki: Uint8Array): NodePublicKey {
  const publicKey = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  if (!matches(entry, publicKey, false)) throw new Error(`not a ${entry.keySpec} public key`);
  const parsed = nodePublicKey(entry, publicKey);
  // OpenSSL also accepts explicit curve parameters and reports them as the named curve they resemble,
  // even with another cofactor (Wycheproof "no cofactor"); only the named-curve OID form is taken
  // (RFC 5480 §2.1.1: "specifiedCurve … MUST NOT be used").
  if (!algorithmIdentifier(spki).equals(algorithmIdentifier(parsed.spki))) throw new Error('not a named-curve public key');
  return parsed;
}

/** The DER bytes of the AlgorithmIdentifier inside a SubjectPublicKeyInfo (the first inner TLV). */
function algorithmIdentifier(spki: Uint8Array): Buffer {
  const der = Buffer.from(spki);
  const headerBytes = (at: number): number => {
    const first = der[at + 1] ?? 0;
    return first < 0x80 ? 2 : 2 + (first & 0x7f);
  };
  const contentLength = (at: number): number => {
    const first = der[at + 1] ?? 0;
    if (first < 0x80) return first;
    let n = 0;
    for (let i = 0; i < (first & 0x7f); i++) n = n * 256 + (der[at + 2 + i] ?? 0);
    return n;
  };
  const inner = headerBytes(0);
  return der.subarray(inner, inner + headerBytes(inner) + contentLength(inner));
}
