/**
 * The @noble operations of Sign and Verify that node:crypto cannot do (NOTES.md §3): ECDSA over a
 * given DIGEST, Ed25519ph over a given SHA-512 digest, and ML-DSA (FIPS 204) key expansion, signing
 * and verification. Each takes 0.5 ms to tens of milliseconds of pure JavaScript, so the service
 * injects an implementation that runs them on worker threads (noble-threads.ts, issue 15 item 8);
 * the inline one here serves tests and vector runners, as `inlineRsaPrivate` does for RSA.
 *
 * Both implementations must give byte-identical results (test/unit/crypto/noble-threads.test.ts).
 * Inputs and outputs are plain bytes and names, so that they cross a thread boundary by structured
 * clone.
 *
 * Must never: hash a DIGEST again, or throw from a verification (malformed input answers false).
 */
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { eddsa } from '@noble/curves/abstract/edwards.js';
import { sha512 } from '@noble/hashes/sha2.js';
import type { EccKeySpecEntry, MlDsaKeySpecEntry } from './algorithms.js';
import { mlDsaExpand, mlDsaSign, mlDsaVerify, type MlDsaExpanded } from './ml-dsa.js';

export type NobleCurve = EccKeySpecEntry['nobleCurve'];
export type MlDsaParameterSet = MlDsaKeySpecEntry['parameterSet'];

export interface NobleWork {
  /** DER ECDSA signature (RFC 3279 §2.2.3, RFC 6979 nonce, high S kept) of the given digest. */
  ecdsaSignDigest(curve: NobleCurve, digest: Uint8Array, rawPrivate: Uint8Array): Promise<Uint8Array>;
  /** Verifies a DER ECDSA signature of the given digest with the uncompressed point. */
  ecdsaVerifyDigest(curve: NobleCurve, digest: Uint8Array, rawPublic: Uint8Array, signature: Uint8Array): Promise<boolean>;
  /** Ed25519ph (RFC 8032 §5.1, empty context) of the given 64-byte SHA-512 digest. */
  ed25519phSign(digest: Uint8Array, seed: Uint8Array): Promise<Uint8Array>;
  ed25519phVerify(digest: Uint8Array, rawPublic: Uint8Array, signature: Uint8Array): Promise<boolean>;
  /** FIPS 204 ML-DSA.KeyGen_internal of a 32-byte seed. */
  mlDsaExpand(parameterSet: MlDsaParameterSet, seed: Uint8Array): Promise<MlDsaExpanded>;
  /** Hedged pure ML-DSA with the empty context of a RAW message, or Sign_internal of a 64-byte μ. */
  mlDsaSign(parameterSet: MlDsaParameterSet, secretKey: Uint8Array, message: Uint8Array, externalMu: boolean): Promise<Uint8Array>;
  mlDsaVerify(parameterSet: MlDsaParameterSet, publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array, externalMu: boolean): Promise<boolean>;
}

const curves = { p256, p384, p521, secp256k1 } as const;

/**
 * ECDSA options of AWS KMS: the message is the digest itself (no prehash), DER signatures, and S is
 * not normalised to the low half (AWS KMS returns either; Wycheproof's high-S vectors are valid).
 */
const ecdsaOptions = { prehash: false, format: 'der', lowS: false } as const;

/** Ed25519ph over a given 64-byte SHA-512 digest: RFC 8032 §5.1 with PH applied by the caller. */
const ed25519phOverDigest = eddsa(ed25519.Point, sha512, {
  // dom2(1, "") ‖ data (RFC 8032 §5.1: "SigEd25519 no Ed25519 collisions", phflag 1, empty context).
  domain: (data: Uint8Array, ctx: Uint8Array, phflag: boolean) =>
    Buffer.concat([Buffer.from('SigEd25519 no Ed25519 collisions', 'ascii'), Buffer.of(phflag ? 1 : 0, ctx.length), ctx, data]),
  // The message already is PH(M); a length other than 64 never reaches here (digest-length check).
  prehash: Object.assign((m: Uint8Array) => { if (m.length !== 64) throw new RangeError('digest length'); return m; }, { outputLen: 64 }),
  // RFC 8032 §5.1.5 step 2 clamping.
  adjustScalarBytes: (bytes: Uint8Array) => { bytes[0]! &= 248; bytes[31]! &= 127; bytes[31]! |= 64; return bytes; },
});

/** NobleWork on the calling thread (blocks it for the length of each operation). */
export const inlineNoble: NobleWork = {
  ecdsaSignDigest: async (curve, digest, rawPrivate) => curves[curve].sign(digest, rawPrivate, ecdsaOptions),
  ecdsaVerifyDigest: async (curve, digest, rawPublic, signature) => {
    try {
      return curves[curve].verify(signature, digest, rawPublic, ecdsaOptions);
    } catch {
      return false;
    }
  },
  ed25519phSign: async (digest, seed) => ed25519phOverDigest.sign(digest, seed),
  ed25519phVerify: async (digest, rawPublic, signature) => {
    try {
      return ed25519phOverDigest.verify(signature, digest, rawPublic, { zip215: false });
    } catch {
      return false;
    }
  },
  mlDsaExpand: async (parameterSet, seed) => mlDsaExpand(parameterSet, seed),
  mlDsaSign: async (parameterSet, secretKey, message, externalMu) => mlDsaSign({ entry: { parameterSet }, secretKey }, message, externalMu),
  mlDsaVerify: async (parameterSet, publicKey, message, signature, externalMu) => mlDsaVerify({ parameterSet }, publicKey, message, signature, externalMu),
};
