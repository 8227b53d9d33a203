/**
 * GenerateRandom: 1–1024 bytes from the CSPRNG (node:crypto randomBytes).
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateRandom.html
 */
import { UnsupportedOperationException } from '../../api/generated/errors.js';
import { ValidationException } from '../../api/errors.js';
import { numberOfBytesRequired, unsupportedParameter } from '../../domain/messages.js';
import type { Operation } from '../operation.js';

export const generateRandom: Operation<'GenerateRandom'> = {
  spec: { iamAction: 'kms:GenerateRandom', mutates: false },
  async run(input, { deps }) {
    if (input.NumberOfBytes === undefined) throw new ValidationException(numberOfBytesRequired);
    if (input.CustomKeyStoreId !== undefined) throw new UnsupportedOperationException(unsupportedParameter('CustomKeyStoreId', 'GenerateRandom'));
    if (input.Recipient !== undefined) throw new UnsupportedOperationException(unsupportedParameter('Recipient', 'GenerateRandom'));
    return { Plaintext: deps.random.bytes(input.NumberOfBytes) };
  },
};
