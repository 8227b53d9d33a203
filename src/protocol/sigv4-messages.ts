/**
 * Every text the SigV4 verifier answers with, in one place, so a wording change is one edit and the
 * tests can name the source of each (DESIGN.md habit 4, applied to authentication).
 *
 * Sources, in order of weight:
 *  [R] recorded from real AWS in public bug reports (the issue is named at the line);
 *  [S] the AWS front end's texts and error ordering as reproduced and asserted by
 *      dacut/scratchstack-aws-signature (tests in src/signature.rs, docs/AWS Auth Error Ordering.pdf),
 *      consistent with every [R] text we could check;
 *  [D] the IAM User Guide page "Troubleshoot signed requests for AWS APIs"
 *      (https://docs.aws.amazon.com/IAM/latest/UserGuide/signature-v4-troubleshooting.html);
 *  [N] NOTES.md §2, where no recording was found (docs/research/aws-kms-messages.md §11 lists these
 *      as well known but unrecorded for KMS);
 *  [T] Trent's own text where AWS has nothing recorded (marked, kept plain and specific).
 * Recordings come from other AWS JSON-protocol services sharing KMS's front end (research §11).
 *
 * Must never: include a secret, a derived key or the signature we computed.
 */

/** [N] no Authorization header. */
export const MISSING_AUTHENTICATION_TOKEN = 'Missing Authentication Token';

/** [N] unknown access key, or a session token Trent did not issue. */
export const INVALID_SECURITY_TOKEN = 'The security token included in the request is invalid.';

/**
 * [R] a session token past its expiration: "An error occurred (ExpiredToken) when calling the
 * GetCallerIdentity operation: The security token included in the request is expired"
 * (prowler-cloud/prowler#789, boto/boto3#1431); no final period.
 */
export const EXPIRED_SECURITY_TOKEN = 'The security token included in the request is expired';

/**
 * [R][S] fixed text of every signature mismatch (recorded from STS as SignatureDoesNotMatch in
 * https://awsteele.com/blog/2021/10/24/aws-sigv4-caching.html; first sentence also in [D]).
 */
export const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** [S] an Authorization header whose first word is not AWS4-HMAC-SHA256. */
export function unsupportedAlgorithm(algorithm: string): string {
  return `Unsupported AWS 'algorithm': '${algorithm}'.`;
}

/** [R] awslabs/fhir-works-on-aws-deployment#379, iann0036/cloud9-sync#10: a word without `=`. */
export function notKeyValuePair(token: string, header: string): string {
  return `'${token}' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.`;
}

/**
 * [R][S] aws/chalice#828 (`Authorization=<token>` tail), scratchstack ordering cases 4–7: every
 * missing parameter and the missing date header, in this order, in one message.
 */
export function missingAuthorizationParts(missing: {
  credential: boolean; signature: boolean; signedHeaders: boolean; date: boolean;
}, algorithm: string): string {
  let text = '';
  if (missing.credential) text += "Authorization header requires 'Credential' parameter. ";
  if (missing.signature) text += "Authorization header requires 'Signature' parameter. ";
  if (missing.signedHeaders) text += "Authorization header requires 'SignedHeaders' parameter. ";
  if (missing.date) text += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  return `${text}Authorization=${algorithm}`;
}

/** [T] a parameter given twice in the Authorization header: which one was signed is ambiguous. */
export function repeatedAuthorizationParameter(name: string): string {
  return `Authorization header repeats the '${name}' parameter.`;
}

/** [T] a header that decides how the request is authenticated or routed, sent more than once. */
export function repeatedHeader(name: string): string {
  return `The request repeats the '${name}' header, which must appear exactly once in a signed request.`;
}

/** [T] SignedHeaders must be what every signer emits: lower-case names, sorted, no repeats. */
export function malformedSignedHeaders(value: string): string {
  return `SignedHeaders must list lower-case header names in sorted order separated by ';', got '${value}'.`;
}

/**
 * [S] host is not among SignedHeaders. An older recording has "'Host' must be a 'SignedHeader' in
 * the AWS Authorization." (NetSPI/AWSSigner#3, 2018); the HTTP/2-aware wording is the current one.
 */
export const HOST_NOT_SIGNED = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";

/** [S] template of "'Content-Type' must be a 'SignedHeader' …", used for the date header. */
export function headerMustBeSigned(displayName: string): string {
  return `'${displayName}' must be a 'SignedHeader' in the AWS Authorization.`;
}

/**
 * [T] a signed header value holding anything but visible ASCII and spaces (U+00A0, other Unicode
 * spaces, control characters): Trimall is defined over spaces only, so such a value could be
 * canonicalised differently by the signer and by us. No AWS signer sends one.
 */
export function unsignableHeaderValue(name: string): string {
  return `The value of the signed header '${name}' holds a character other than visible ASCII, space or tab; such a value cannot be signed unambiguously.`;
}

/**
 * [R] a name in SignedHeaders that the request does not carry: awslabs/aws-mobile-appsync-sdk-js#702
 * (AppSync), catalogued in docs/research/aws-kms-messages.md §11.
 */
export function signedHeaderAbsent(name: string): string {
  return `'${name}' is named as a SignedHeader, but it does not exist in the HTTP request.`;
}

/** [S] the X-Amz-Date (or Date) header is not `YYYYMMDD'T'HHMMSS'Z'`. */
export function dateNotBasicFormat(value: string): string {
  return `Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`;
}

/**
 * [R] remind101/logspout-kinesis#21, s12v/awsbeats#48 (Kinesis), NOTES.md §2, [S] case 13:
 * request time, now − skew, now.
 * e.g. "Signature expired: 20151120T200815Z is now earlier than 20151120T201846Z (20151120T202346Z - 5 min.)"
 */
export function signatureExpired(requestStamp: string, earliestStamp: string, nowStamp: string, skewMinutes: string): string {
  return `Signature expired: ${requestStamp} is now earlier than ${earliestStamp} (${nowStamp} - ${skewMinutes} min.)`;
}

/** [R] s12v/awsbeats#48 (Kinesis), [S] case 14, [D]: request time, now + skew, now. */
export function signatureNotYetCurrent(requestStamp: string, latestStamp: string, nowStamp: string, skewMinutes: string): string {
  return `Signature not yet current: ${requestStamp} is still later than ${latestStamp} (${nowStamp} + ${skewMinutes} min.)`;
}

/** [R] prometheus-community/yet-another-cloudwatch-exporter#169, mhart/aws4#97 (no final period). */
export function credentialNotFiveParts(credential: string): string {
  return `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`;
}

// The four scope checks are reported together, each sentence followed by one space, as AWS does:
// aws/aws-sdk-ruby#431 records "Credential should be scoped to correct service: 'elasticmapreduce'. "
// with the trailing space; the order region, service, terminator, date is [S] case 16.

/** [R] aws/aws-sdk-java#1097. */
export function scopeRegionInvalid(region: string): string {
  return `Credential should be scoped to a valid region, not '${region}'. `;
}

/** [R] aws/aws-sdk-ruby#431, disneystreaming/smithy4s#1568. */
export function scopeServiceWrong(service: string): string {
  return `Credential should be scoped to correct service: '${service}'. `;
}

/** [S] case 19. */
export function scopeTerminatorWrong(terminator: string): string {
  return `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `;
}

/** [S] case 16 and [D] (the first sentence). */
export function scopeDateMismatch(scopeDate: string, requestDate: string, requestStamp: string): string {
  return `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${requestDate}', from '${requestStamp}'. `;
}

/** [S] case 0 (a `%` not followed by two hex digits in the query string). */
export function malformedQueryEscape(escape: string): string {
  return `Illegal hex character in escape % pattern: ${escape}`;
}

/** [T] query-string (presigned URL) authentication, which Trent does not accept. */
export const PRESIGNED_NOT_SUPPORTED =
  'Query-string (presigned URL) authentication is not supported; sign the request with an Authorization header.';

/** [T] S3's XAmzContentSHA256Mismatch wording, for a body that does not match its declared hash. */
export const CONTENT_SHA256_MISMATCH = "The provided 'x-amz-content-sha256' header does not match what was computed.";
