/**
 * What GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext share: a fresh key pair of the
 * KeyPairSpec (generated off the event loop), its PKCS#8 private key encrypted under a symmetric KMS
 * key with the encryption context, and its SPKI public key.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKeyPair.html
 */
import { UnsupportedOperationException } from '../api/generated/errors.js';
import type { DataKeyPairSpec, RecipientInfo } from '../api/generated/shapes.js';
import type { KeyRecord } from '../domain/key/key-record.js';
import { unsupportedParameter } from '../domain/messages.js';
import { keyPairSpecEntry } from '../crypto/algorithms.js';
import { generateDataKeyPair } from '../crypto/key-material.js';
import type { ServiceDeps } from './deps.js';
import { sealUnder } from './symmetric-envelope.js';

export interface DataKeyPairRequest {
  readonly KeyPairSpec: DataKeyPairSpec;
  readonly EncryptionContext?: Record<string, string>;
  readonly Recipient?: RecipientInfo;
}

/** A fresh pair; the caller zeroes `privateKey` when done with it. */
export async function makeDataKeyPair(deps: ServiceDeps, key: KeyRecord, input: DataKeyPairRequest, operation: string) {
  if (input.Recipient !== undefined) throw new UnsupportedOperationException(unsupportedParameter('Recipient', operation));
  const entry = keyPairSpecEntry(input.KeyPairSpec);
  const pair = await generateDataKeyPair(entry);
  const sealed = await sealUnder(deps, key, pair.privateKey, input.EncryptionContext);
  return { privateKey: pair.privateKey, publicKey: pair.publicKey, blob: sealed.blob, materialId: sealed.materialId };
}
