/**
 * UntagResource: removes the named tag keys from a customer managed key; keys it does not have are
 * ignored, as AWS ignores them.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_UntagResource.html
 */
import { keyIdOrArn } from '../../domain/key/identifiers.js';
import { removeTags, taggableStates } from '../../domain/key/tags.js';
import { requireKey, type Operation } from '../operation.js';
import { saveKey } from '../save-key.js';

export const untagResource: Operation<'UntagResource'> = {
  spec: {
    iamAction: 'kms:UntagResource',
    mutates: true,
    key: { reference: (input) => input.KeyId, forms: keyIdOrArn, acceptedStates: taggableStates },
  },
  async run(input, ctx) {
    await saveKey(ctx, requireKey(ctx), (key) => {
      const tags = removeTags(key.tags, input.TagKeys);
      // Nothing to remove: no write, no revision bump.
      return tags.length === key.tags.length ? undefined : { ...key, tags };
    });
    return {};
  },
};
