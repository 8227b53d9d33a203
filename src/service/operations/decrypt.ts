/**
 * Decrypt: the key comes from the blob's header, so KeyId is optional; when given it must name
 * that key (IncorrectKeyException). Every other failure, including a blob naming a key the caller
 * cannot see, is the same InvalidCiphertextException.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html
 */
import { IncorrectKeyException, InvalidCiphertextException, UnsupportedOperationException } from '../../api/generated/errors.js';
import { invalidCiphertextMessage } from '../../crypto/ciphertext-blob.js';
import { allKeyForms } from '../../domain/key/identifiers.js';
import { usableStates } from '../../domain/key/key-state.js';
import { incorrectKey, unsupportedParameter } from '../../domain/messages.js';
import { requireKey, type Operation } from '../operation.js';
import { blobKeyId, checkSymmetricAlgorithm, openUnder, requireBlob } from '../symmetric-envelope.js';

export const decrypt: Operation<'Decrypt'> = {
  spec: {
    iamAction: 'kms:Decrypt',
    mutates: false,
    key: {
      reference: (input) => blobKeyId(requireBlob(input.CiphertextBlob)),
      forms: ['keyId'],
      acceptedStates: usableStates,
      keyUsages: ['ENCRYPT_DECRYPT'],
      // A blob naming no key of the caller's scope is corrupted or foreign: the same answer as any
      // other undecryptable blob (issue 3 item 9; DESIGN.md habit 2), so nothing reveals which check failed.
      notFound: () => new InvalidCiphertextException(invalidCiphertextMessage),
    },
  },
  async run(input, ctx) {
    const key = requireKey(ctx);
    if (input.Recipient !== undefined) throw new UnsupportedOperationException(unsupportedParameter('Recipient', 'Decrypt'));
    if (input.KeyId !== undefined) {
      const named = await ctx.deps.keys.find(ctx.request.caller, input.KeyId, allKeyForms);
      if (named.keyId !== key.keyId) throw new IncorrectKeyException(incorrectKey);
    }
    checkSymmetricAlgorithm(key, input.EncryptionAlgorithm);
    const opened = await openUnder(ctx.deps, key, requireBlob(input.CiphertextBlob), input.EncryptionContext);
    return { KeyId: key.arn, Plaintext: opened.plaintext, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyMaterialId: opened.materialId };
  },
};
