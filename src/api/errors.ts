/**
 * The error base every KMS error derives from, and the errors the AWS front end sends that the model
 * does not list (NOTES.md §1, §2). An error carries its own wire identity (`name`, `fault`, `status`),
 * so protocol/write-error.ts serialises any of them without knowing the class (DESIGN.md habit 3).
 *
 * This module imports nothing of ours.
 */
export abstract class KmsServiceError extends Error {
  abstract override readonly name: string;
  abstract readonly fault: 'client' | 'server';
  abstract readonly status: number;
}

/** Declares a non-modelled error class with a fixed wire identity. */
function frontEndError<N extends string>(name: N, status: number, fault: 'client' | 'server' = 'client') {
  return class extends KmsServiceError {
    override readonly name: N = name;
    readonly fault = fault;
    readonly status = status;
  };
}

// https://docs.aws.amazon.com/kms/latest/APIReference/CommonErrors.html
export class UnknownOperationException extends frontEndError('UnknownOperationException', 400) {}
export class SerializationException extends frontEndError('SerializationException', 400) {}
export class ValidationException extends frontEndError('ValidationException', 400) {}
/** KMS answers AccessDeniedException with HTTP 400 (NOTES.md §1). */
export class AccessDeniedException extends frontEndError('AccessDeniedException', 400) {}
export class ThrottlingException extends frontEndError('ThrottlingException', 400) {}
/** HTTP 400 like the rest of the JSON 1.1 front end's client errors (research §11; 403 is API Gateway's). */
export class MissingAuthenticationTokenException extends frontEndError('MissingAuthenticationTokenException', 400) {}
export class IncompleteSignatureException extends frontEndError('IncompleteSignatureException', 400) {}
export class UnrecognizedClientException extends frontEndError('UnrecognizedClientException', 400) {}
export class InvalidSignatureException extends frontEndError('InvalidSignatureException', 400) {}
export class ExpiredTokenException extends frontEndError('ExpiredTokenException', 400) {}
export class RequestEntityTooLargeException extends frontEndError('RequestEntityTooLargeException', 413) {}
export class InternalFailure extends frontEndError('InternalFailure', 500, 'server') {}

/** The one answer to anything unexpected: no internals reach the client. */
export function internalFailure(): InternalFailure {
  return new InternalFailure('We encountered an internal error. Please try again.');
}
