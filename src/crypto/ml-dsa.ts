/**
 * ML-DSA (FIPS 204) through @noble/post-quantum: Node 20 has no ML-DSA (NOTES.md §3). Keys are kept
 * as the 32-byte seed ξ (FIPS 204 Algorithm 1), which is what AWS KMS imports and exports; the
 * expanded keys are derived once and cached by the caller.
 *
 * Signing is pure ML-DSA with an empty context (FIPS 204 Algorithm 2, as AWS KMS's ML_DSA_SHAKE_256
 * with MessageType RAW), or ML-DSA.Sign_internal over a caller-computed 64-byte μ for EXTERNAL_MU
 * (FIPS 204 §6.2, Algorithm 7 line 6 skipped).
 *
 * Must never: sign with a seed of the wrong length, or throw anything but a plain Error on bad input.
 */
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import type { MlDsaKeySpecEntry } from './algorithms.js';
import { subjectPublicKeyInfo } from './der.js';

const parameterSets = { ml_dsa44, ml_dsa65, ml_dsa87 } as const;

/** An expanded ML-DSA key pair. */
export interface MlDsaKeyPair {
  readonly entry: MlDsaKeySpecEntry;
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
  /** DER SubjectPublicKeyInfo, as GetPublicKey returns it. */
  readonly spki: Buffer;
}

/** Bytes of the seed ξ. */
export const mlDsaSeedBytes = 32;

/** The raw keys of an expanded seed. */
export interface MlDsaExpanded { readonly secretKey: Uint8Array; readonly publicKey: Uint8Array }

/** Expands a seed into the key pair (FIPS 204 ML-DSA.KeyGen_internal). */
export function mlDsaKeyPair(entry: MlDsaKeySpecEntry, seed: Uint8Array): MlDsaKeyPair {
  return mlDsaPair(entry, mlDsaExpand(entry.parameterSet, seed));
}

/** FIPS 204 ML-DSA.KeyGen_internal of a 32-byte seed: the raw keys. */
export function mlDsaExpand(parameterSet: MlDsaKeySpecEntry['parameterSet'], seed: Uint8Array): MlDsaExpanded {
  if (seed.length !== mlDsaSeedBytes) throw new Error('ML-DSA seed must be 32 bytes');
  const { secretKey, publicKey } = parameterSets[parameterSet].keygen(seed);
  return { secretKey, publicKey };
}

/** The key pair of raw keys expanded elsewhere (on a worker thread, crypto/noble-threads.ts). */
export function mlDsaPair(entry: MlDsaKeySpecEntry, { secretKey, publicKey }: MlDsaExpanded): MlDsaKeyPair {
  return { entry, secretKey, publicKey, spki: subjectPublicKeyInfo(entry.oid, publicKey) };
}

/** Bytes of a raw public key of the parameter set. */
export function mlDsaPublicKeyBytes(entry: MlDsaKeySpecEntry): number {
  return parameterSets[entry.parameterSet].lengths.publicKey ?? 0;
}

/**
 * Signs `message` (RAW) or a 64-byte μ (EXTERNAL_MU), hedged with fresh randomness. `rnd` replaces
 * the 32 random bytes of hedged signing (FIPS 204 §3.4; `false` = all zero, the deterministic variant),
 * for known-answer tests only.
 */
export function mlDsaSign(key: { readonly entry: Pick<MlDsaKeySpecEntry, 'parameterSet'>; readonly secretKey: Uint8Array }, message: Uint8Array, externalMu: boolean, rnd?: Uint8Array | false): Buffer {
  const dsa = parameterSets[key.entry.parameterSet];
  const opts = rnd === undefined ? {} : { extraEntropy: rnd };
  const signature = externalMu
    ? dsa.internal.sign(message, key.secretKey, { ...opts, externalMu: true })
    : dsa.sign(message, key.secretKey, opts);
  return Buffer.from(signature);
}

/** Verifies an ML-DSA signature; false for any malformed input. */
export function mlDsaVerify(entry: Pick<MlDsaKeySpecEntry, 'parameterSet'>, publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array, externalMu: boolean): boolean {
  const dsa = parameterSets[entry.parameterSet];
  try {
    return externalMu
      ? dsa.internal.verify(signature, message, publicKey, { externalMu: true })
      : dsa.verify(signature, message, publicKey);
  } catch {
    return false;
  }
}
