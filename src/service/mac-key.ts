/** What GenerateMac and VerifyMac share: the HMAC key and the algorithm check against its spec. */
import type { KeyObject } from 'node:crypto';
import { InvalidKeyUsageException, KMSInternalException } from '../api/generated/errors.js';
import type { MacAlgorithmSpec } from '../api/generated/shapes.js';
import type { KeyRecord } from '../domain/key/key-record.js';
import { keyMaterialUnavailable } from '../domain/messages.js';
import { algorithmIncompatible } from '../domain/messages-key-spec.js';
import { macAlgorithmEntry, type MacAlgorithmEntry } from '../crypto/algorithms.js';
import type { ServiceDeps } from './deps.js';
import { currentMaterial } from './signing.js';

/** The MAC algorithm entry when it belongs to the key's spec; else InvalidKeyUsageException (RECORDED). */
export function checkMacAlgorithm(key: KeyRecord, algorithm: MacAlgorithmSpec): MacAlgorithmEntry {
  const entry = macAlgorithmEntry(algorithm);
  if (!entry || entry.keySpec !== key.keySpec) throw new InvalidKeyUsageException(algorithmIncompatible(algorithm, key.keySpec));
  return entry;
}

/** The HMAC key of an HMAC KMS key. */
export async function macKey(deps: Pick<ServiceDeps, 'keyring'>, key: KeyRecord): Promise<KeyObject> {
  const material = await currentMaterial(deps, key);
  if (material.kind !== 'secret') throw new KMSInternalException(keyMaterialUnavailable);
  return material.key;
}
