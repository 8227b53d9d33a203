/**
 * AWS's layout of the policy documents it writes itself, as GetKeyPolicy returns them: `"Key" :
 * value`, two spaces per object level, arrays on one line (`[ "a", "b" ]`, `[ {` … `} ]`), arrays
 * adding no indentation level. The layout of domain/policy/default-policy.ts, for any document.
 * Pure. A policy a caller supplies (CreateKey, PutKeyPolicy) is stored as sent, never re-laid.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 */

/** A JSON value as policy documents hold them. */
export type PolicyJson = string | number | boolean | null | readonly PolicyJson[] | { readonly [key: string]: PolicyJson };

function render(value: PolicyJson, depth: number): string {
  if (Array.isArray(value)) return value.length === 0 ? '[ ]' : `[ ${value.map((v) => render(v, depth)).join(', ')} ]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as { readonly [key: string]: PolicyJson });
    if (entries.length === 0) return '{ }';
    const pad = '  '.repeat(depth + 1);
    const body = entries.map(([k, v]) => `${pad}${JSON.stringify(k)} : ${render(v, depth + 1)}`).join(',\n');
    return `{\n${body}\n${'  '.repeat(depth)}}`;
  }
  return JSON.stringify(value);
}

/** `document` in AWS's layout; members in the order the object holds them. */
export function awsPolicyLayout(document: PolicyJson): string {
  return render(document, 0);
}
