/**
 * What GenerateDataKey and GenerateDataKeyWithoutPlaintext share: the size rule (exactly one of
 * KeySpec and NumberOfBytes) and generating plus sealing the data key.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKey.html
 */
import { UnsupportedOperationException } from '../api/generated/errors.js';
import { ValidationException } from '../api/errors.js';
import type { DataKeySpec, RecipientInfo } from '../api/generated/shapes.js';
import { generateDataKey } from '../crypto/symmetric-key.js';
import type { KeyRecord } from '../domain/key/key-record.js';
import { keySpecOrNumberOfBytes, unsupportedParameter } from '../domain/messages.js';
import type { ServiceDeps } from './deps.js';
import { sealUnder } from './symmetric-envelope.js';

export interface DataKeyRequest {
  readonly KeySpec?: DataKeySpec;
  readonly NumberOfBytes?: number;
  readonly EncryptionContext?: Record<string, string>;
  readonly Recipient?: RecipientInfo;
}

/** A fresh data key and its blob under `key`. The caller zeroes `plaintext` when done with it. */
export async function makeDataKey(deps: ServiceDeps, key: KeyRecord, input: DataKeyRequest, operation: string) {
  if ((input.KeySpec === undefined) === (input.NumberOfBytes === undefined)) {
    throw new ValidationException(keySpecOrNumberOfBytes);
  }
  if (input.Recipient !== undefined) throw new UnsupportedOperationException(unsupportedParameter('Recipient', operation));
  const plaintext = generateDataKey(input.KeySpec ?? input.NumberOfBytes!, deps.random.bytes);
  const sealed = await sealUnder(deps, key, plaintext, input.EncryptionContext);
  return { plaintext, blob: sealed.blob, materialId: sealed.materialId };
}
