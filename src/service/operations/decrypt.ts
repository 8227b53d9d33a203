/**
 * Decrypt: the key comes from the blob's header, so KeyId is optional; when given it must name
 * that key (IncorrectKeyException). Every other failure, including a blob naming a key the caller
 * cannot see, is the same InvalidCiphertextException.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html
 */
import { UnsupportedOperationException } from '../../api/generated/errors.js';
import { unsupportedParameter } from '../../domain/messages.js';
import { requireKey, type Operation } from '../operation.js';
import { blobKeyRule, checkNamedKey, checkSymmetricAlgorithm, openUnder, requireBlob } from '../symmetric-envelope.js';

export const decrypt: Operation<'Decrypt'> = {
  spec: { iamAction: 'kms:Decrypt', mutates: false, key: blobKeyRule() },
  async run(input, ctx) {
    const key = requireKey(ctx);
    if (input.Recipient !== undefined) throw new UnsupportedOperationException(unsupportedParameter('Recipient', 'Decrypt'));
    await checkNamedKey(ctx, input.KeyId, key);
    checkSymmetricAlgorithm(key, input.EncryptionAlgorithm);
    const opened = await openUnder(ctx.deps, key, requireBlob(input.CiphertextBlob), input.EncryptionContext);
    return { KeyId: key.arn, Plaintext: opened.plaintext, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyMaterialId: opened.materialId };
  },
};
