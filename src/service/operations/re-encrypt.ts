/**
 * ReEncrypt: decrypts under the blob's key and encrypts under DestinationKeyId without the
 * plaintext leaving the server. The source is resolved from the blob like Decrypt; the
 * destination must be an Enabled ENCRYPT_DECRYPT key.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html
 */
import { allKeyForms } from '../../domain/key/identifiers.js';
import { usableStates } from '../../domain/key/key-state.js';
import { requireKey, type Operation } from '../operation.js';
import { blobKeyRule, checkNamedKey, checkSymmetricAlgorithm, openUnder, requireBlob, sealUnder } from '../symmetric-envelope.js';

export const reEncrypt: Operation<'ReEncrypt'> = {
  // AWS evaluates kms:ReEncryptFrom on the source and kms:ReEncryptTo on the destination.
  spec: { iamAction: 'kms:ReEncryptFrom', mutates: false, key: blobKeyRule() },
  async run(input, ctx) {
    const source = requireKey(ctx);
    const { caller } = ctx.request;
    await checkNamedKey(ctx, input.SourceKeyId, source);
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
