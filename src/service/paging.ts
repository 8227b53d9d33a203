/**
 * Limit/Marker paging as the KMS List* operations do it: `Limit` 1–1000 (default 100), an opaque
 * `NextMarker` only when `Truncated` is true.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeys.html
 * Our markers are the base64url of the last item's sort key, so a marker from another listing or a
 * hand-made one is recognised and refused with InvalidMarkerException.
 */
import { InvalidMarkerException } from '../api/generated/errors.js';
import { invalidMarker } from '../domain/messages.js';

export const defaultPageLimit = 100;

/** The sort key a Marker encodes; InvalidMarkerException when it was not issued by `kind`. */
export function decodeMarker(marker: string | undefined, kind: string): string | undefined {
  if (marker === undefined) return undefined;
  const text = /^[A-Za-z0-9_-]+$/.test(marker) ? Buffer.from(marker, 'base64url').toString('utf8') : '';
  const prefix = `${kind}:`;
  if (!text.startsWith(prefix)) throw new InvalidMarkerException(invalidMarker);
  return text.slice(prefix.length);
}

export function encodeMarker(kind: string, sortKey: string): string {
  return Buffer.from(`${kind}:${sortKey}`, 'utf8').toString('base64url');
}

/**
 * Runs a page query for `limit + 1` items and shapes the List* response fields around it.
 * `sortKey` gives the cursor of an item.
 */
export async function page<T>(
  kind: string,
  limit: number | undefined,
  marker: string | undefined,
  query: (limit: number, after: string | undefined) => Promise<T[]>,
  sortKey: (item: T) => string,
): Promise<{ items: T[]; Truncated: boolean; NextMarker?: string }> {
  const size = limit ?? defaultPageLimit;
  const rows = await query(size + 1, decodeMarker(marker, kind));
  if (rows.length <= size) return { items: rows, Truncated: false };
  const items = rows.slice(0, size);
  return { items, Truncated: true, NextMarker: encodeMarker(kind, sortKey(items[items.length - 1]!)) };
}
