/**
 * The registry entry of a modelled operation Trent does not serve yet: a clear 400 that names it
 * (issue 3 item 3), never a 500 or a silent success.
 */
import { UnsupportedOperationException } from '../../api/generated/errors.js';
import type { OperationName } from '../../api/generated/operations.js';
import { operationNotSupported } from '../../domain/messages.js';
import type { Operation } from '../operation.js';

const placeholders = new WeakSet<object>();

/** False for the placeholder entries of the registry (docs/operations.md is generated from this). */
export function isImplemented(operation: object): boolean {
  return !placeholders.has(operation);
}

/** The placeholder entry for a modelled operation not served yet. */
export function notImplemented<O extends OperationName>(name: O): Operation<O> {
  const operation: Operation<O> = {
    spec: { iamAction: `kms:${name}`, mutates: false },
    async run() {
      throw new UnsupportedOperationException(operationNotSupported(name));
    },
  };
  placeholders.add(operation);
  return operation;
}
