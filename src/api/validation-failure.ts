/**
 * A violated input constraint as data (DESIGN.md habit 4): what the table-driven validator
 * (protocol/validate.ts) and the generated per-shape decoders (generated/serde-*.ts) produce, and
 * what protocol/validation-message.ts alone renders as AWS's ValidationException text.
 *
 * This module imports nothing of ours.
 */

/** Fields every failure carries. `path` uses AWS's wire naming: `keyId`, `tags.1.member.tagKey`. */
interface FailureBase {
  readonly path: string;
  /** The member or one of its ancestors is `@sensitive`: its value must never be echoed. */
  readonly sensitive: boolean;
}

/**
 * One violated constraint. For `length` and `range` exactly one of `min`/`max` is set: the bound
 * that was crossed (AWS reports only that one, e.g. "Member must have length less than or equal
 * to 4096").
 */
export type ValidationFailure =
  | (FailureBase & { readonly kind: 'required' })
  | (FailureBase & { readonly kind: 'length'; readonly value: unknown; readonly min?: number; readonly max?: number })
  | (FailureBase & { readonly kind: 'range'; readonly value: number; readonly min?: number; readonly max?: number })
  | (FailureBase & { readonly kind: 'pattern'; readonly value: string; readonly pattern: string })
  | (FailureBase & { readonly kind: 'enum'; readonly value: string; readonly shape: string; readonly values: readonly string[] });
