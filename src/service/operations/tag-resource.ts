/**
 * TagResource: adds tags to a customer managed key, replacing the value of a tag key it already has.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_TagResource.html
 * Tag rules (reserved `aws:` prefix, duplicates, 50 per key) are in domain/key/tags.ts; lengths were
 * checked by the protocol layer against the model.
 */
import { keyIdOrArn } from '../../domain/key/identifiers.js';
import { mergeTags, taggableStates } from '../../domain/key/tags.js';
import { requireKey, type Operation } from '../operation.js';
import { saveKey } from '../save-key.js';

export const tagResource: Operation<'TagResource'> = {
  spec: {
    iamAction: 'kms:TagResource',
    mutates: true,
    key: { reference: (input) => input.KeyId, forms: keyIdOrArn, acceptedStates: taggableStates },
  },
  async run(input, ctx) {
    // mergeTags re-runs on a fresher key after a lost race, so the 50-tag limit holds for the
    // tags actually stored, not the ones first read.
    await saveKey(ctx, requireKey(ctx), (key) => ({ ...key, tags: mergeTags(key.tags, input.Tags) }));
    return {};
  },
};
