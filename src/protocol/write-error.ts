/**
 * Any thrown value → the status and JSON body of an AWS error response (DESIGN.md habit 3): one
 * serializer reading the error's own `name` and `status`; everything unrecognised becomes
 * InternalFailure.
 *
 * Must never: put a stack, an internal message or a non-KMS error's text in a response, or decide
 * a status from a message or a class ladder.
 */
import { KmsServiceError, internalFailure } from '../api/errors.js';
import type { Logger } from '../platform/logger.js';

/** What the server writes for an error. `body` is the JSON text. */
export interface ErrorReply {
  readonly status: number;
  readonly name: string;
  readonly body: string;
}

/**
 * `{"__type":"<name>","message":"<text>"}` (NOTES.md §1;
 * https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html "Operation error serialization";
 * lowercase `message`, research "How the
 * error body looks"). An empty message is left out entirely: AWS sends
 * `{"__type":"InvalidCiphertextException"}` with no `message` member (RECORDED, research
 * "How the error body looks"), and its JSON front end does the same for unparseable bodies.
 */
export function errorBody(error: KmsServiceError): string {
  return error.message === ''
    ? JSON.stringify({ __type: error.name })
    : JSON.stringify({ __type: error.name, message: error.message });
}

function describeForLog(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { errorName: error.name, errorMessage: error.message, stack: error.stack };
  return { errorValue: String(error) };
}

/**
 * Maps `error` to a reply. A KmsServiceError answers with its own status, name and message. Anything
 * else is logged at error level with the request id and stack, and answered with `internalFailure()`
 * (500), whose fixed text reveals nothing (smithy's SchemaServiceHandler catch block does the same).
 */
export function errorReply(error: unknown, requestId: string, logger: Logger): ErrorReply {
  if (error instanceof KmsServiceError) {
    if (error.fault === 'server') {
      // A deliberate server-side error (KMSInternalException, DependencyTimeoutException …) still
      // means something went wrong here: keep a trace for the operator.
      logger.log('error', 'server fault answered', { requestId, errorName: error.name, errorMessage: error.message });
    }
    return { status: error.status, name: error.name, body: errorBody(error) };
  }
  logger.log('error', 'unexpected error; answered InternalFailure', { requestId, ...describeForLog(error) });
  const failure = internalFailure();
  return { status: failure.status, name: failure.name, body: errorBody(failure) };
}
