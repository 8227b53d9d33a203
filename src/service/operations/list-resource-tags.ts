/**
 * ListResourceTags: the tags of a key in any key state, sorted by tag key, paged with Limit/Marker.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ListResourceTags.html
 */
import { keyIdOrArn } from '../../domain/key/identifiers.js';
import { anyState } from '../../domain/key/key-state.js';
import { requireKey, type Operation } from '../operation.js';
import { page } from '../paging.js';

/**
 * "It must be between 1 and 50, inclusive. If you do not include a value, it defaults to 50" (API
 * Reference). The model allows up to 1000; a larger Limit gets pages of 50 (see list-aliases.ts).
 */
const tagPageMax = 50;

export const listResourceTags: Operation<'ListResourceTags'> = {
  spec: {
    iamAction: 'kms:ListResourceTags',
    mutates: false,
    key: { reference: (input) => input.KeyId, forms: keyIdOrArn, acceptedStates: anyState },
  },
  async run(input, ctx) {
    // Sorted by UTF-16 code units, the order the marker comparison below uses; AWS's recordings
    // show tags in key order (research §6).
    const sorted = [...requireKey(ctx).tags].sort((a, b) => (a.TagKey < b.TagKey ? -1 : a.TagKey > b.TagKey ? 1 : 0));
    const result = await page(
      'tags', Math.min(input.Limit ?? tagPageMax, tagPageMax), input.Marker,
      async (size, after) => sorted.filter((tag) => after === undefined || tag.TagKey > after).slice(0, size),
      (tag) => tag.TagKey,
    );
    return {
      Tags: result.items.map((tag) => ({ TagKey: tag.TagKey, TagValue: tag.TagValue })),
      Truncated: result.Truncated,
      ...(result.NextMarker !== undefined ? { NextMarker: result.NextMarker } : {}),
    };
  },
};
