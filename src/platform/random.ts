/**
 * Randomness as a dependency (DESIGN.md habit 11). The system implementation is node:crypto's CSPRNG;
 * tests may inject a deterministic one for ids, never for key material.
 */
import { randomBytes, randomUUID } from 'node:crypto';

export interface Random {
  /** `n` bytes from a CSPRNG. */
  bytes(n: number): Buffer;
  /** An RFC 4122 version-4 UUID, used for key ids and request ids. */
  uuid(): string;
}

export const systemRandom: Random = { bytes: (n) => randomBytes(n), uuid: () => randomUUID() };
