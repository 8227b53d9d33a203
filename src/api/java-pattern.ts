/**
 * Smithy `@pattern` (Java regex syntax) → JavaScript RegExp. Used at run time by the table-driven
 * validator (protocol/validate.ts) and at build time by scripts/codegen.ts, which writes the compiled
 * source into the generated decoders.
 *
 * This module imports nothing of ours.
 */

/**
 * Java's `\s` is ASCII whitespace only; JavaScript's also matches U+00A0, U+2028 and the like.
 * Pinning it keeps `KeyMaterialDescriptionType` (`[a-zA-Z0-9:/_\s.-]`) as strict as AWS.
 */
const javaSpaceClass = ' \\t\\n\\x0B\\f\\r';

/**
 * Compiles a Smithy `@pattern` (Java regex syntax, `\u0009`-style escapes) to a JS RegExp with
 * the `u` flag. The pattern is wrapped in `^(?:…)$` so it must match the whole value, as Java's
 * `Pattern.matches` does (every KMS pattern is anchored already; the wrap keeps that true for
 * future ones).
 */
export function compileJavaPattern(pattern: string): RegExp {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      i++;
      if (next === 's') out += inClass ? javaSpaceClass : `[${javaSpaceClass}]`;
      else out += c + next;
      continue;
    }
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    out += c;
  }
  return new RegExp(`^(?:${out})$`, 'u');
}
