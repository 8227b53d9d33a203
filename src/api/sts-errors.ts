/**
 * The errors of the AWS STS Query endpoint that KMS has no equivalent for (AWS STS API Reference,
 * "Common Errors" and the AssumeRole "Errors" section). Their `name` is STS's error Code, written by
 * protocol/sts-errors.ts into `<ErrorResponse><Error><Code>`. Authentication failures stay the KMS
 * classes (one SigV4 verifier) and are renamed to STS's codes at the edge.
 *
 * This module imports nothing of ours but api/errors.ts.
 */
import { KmsServiceError } from './errors.js';

function stsError<N extends string>(name: N, status: number) {
  return class extends KmsServiceError {
    override readonly name: N = name;
    readonly fault = 'client' as const;
    readonly status = status;
  };
}

/** "The input fails to satisfy the constraints specified by an AWS service." (Common Errors, 400). */
export class StsValidationError extends stsError('ValidationError', 400) {}
/** "The request is missing an action or a required parameter." (Common Errors, 400). */
export class StsMissingAction extends stsError('MissingAction', 400) {}
/** "The action or operation requested is invalid." (Common Errors, 400). */
export class StsInvalidAction extends stsError('InvalidAction', 400) {}
/** AssumeRole refused by the trust policy or the caller's identity policies: HTTP 403 as STS sends it. */
export class StsAccessDenied extends stsError('AccessDenied', 403) {}
