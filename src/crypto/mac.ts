/**
 * HMAC (RFC 2104, FIPS 198-1) for GENERATE_VERIFY_MAC keys: HMAC_SHA_224/256/384/512 with a key as
 * long as the hash output (algorithms.ts), the full-length tag, as AWS KMS's GenerateMac returns
 * (Developer Guide, "HMAC keys in AWS KMS").
 *
 * Must never: compare tags in variable time, or accept a truncated tag.
 */
import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { MacAlgorithmEntry } from './algorithms.js';

/** The HMAC of `message` under `key`. */
export function generateMac(key: KeyObject, algorithm: MacAlgorithmEntry, message: Uint8Array): Buffer {
  return createHmac(algorithm.hash, key).update(message).digest();
}

/** Whether `mac` is the full HMAC of `message`; constant time in the tag's content. */
export function verifyMac(key: KeyObject, algorithm: MacAlgorithmEntry, message: Uint8Array, mac: Uint8Array): boolean {
  const expected = generateMac(key, algorithm, message);
  return mac.length === expected.length && timingSafeEqual(expected, mac);
}
