/**
 * Tag rules for CreateKey and TagResource beyond the model's length constraints.
 * https://docs.aws.amazon.com/kms/latest/developerguide/tagging-keys.html
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_TagResource.html
 * Pure: returns the merged list or throws TagException.
 */
import { TagException } from '../../api/generated/errors.js';
import type { KeyState, Tag } from '../../api/generated/shapes.js';
import { tagsDuplicateKeys, tagsReserved, tagsTooMany } from '../messages.js';

/** AWS allows at most 50 tags per KMS key. */
export const maxTagsPerKey = 50;

/**
 * Key states in which TagResource and UntagResource succeed: every state of the Developer Guide's
 * key-state table but PendingDeletion (footnote [3], KMSInvalidStateException). ListResourceTags
 * works in every state.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
 */
export const taggableStates: readonly KeyState[] = ['Enabled', 'Disabled', 'PendingImport'];

/** Throws TagException for reserved (`aws:`) keys and keys repeated within one request. */
function checkTagKeys(tags: readonly Tag[]): void {
  // Recorded texts: "Tags beginning with aws: are reserved" (any case), "Duplicate tag keys".
  if (new Set(tags.map((t) => t.TagKey)).size !== tags.length) throw new TagException(tagsDuplicateKeys);
  for (const tag of tags) {
    if (tag.TagKey.toLowerCase().startsWith('aws:')) {
      throw new TagException(tagsReserved);
    }
  }
}

/**
 * `existing` with `added` applied: a tag key already present gets the new value (TagResource
 * "replaces the current tag value"), later duplicates in `added` win. Throws TagException past
 * the per-key limit.
 */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  checkTagKeys(added);
  const byKey = new Map<string, string>(existing.map((t) => [t.TagKey, t.TagValue]));
  for (const tag of added) byKey.set(tag.TagKey, tag.TagValue);
  if (byKey.size > maxTagsPerKey) throw new TagException(tagsTooMany);
  return [...byKey].map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
}

/** `existing` without the given tag keys (keys not present are ignored, as AWS does). */
export function removeTags(existing: readonly Tag[], keys: readonly string[]): Tag[] {
  const drop = new Set(keys);
  return existing.filter((t) => !drop.has(t.TagKey));
}
