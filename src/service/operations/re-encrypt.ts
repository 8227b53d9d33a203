/**
 * ReEncrypt: decrypts under the blob's key and encrypts under DestinationKeyId without the
 * plaintext leaving the server. The source is resolved from the blob like Decrypt; the
 * destination must be an Enabled ENCRYPT_DECRYPT key.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html
 */
import { IncorrectKeyException, InvalidCiphertextException } from '../../api/generated/errors.js';
import { invalidCiphertextMessage } from '../../crypto/ciphertext-blob.js';
import { allKeyForms } from '../../domain/key/identifiers.js';
import { usableStates } from '../../domain/key/key-state.js';
import { incorrectKey } from '../../domain/messages.js';
import { requireKey, type Operation } from '../operation.js';
import { blobKeyId, checkSymmetricAlgorithm, openUnder, requireBlob, sealUnder } from '../symmetric-envelope.js';

export const reEncrypt: Operation<'ReEncrypt'> = {
  spec: {
    // AWS evaluates kms:ReEncryptFrom on the source and kms:ReEncryptTo on the destination.
    iamAction: 'kms:ReEncryptFrom',
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
    const source = requireKey(ctx);
    const { caller } = ctx.request;
    if (input.SourceKeyId !== undefined) {
      const named = await ctx.deps.keys.find(caller, input.SourceKeyId, allKeyForms);
      if (named.keyId !== source.keyId) throw new IncorrectKeyException(incorrectKey);
    }
    const destination = await ctx.deps.keys.resolve(caller, input.DestinationKeyId, {
      forms: allKeyForms, acceptedStates: usableStates, keyUsages: ['ENCRYPT_DECRYPT'], operation: 'ReEncrypt',
    });
    checkSymmetricAlgorithm(source, input.SourceEncryptionAlgorithm);
    checkSymmetricAlgorithm(destination, input.DestinationEncryptionAlgorithm);
    const opened = await openUnder(ctx.deps, source, requireBlob(input.CiphertextBlob), input.SourceEncryptionContext);
    try {
      const sealed = await sealUnder(ctx.deps, destination, opened.plaintext, input.DestinationEncryptionContext);
      return {
        CiphertextBlob: sealed.blob,
        SourceKeyId: source.arn,
        KeyId: destination.arn,
        SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        SourceKeyMaterialId: opened.materialId,
        DestinationKeyMaterialId: sealed.materialId,
      };
    } finally {
      opened.plaintext.fill(0);
    }
  },
};
