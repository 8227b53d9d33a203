/**
 * The IAM wildcard match: `*` is any run of characters (also none), `?` exactly one. Used for
 * Action/NotAction (case-insensitive, "action names are not case sensitive"), Resource (case-sensitive)
 * and the StringLike / ArnLike condition operators. Compiled once per policy document. Pure.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
 */
export interface Matcher {
  readonly pattern: string;
  test(value: string): boolean;
}

const special = /[.+^${}()|[\]\\]/g;

/** A matcher for one pattern; exact patterns compare as strings (the common case: `kms:Encrypt`). */
export function wildcard(pattern: string, ignoreCase: boolean): Matcher {
  if (pattern === '*') return { pattern, test: () => true };
  if (!pattern.includes('*') && !pattern.includes('?')) {
    if (!ignoreCase) return { pattern, test: (value) => value === pattern };
    const lower = pattern.toLowerCase();
    return { pattern, test: (value) => value.length === lower.length && value.toLowerCase() === lower };
  }
  const source = pattern.replace(special, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  const regex = new RegExp(`^${source}$`, ignoreCase ? 'si' : 's');
  return { pattern, test: (value) => regex.test(value) };
}

/** True when any matcher accepts `value`. */
export function anyMatch(matchers: readonly Matcher[], value: string): boolean {
  for (const m of matchers) if (m.test(value)) return true;
  return false;
}
