/**
 * `X-Amz-Target: TrentService.<Operation>` → OperationName. AWS JSON 1.1 dispatches on this header
 * alone, never on the URL or the credential scope (NOTES.md §1;
 * https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html "Protocol behaviors").
 *
 * Must never: look operations up on a plain object (`TrentService.constructor` or
 * `TrentService.__proto__` would hit Object.prototype), or echo the header back.
 */
import { UnknownOperationException } from '../api/errors.js';
import { operationNames, type OperationName } from '../api/generated/operations.js';

/** The service name of the KMS Smithy model (`com.amazonaws.kms#TrentService`). */
export const targetPrefix = 'TrentService.';

/** Built once; a Map has no prototype keys to collide with. */
const byTarget: ReadonlyMap<string, OperationName> = new Map(operationNames.map((n) => [targetPrefix + n, n] as const));

/**
 * Resolves the X-Amz-Target header. Missing, unknown, a wrong prefix or a different case all give
 * UnknownOperationException without a message: nothing is recorded for KMS (research §11), and
 * AWS-faithful emulators of Coral front ends answer `{"__type":"…UnknownOperationException"}` bare.
 */
export function routeTarget(target: string | undefined): OperationName {
  const name = target === undefined ? undefined : byTarget.get(target);
  if (name === undefined) throw new UnknownOperationException();
  return name;
}
