/**
 * Any thrown value → STS's XML error reply (AWS STS API Reference, "Common Errors"; the body shape
 * `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>` as recorded
 * from STS and IAM, e.g. cfn-sphere/cfn-sphere#55). The SigV4 verifier throws the KMS JSON classes;
 * STS names and statuses them differently, so they are renamed here, and only here.
 */
import { KmsServiceError, internalFailure } from '../api/errors.js';
import type { Logger } from '../platform/logger.js';
import { xmlDocument } from './xml.js';

export const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

/**
 * KMS front-end error name → STS Code and HTTP status (STS Common Errors: IncompleteSignature 400,
 * InvalidClientTokenId 403, MissingAuthenticationToken 403, SignatureDoesNotMatch 403, Throttling
 * 400, InternalFailure 500; ExpiredToken 403 as recorded, aws/aws-sdk-java-v2#1649,
 * cfn-sphere/cfn-sphere#55).
 */
const renamed: Readonly<Record<string, readonly [code: string, status: number]>> = {
  IncompleteSignatureException: ['IncompleteSignature', 400],
  UnrecognizedClientException: ['InvalidClientTokenId', 403],
  MissingAuthenticationTokenException: ['MissingAuthenticationToken', 403],
  InvalidSignatureException: ['SignatureDoesNotMatch', 403],
  ExpiredTokenException: ['ExpiredToken', 403],
  AccessDeniedException: ['AccessDenied', 403],
  ThrottlingException: ['Throttling', 400],
  RequestEntityTooLargeException: ['RequestEntityTooLarge', 413],
  InternalFailure: ['InternalFailure', 500],
};

export interface StsErrorReply {
  readonly status: number;
  readonly code: string;
  readonly body: string;
}

/** The STS error reply for `error`; anything not a KmsServiceError is logged and answered InternalFailure. */
export function stsErrorReply(error: unknown, requestId: string, logger: Logger): StsErrorReply {
  let known: KmsServiceError;
  if (error instanceof KmsServiceError) {
    known = error;
  } else {
    logger.log('error', 'unexpected error; answered InternalFailure', {
      requestId, errorName: error instanceof Error ? error.name : 'unknown', errorMessage: error instanceof Error ? error.message : String(error),
    });
    known = internalFailure();
  }
  const [code, status] = renamed[known.name] ?? [known.name, known.status];
  const body = xmlDocument(['ErrorResponse', [
    ['Error', [
      ['Type', known.fault === 'server' ? 'Receiver' : 'Sender'],
      ['Code', code],
      ['Message', known.message],
    ]],
    ['RequestId', requestId],
  ]], STS_XMLNS);
  return { status, code, body };
}
