/**
 * The types of the generated schema table (src/api/generated/schemas.ts). Serde and validation walk
 * these; nothing else in the repository describes the wire shapes.
 */
export interface LengthConstraint { readonly min?: number; readonly max?: number }

export interface MemberSchema {
  /** Short name of the target shape in `schemas`. */
  readonly target: string;
  readonly required?: true;
}

export type ShapeSchema =
  | { readonly type: 'structure'; readonly members: Readonly<Record<string, MemberSchema>>; readonly error?: true; readonly sensitive?: true }
  | { readonly type: 'string'; readonly length?: LengthConstraint; readonly pattern?: string; readonly sensitive?: true }
  | { readonly type: 'enum'; readonly values: readonly string[]; readonly sensitive?: true }
  | { readonly type: 'blob'; readonly length?: LengthConstraint; readonly sensitive?: true }
  | { readonly type: 'integer'; readonly range?: LengthConstraint }
  | { readonly type: 'boolean' }
  | { readonly type: 'timestamp' }
  | { readonly type: 'list'; readonly member: string; readonly length?: LengthConstraint; readonly sensitive?: true }
  | { readonly type: 'map'; readonly key: string; readonly value: string; readonly length?: LengthConstraint; readonly sensitive?: true };
