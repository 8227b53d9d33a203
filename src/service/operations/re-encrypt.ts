/**
 * ReEncrypt: decrypts under the source key and encrypts under DestinationKeyId without the plaintext
 * leaving the server. Either side may be a symmetric key (Trent's blob, the source found from the
 * blob like Decrypt) or an RSA key (RSAES-OAEP; the source then named by SourceKeyId).
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html
 */
import type { ReEncryptResponse } from '../../api/generated/shapes.js';
import { allKeyForms } from '../../domain/key/identifiers.js';
import { usableStates } from '../../domain/key/key-state.js';
import { requireKey, type Operation } from '../operation.js';
import { blobKeyRule, checkNamedKey, openUnder, requireBlob, sealUnder } from '../symmetric-envelope.js';
import { checkEncryptionAlgorithm, rsaDecrypt, rsaEncrypt, rsaSourceRule } from '../asymmetric-envelope.js';

export const reEncrypt: Operation<'ReEncrypt'> = {
  // AWS evaluates kms:ReEncryptFrom on the source and kms:ReEncryptTo on the destination.
  spec: {
    iamAction: 'kms:ReEncryptFrom',
    mutates: false,
    key: { ...blobKeyRule<'ReEncrypt'>(), forInput: rsaSourceRule<'ReEncrypt'>((i) => i.SourceEncryptionAlgorithm, (i) => i.SourceKeyId, 'SourceKeyId') },
  },
  async run(input, ctx) {
    const source = requireKey(ctx);
    const { caller } = ctx.request;
    const destination = await ctx.deps.keys.resolve(caller, input.DestinationKeyId, {
      forms: allKeyForms, acceptedStates: usableStates, keyUsages: ['ENCRYPT_DECRYPT'], operation: 'ReEncrypt',
    });
    const sourceAlgorithm = checkEncryptionAlgorithm(source, input.SourceEncryptionAlgorithm);
    const destinationAlgorithm = checkEncryptionAlgorithm(destination, input.DestinationEncryptionAlgorithm);
    const blob = requireBlob(input.CiphertextBlob);
    let plaintext: Buffer;
    let sourceMaterialId: string | undefined;
    if (sourceAlgorithm.oaepHash) {
      plaintext = await rsaDecrypt(ctx.deps, source, sourceAlgorithm, blob, input.SourceEncryptionContext);
    } else {
      await checkNamedKey(ctx, input.SourceKeyId, source);
      const opened = await openUnder(ctx.deps, source, blob, input.SourceEncryptionContext);
      plaintext = opened.plaintext;
      sourceMaterialId = opened.materialId;
    }
    try {
      const out: ReEncryptResponse = {
        SourceKeyId: source.arn,
        KeyId: destination.arn,
        SourceEncryptionAlgorithm: sourceAlgorithm.algorithm,
        DestinationEncryptionAlgorithm: destinationAlgorithm.algorithm,
        ...(sourceMaterialId !== undefined ? { SourceKeyMaterialId: sourceMaterialId } : {}),
      };
      if (destinationAlgorithm.oaepHash) {
        out.CiphertextBlob = await rsaEncrypt(ctx.deps, destination, destinationAlgorithm, plaintext, input.DestinationEncryptionContext);
      } else {
        const sealed = await sealUnder(ctx.deps, destination, plaintext, input.DestinationEncryptionContext);
        out.CiphertextBlob = sealed.blob;
        out.DestinationKeyMaterialId = sealed.materialId;
      }
      return out;
    } finally {
      plaintext.fill(0);
    }
  },
};
