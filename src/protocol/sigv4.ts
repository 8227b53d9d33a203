/**
 * SigV4 request authentication for the KMS endpoint: turns a raw request into a Caller or throws the
 * AWS authentication error a real KMS endpoint would send.
 *
 * Order of checks (each failure stops; the order follows the AWS front end's as reproduced in
 * dacut/scratchstack-aws-signature, "AWS Auth Error Ordering", so a client sees the same first error):
 *   1. query-string (presigned) authentication      → IncompleteSignatureException (Trent refuses it)
 *   2. Authorization header present                  → MissingAuthenticationTokenException
 *   3. no single-use header repeated                 → IncompleteSignatureException
 *   4. Authorization syntax: algorithm, key=value words, Credential/SignedHeaders/Signature and a
 *      date header present                           → IncompleteSignatureException
 *   5. SignedHeaders sorted lower-case; host and the date header signed; every signed header present
 *                                                    → IncompleteSignatureException / InvalidSignatureException
 *  5a. X-Amz-Target, Content-Type and every other x-amz-* header sent are signed, and every signed
 *      value is visible ASCII (issue 13 items 2 and 3)  → InvalidSignatureException
 *   6. date header in ISO-8601 basic format          → IncompleteSignatureException
 *   7. clock skew (verify mode only)                 → InvalidSignatureException
 *   8. credential has 5 parts                        → IncompleteSignatureException
 *   9. scope region, service (`kms`, or `sts` on the Query endpoint), terminator, date = date header's date (all reported together)
 *                                                    → InvalidSignatureException
 *  10. identity: unknown access key (verify mode), session token not the key's, a session this server
 *      issued that is gone (dev mode too)         → UnrecognizedClientException;
 *      session expired                                → ExpiredTokenException
 *  11. x-amz-content-sha256, when sent, equals the body hash → InvalidSignatureException
 *  12. signature (verify mode only)                  → InvalidSignatureException
 * Steps 1–10 need only the headers and run before the server reads the body (issue 13 item 4:
 * an unauthenticated client cannot make the server buffer anything); 11 and 12 run on the body.
 * AWS checks the skew before it even splits the credential (step 7 before 8), which is why the scope
 * is validated late. The brief's order (scope before skew) would answer a different first error than
 * AWS for a request that is both stale and mis-scoped.
 *
 * Must never: log or return the secret, the signing key or the signature it computed; trust Node's
 * merged `req.headers`; accept a request whose signature was not checked, outside `mode: 'dev'`.
 */
import { timingSafeEqual, type KeyObject } from 'node:crypto';
import {
  ExpiredTokenException, IncompleteSignatureException, InvalidSignatureException, MissingAuthenticationTokenException,
  UnrecognizedClientException,
} from '../api/errors.js';
import type { Clock } from '../platform/clock.js';
import type { Caller, CredentialResolver } from '../service/caller.js';
import { twoPhaseAuthenticator, type Authenticator, type BodyCheck, type RequestHead } from './authenticator.js';
import {
  buildStringToSign, canonicalQueryComponent, canonicalQueryString, canonicalRequestHash, canonicalUri,
  isSignableHeaderValue, sha256Hex, signatureBytes, SIGV4_TERMINATOR,
} from './sigv4-canonical.js';
import * as msg from './sigv4-messages.js';
import {
  formatAmzDate, HEADER_AMZ_DATE, HEADER_AUTHORIZATION, HEADER_DATE, headerValueAt, parseAmzDate, parseAuthorization,
  parseSignedHeaders, readSignedHeaderValues, scanHeaders, type AuthorizationParameters,
} from './sigv4-request.js';
import { SigningKeyCache } from './sigv4-signing-key-cache.js';

/** The signing name of AWS KMS: the fourth element of every credential scope it accepts. */
export const KMS_SIGNING_SERVICE = 'kms';
/** AWS's tolerance for clock skew ("Signature expired: … - 5 min."). */
export const MAX_CLOCK_SKEW_MS_DEFAULT = 5 * 60_000;

/** How the authenticator is built. */
export interface SigV4AuthenticatorOptions {
  readonly clock: Clock;
  /** ± tolerance between X-Amz-Date and the clock; default 5 minutes, as AWS. */
  readonly maxClockSkewMs?: number;
  readonly credentials: CredentialResolver;
  /**
   * `verify`: full SigV4 verification. `dev`: the request must still be well-formed and scoped to
   * `kms` (so the region comes from its scope), but the signature, the access key and the clock are
   * not checked: a local emulator for tests and CI, whose clients use throwaway keys and whose
   * containers often run with drifting clocks. Never expose a `dev` server beyond localhost.
   */
  readonly mode: 'verify' | 'dev';
  /** Account of every dev-mode caller whose access key id is not itself a 12-digit account id. */
  readonly devAccountId?: string;
  /** Bound on cached signing keys; default 1000. */
  readonly signingKeyCacheSize?: number;
  /**
   * The signing name the credential scope must carry: `kms` (default) for the JSON endpoint, `sts`
   * for the Query endpoint on the same port (protocol/sts-endpoint.ts).
   */
  readonly signingService?: string;
  /**
   * The clock session expiry is judged by: the service's clock (the dev clock in dev mode, so a test
   * can move past DurationSeconds), while `clock` stays the real time clients sign with. Default `clock`.
   */
  readonly sessionClock?: Clock;
}

const ACCOUNT_ID_LENGTH = 12;

/** Builds the SigV4 {@link Authenticator} for the KMS JSON endpoint. */
export function createSigV4Authenticator(options: SigV4AuthenticatorOptions): Authenticator {
  const maxSkewMs = options.maxClockSkewMs ?? MAX_CLOCK_SKEW_MS_DEFAULT;
  if (!Number.isFinite(maxSkewMs) || maxSkewMs < 0) throw new RangeError('maxClockSkewMs must be a non-negative number');
  if (options.mode === 'dev' && !isAccountId(options.devAccountId ?? '')) {
    throw new RangeError('mode "dev" needs devAccountId, a 12-digit AWS account id');
  }
  const skewMinutes = String(maxSkewMs / 60_000);
  const keys = new SigningKeyCache(options.signingKeyCacheSize);
  const verify = options.mode === 'verify';
  const service = options.signingService ?? KMS_SIGNING_SERVICE;

  return twoPhaseAuthenticator(async function authenticateSigV4Headers(request: RequestHead): Promise<BodyCheck> {
    const parsed = parseSignedRequest(request); // steps 1–6
    // Step 7, before the credential is even split (see the order above).
    if (verify) checkSkew(parsed.requestMs, parsed.amzDate, options.clock.nowMs(), maxSkewMs, skewMinutes);
    const scope = parseScope(parsed.auth.credential, parsed.amzDate, service); // steps 8–9
    const { caller, secretAccessKey, verified } = await identify(options, parsed.securityToken, scope); // step 10
    const declaredHash = parsed.contentSha256;
    return function checkBody(body: Buffer): Caller {
      // Step 11. SDK v3 signs x-amz-content-sha256; the signature covers the hash we compute from the
      // bytes, so a disagreeing header means the body changed after hashing or the client is broken.
      // Answer it plainly rather than as a signature mismatch.
      if (!verified && declaredHash === undefined) return caller;
      const payloadHash = sha256Hex(body);
      if (declaredHash !== undefined && declaredHash !== payloadHash) {
        throw new InvalidSignatureException(msg.CONTENT_SHA256_MISMATCH);
      }
      if (!verified) return caller;
      const signingKey = keys.get(secretAccessKey, scope.date, scope.region, scope.service);
      verifySignature(request.method, parsed, scope, signingKey, payloadHash); // step 12
      return caller;
    };
  });
}

/** A request that passed checks 1–6: its URL parts, Authorization, signed headers and date. */
interface ParsedRequest {
  readonly path: string;
  readonly query: string;
  readonly auth: AuthorizationParameters;
  readonly signedNames: readonly string[];
  /** Canonical value of each signed header, aligned with `signedNames` (all present after step 5). */
  readonly signedValues: ReadonlyArray<string | undefined>;
  readonly amzDate: string;
  readonly requestMs: number;
  /** Canonical values of X-Amz-Content-Sha256 and X-Amz-Security-Token, when sent. */
  readonly contentSha256: string | undefined;
  readonly securityToken: string | undefined;
}

/** The credential scope `AKID/date/region/service/aws4_request`, split and checked (steps 8–9). */
interface CredentialScope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  /** `date/region/service/aws4_request`: the credential after the access key id, line 3 of the string to sign. */
  readonly scope: string;
}

/**
 * Steps 1–6: presigned refusal, Authorization present, no repeats, syntax, signed headers, date.
 * The header list is read twice, names only and then the values of the signed headers only, and
 * every check runs in the order of the list above, so the first error is the one AWS answers.
 */
function parseSignedRequest(request: RequestHead): ParsedRequest {
  const url = request.url;
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  const query = queryAt < 0 ? '' : url.slice(queryAt + 1);
  if (query !== '' && isPresigned(query)) throw new IncompleteSignatureException(msg.PRESIGNED_NOT_SUPPORTED);

  const rawHeaders = request.rawHeaders;
  const scan = scanHeaders(rawHeaders);
  const authorization = headerValueAt(rawHeaders, scan.at[HEADER_AUTHORIZATION]!);
  if (authorization === undefined) throw new MissingAuthenticationTokenException(msg.MISSING_AUTHENTICATION_TOKEN);
  if (scan.repeated !== undefined) throw new IncompleteSignatureException(msg.repeatedHeader(scan.repeated));

  // "AWS first checks the x-amz-date header … If AWS can't find a value for x-amz-date, it looks
  // for the date header" (https://docs.aws.amazon.com/general/latest/gr/sigv4-date-handling.html).
  const dateAt = scan.at[HEADER_AMZ_DATE]! >= 0 ? scan.at[HEADER_AMZ_DATE]! : scan.at[HEADER_DATE]!;
  const dateHeader = scan.at[HEADER_AMZ_DATE]! >= 0 ? 'x-amz-date' : 'date';
  const auth = parseAuthorization(authorization, dateAt >= 0);
  const signedNames = parseSignedHeaders(auth.signedHeaders);
  // "The host header must be included as a signed header. If you include a date or x-amz-date
  // header, you must also include that header in the list of signed headers."
  // (create-signed-request.html, SignedHeaders)
  if (!signedNames.includes('host')) throw new InvalidSignatureException(msg.HOST_NOT_SIGNED);
  if (!signedNames.includes(dateHeader)) {
    throw new InvalidSignatureException(msg.headerMustBeSigned(dateHeader === 'date' ? 'Date' : 'X-Amz-Date'));
  }
  const signed = readSignedHeaderValues(rawHeaders, scan.names, signedNames);
  for (let i = 0; i < signedNames.length; i++) {
    if (signed.values[i] === undefined) throw new IncompleteSignatureException(msg.signedHeaderAbsent(signedNames[i]!));
  }
  checkSignedCoverage(signedNames, signed.values, signed.unsigned);

  // Every header read below is signed by now (the date header was checked above; an x-amz-* header
  // sent unsigned was refused), so its canonical value is already at hand.
  const amzDate = signed.values[signedNames.indexOf(dateHeader)]!;
  const requestMs = parseAmzDate(amzDate);
  if (requestMs === undefined) throw new IncompleteSignatureException(msg.dateNotBasicFormat(amzDate));
  return {
    path, query, auth, signedNames, signedValues: signed.values, amzDate, requestMs,
    contentSha256: signedValue(signedNames, signed.values, 'x-amz-content-sha256'),
    securityToken: signedValue(signedNames, signed.values, 'x-amz-security-token'),
  };
}

/** The canonical value of a signed header, or undefined when `name` is not signed (so not sent). */
function signedValue(signedNames: readonly string[], values: ReadonlyArray<string | undefined>, name: string): string | undefined {
  const at = signedNames.indexOf(name);
  return at < 0 ? undefined : values[at];
}

/**
 * Step 5a. The headers that select and shape the operation must be signed, or they could be changed
 * after signing (an unsigned X-Amz-Target turned a signed DescribeKey into DisableKey): X-Amz-Target
 * (it names the operation), Content-Type (it names the protocol) and every x-amz-* header ("The
 * x-amz-* headers that you plan to add to the request must also be signed", Signature V4 in the IAM
 * User Guide, "Create a signed AWS API request", CanonicalHeaders). x-amzn-* (trace ids a proxy adds)
 * is a different prefix and stays unsigned, as every signer leaves it. `unsigned` is the first such
 * header sent but not signed (sigv4-request.ts finds it in the same pass that reads the values).
 * Every signed value must be visible ASCII and single spaces: Trimall is defined over spaces, and a
 * value holding U+00A0 or a control character could be trimmed one way when signed and another when
 * acted on (item 3).
 */
function checkSignedCoverage(signedNames: readonly string[], values: ReadonlyArray<string | undefined>, unsigned: string | undefined): void {
  if (unsigned !== undefined) throw new InvalidSignatureException(msg.headerMustBeSigned(displayName(unsigned)));
  for (let i = 0; i < signedNames.length; i++) {
    if (!isSignableHeaderValue(values[i]!)) throw new InvalidSignatureException(msg.unsignableHeaderValue(signedNames[i]!));
  }
}

/** `x-amz-target` → `X-Amz-Target`, the spelling AWS's messages use. */
function displayName(name: string): string {
  return name.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('-');
}

/**
 * Steps 8–9: the credential has five parts and its scope fits this endpoint and the date header.
 * Split at its four slashes in place (a fifth one makes six parts, refused like three).
 */
function parseScope(credential: string, amzDate: string, expectedService: string): CredentialScope {
  const s1 = credential.indexOf('/');
  const s2 = s1 < 0 ? -1 : credential.indexOf('/', s1 + 1);
  const s3 = s2 < 0 ? -1 : credential.indexOf('/', s2 + 1);
  const s4 = s3 < 0 ? -1 : credential.indexOf('/', s3 + 1);
  if (s4 < 0 || credential.indexOf('/', s4 + 1) >= 0) throw new IncompleteSignatureException(msg.credentialNotFiveParts(credential));
  const accessKeyId = credential.slice(0, s1);
  const date = credential.slice(s1 + 1, s2);
  const region = credential.slice(s2 + 1, s3);
  const service = credential.slice(s3 + 1, s4);
  checkScope(date, region, service, credential.slice(s4 + 1), amzDate, expectedService);
  // After checkScope this is exactly `date/region/service/aws4_request` (credentialScope()).
  return { accessKeyId, date, region, service, scope: credential.slice(s1 + 1) };
}

/**
 * Step 10: the Caller. In verify mode the access key must be known (and its secret comes back for
 * step 12); in dev mode a key the resolver knows (a configured identity, issue 17, or an STS session)
 * is verified the same way, and any other key is the account root, derived from the access key id
 * alone (secret ''). A session's key must come with its own session token (X-Amz-Security-Token),
 * and a long-term key with none: anything else is a token Trent did not issue.
 */
async function identify(
  options: SigV4AuthenticatorOptions, token: string | undefined, scope: CredentialScope,
): Promise<{ caller: Caller; secretAccessKey: string; verified: boolean }> {
  const { accessKeyId, region } = scope;
  const resolved = await options.credentials.resolve(accessKeyId);
  if (resolved === undefined && options.mode !== 'verify') {
    // Temporary credentials this server issued whose session is gone (deleted a day after expiry):
    // the token names no session, which AWS answers as an unknown token (STS: InvalidClientTokenId).
    // Taking them for the dev-mode root would make credentials work again after they stopped.
    if (token !== undefined && options.credentials.issuedSession?.(accessKeyId, token) === true) {
      throw new UnrecognizedClientException(msg.INVALID_SECURITY_TOKEN);
    }
    const accountId = isAccountId(accessKeyId) ? accessKeyId : options.devAccountId!;
    return { caller: { accountId, region, accessKeyId, principalArn: `arn:aws:iam::${accountId}:root` }, secretAccessKey: '', verified: false };
  }
  if (resolved === undefined) throw new UnrecognizedClientException(msg.INVALID_SECURITY_TOKEN);
  if (resolved.session !== undefined) checkSessionToken(options, resolved.session, token);
  // A token on a long-term key: AWS answers a token it cannot match with this error (NOTES.md §2).
  // Dev mode keeps its leniency for the long-term keys (a developer's shell may carry a stale token).
  else if (token !== undefined && options.mode === 'verify') throw new UnrecognizedClientException(msg.INVALID_SECURITY_TOKEN);
  const caller = { accountId: resolved.accountId, region, accessKeyId, principalArn: resolved.principalArn };
  return { caller, secretAccessKey: resolved.secretAccessKey, verified: true };
}

/**
 * The session token must be the one issued with the key (compared as SHA-256 digests, in constant
 * time: only the digest is stored), and the session must not have expired by the service's clock:
 * "The security token included in the request is expired" (ExpiredTokenException; STS's
 * ExpiredToken, AWS STS API Reference, Common Errors). Token first, so that an expiry is only ever
 * told to the holder of the token.
 */
function checkSessionToken(
  options: SigV4AuthenticatorOptions, session: { readonly tokenHash: string; readonly expiresMs: number }, token: string | undefined,
): void {
  if (token === undefined) throw new UnrecognizedClientException(msg.INVALID_SECURITY_TOKEN);
  const given = Buffer.from(sha256Hex(Buffer.from(token, 'utf8')), 'utf8');
  const stored = Buffer.from(session.tokenHash, 'utf8');
  if (given.length !== stored.length || !timingSafeEqual(given, stored)) throw new UnrecognizedClientException(msg.INVALID_SECURITY_TOKEN);
  if ((options.sessionClock ?? options.clock).nowMs() >= session.expiresMs) throw new ExpiredTokenException(msg.EXPIRED_SECURITY_TOKEN);
}

/** Step 12: recomputes the signature with `signingKey` and compares it in constant time. */
function verifySignature(
  method: string, parsed: ParsedRequest, scope: CredentialScope, signingKey: KeyObject, payloadHash: string,
): void {
  const provided = decodeSignature(parsed.auth.signature);
  const hash = canonicalRequestHash({
    method,
    canonicalUri: canonicalUri(parsed.path),
    canonicalQuery: canonicalQueryString(parsed.query),
    signedHeaderNames: parsed.signedNames,
    signedHeaders: parsed.auth.signedHeaders,
    signedHeaderValues: parsed.signedValues,
    payloadHash,
  });
  const expected = signatureBytes(signingKey, buildStringToSign(parsed.amzDate, scope.scope, hash));
  // Constant-time comparison of two 32-byte values; a malformed signature was mapped to
  // undefined up front, because timingSafeEqual throws on unequal lengths (NOTES.md §2).
  if (provided === undefined || !timingSafeEqual(provided, expected)) {
    throw new InvalidSignatureException(msg.SIGNATURE_MISMATCH);
  }
}

function checkSkew(requestMs: number, amzDate: string, clockMs: number, maxSkewMs: number, skewMinutes: string): void {
  // Whole seconds, as X-Amz-Date has no fraction: the edge (exactly maxSkew away) is accepted, one
  // second beyond is not ("Signature expired: 20150830T122059Z is now earlier than 20150830T122100Z
  // (20150830T123600Z - 15 min.)", scratchstack ordering cases 13 and 14).
  const nowMs = Math.floor(clockMs / 1000) * 1000;
  if (requestMs < nowMs - maxSkewMs) {
    throw new InvalidSignatureException(msg.signatureExpired(amzDate, formatAmzDate(nowMs - maxSkewMs), formatAmzDate(nowMs), skewMinutes));
  }
  if (requestMs > nowMs + maxSkewMs) {
    throw new InvalidSignatureException(msg.signatureNotYetCurrent(amzDate, formatAmzDate(nowMs + maxSkewMs), formatAmzDate(nowMs), skewMinutes));
  }
}

function checkScope(scopeDate: string, region: string, service: string, terminator: string, amzDate: string, expected: string): void {
  let problems = '';
  if (!isRegionName(region)) problems += msg.scopeRegionInvalid(region);
  if (service !== expected) problems += msg.scopeServiceWrong(expected);
  if (terminator !== SIGV4_TERMINATOR) problems += msg.scopeTerminatorWrong(terminator);
  // "If the dates don't match, AWS rejects the request, even if the time stamp is only seconds away"
  // (https://docs.aws.amazon.com/general/latest/gr/sigv4-date-handling.html).
  const requestDate = amzDate.slice(0, 8);
  if (scopeDate !== requestDate) problems += msg.scopeDateMismatch(scopeDate, requestDate, amzDate);
  if (problems !== '') throw new InvalidSignatureException(problems);
}

/**
 * A region name Trent can put in an ARN: 1–63 of a-z, 0-9 and '-', not starting or ending with '-'
 * (AWS's own are like `eu-west-1`; a self-hosted server may name its regions freely, but never with
 * characters that would break an ARN or a storage key).
 */
function isRegionName(region: string): boolean {
  if (region.length === 0 || region.length > 63) return false;
  for (let i = 0; i < region.length; i++) {
    const code = region.charCodeAt(i);
    const ok = (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code === 45 && i > 0 && i < region.length - 1);
    if (!ok) return false;
  }
  return true;
}

function isAccountId(value: string): boolean {
  if (value.length !== ACCOUNT_ID_LENGTH) return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** 64 lower-case hex characters → 32 bytes; anything else → undefined (answered as a mismatch). */
function decodeSignature(signature: string): Buffer | undefined {
  if (signature.length !== 64) return undefined;
  for (let i = 0; i < 64; i++) {
    const code = signature.charCodeAt(i);
    if (!((code >= 48 && code <= 57) || (code >= 97 && code <= 102))) return undefined;
  }
  return Buffer.from(signature, 'hex');
}

/** True when the query string carries SigV4 query authentication (a presigned URL). */
function isPresigned(query: string): boolean {
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    const name = canonicalQueryComponent(eq < 0 ? part : part.slice(0, eq));
    if (name === 'X-Amz-Signature' || name === 'X-Amz-Algorithm' || name === 'X-Amz-Credential') return true;
  }
  return false;
}
