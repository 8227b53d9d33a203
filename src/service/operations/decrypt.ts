/**
 * Decrypt: the key of a symmetric blob comes from the blob's header, so KeyId is optional; when given
 * it must name that key (IncorrectKeyException). A blob naming a key the caller cannot reach is
 * AWS's one AccessDeniedException (symmetric-envelope.ts, blobKeyRule); every failure to open a blob
 * of a reachable key is the same InvalidCiphertextException. An RSA ciphertext names no key: with
 * EncryptionAlgorithm RSAES_OAEP_SHA_1/256 the key is the one KeyId names.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html
 */
import { UnsupportedOperationException } from '../../api/generated/errors.js';
import { unsupportedParameter } from '../../domain/messages.js';
import { requireKey, type Operation } from '../operation.js';
import { blobKeyRule, checkNamedKey, openUnder, requireBlob } from '../symmetric-envelope.js';
import { checkEncryptionAlgorithm, rsaDecrypt, rsaSourceRule } from '../asymmetric-envelope.js';

export const decrypt: Operation<'Decrypt'> = {
  spec: {
    iamAction: 'kms:Decrypt',
    mutates: false,
    key: { ...blobKeyRule<'Decrypt'>(), forInput: rsaSourceRule<'Decrypt'>((i) => i.EncryptionAlgorithm, (i) => i.KeyId, 'KeyId') },
  },
  async run(input, ctx) {
    const key = requireKey(ctx);
    if (input.Recipient !== undefined) throw new UnsupportedOperationException(unsupportedParameter('Recipient', 'Decrypt'));
    const algorithm = checkEncryptionAlgorithm(key, input.EncryptionAlgorithm);
    if (algorithm.oaepHash) {
      const plaintext = await rsaDecrypt(ctx.deps, key, algorithm, requireBlob(input.CiphertextBlob), input.EncryptionContext);
      return { KeyId: key.arn, Plaintext: plaintext, EncryptionAlgorithm: algorithm.algorithm };
    }
    await checkNamedKey(ctx, input.KeyId, key);
    const opened = await openUnder(ctx.deps, key, requireBlob(input.CiphertextBlob), input.EncryptionContext);
    return { KeyId: key.arn, Plaintext: opened.plaintext, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyMaterialId: opened.materialId };
  },
};
