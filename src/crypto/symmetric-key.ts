/**
 * Small helpers for symmetric key material: a fresh backing key for a SYMMETRIC_DEFAULT key version, the
 * `KeyObject` that wraps it, and the plaintext data keys of GenerateDataKey.
 *
 * Owns: the sizes of freshly generated symmetric material (read from algorithms.ts, never restated here).
 *
 * Must never: persist or log material, choose its own randomness source (the caller injects it so tests
 * and the service share one Random, DESIGN.md habit 11), or throw client-facing errors for sizes that
 * validation should already have refused.
 */

import { createSecretKey, type KeyObject } from 'node:crypto';
import type { DataKeySpec } from '../api/generated/shapes.js';
import { dataKeySpecEntry, symmetricEntry } from './algorithms.js';

/** A CSPRNG: `n` uniformly random bytes (platform/random.ts `Random.bytes` fits). */
export type RandomBytes = (n: number) => Buffer;

// GenerateDataKey NumberOfBytes is 1..1024
// (https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKey.html#KMS-GenerateDataKey-request-NumberOfBytes).
const dataKeyBytesMin = 1;
const dataKeyBytesMax = 1024;

/** Calls `randomBytes(n)` and insists on getting exactly n bytes back. */
function exactly(randomBytes: RandomBytes, n: number): Buffer {
  const bytes = randomBytes(n);
  if (bytes.length !== n) throw new Error('randomBytes returned the wrong length');
  return bytes;
}

/**
 * A new backing key for one version of a SYMMETRIC_DEFAULT key: 32 random bytes (AES-256, the size comes
 * from the algorithms table). The caller seals it with at-rest.ts before storing it.
 */
export function generateBackingKey(randomBytes: RandomBytes): Buffer {
  return exactly(randomBytes, symmetricEntry().backingKeyBytes);
}

/**
 * Wraps raw symmetric material as a secret `KeyObject`. `createSecretKey` copies the bytes, so the caller
 * may zero `raw` afterwards; cache the result, not the raw bytes (NOTES.md §3).
 */
export function toKeyObject(raw: Uint8Array): KeyObject {
  if (raw.length === 0) throw new RangeError('key material must not be empty');
  return createSecretKey(raw);
}

/**
 * A plaintext data key for GenerateDataKey: `AES_128` → 16 bytes, `AES_256` → 32 bytes, or a byte count
 * (NumberOfBytes, 1..1024). Throws RangeError for a count outside that range and
 * UnsupportedOperationException for an unknown spec name; validation normally refuses both first.
 */
export function generateDataKey(specOrBytes: DataKeySpec | number, randomBytes: RandomBytes): Buffer {
  const bytes = typeof specOrBytes === 'number' ? specOrBytes : dataKeySpecEntry(specOrBytes).bytes;
  if (!Number.isInteger(bytes) || bytes < dataKeyBytesMin || bytes > dataKeyBytesMax) {
    throw new RangeError(`data key length must be an integer from ${dataKeyBytesMin} to ${dataKeyBytesMax}`);
  }
  return exactly(randomBytes, bytes);
}
