/**
 * Lookup of a named shape in the generated schema table, shared by serde.ts and validate.ts.
 *
 * Owns: the one "shape must exist" check. Must never: decode, validate or format anything.
 */
import { schemas } from '../api/generated/schemas.js';
import type { ShapeSchema } from '../api/schema.js';

/**
 * The schema of shape `name`. A missing shape is a bug in the generated table or its caller, not
 * bad input, so it throws a plain Error (surfacing as an internal failure), never an AWS exception.
 */
export function shapeOf(name: string): ShapeSchema {
  const s = schemas[name];
  if (s === undefined) throw new Error(`schema has no shape ${name}`);
  return s;
}
