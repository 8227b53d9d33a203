/**
 * The seam between the HTTP server and request authentication: the server hands over the raw
 * request (raw header list, because Node's `req.headers` drops or joins duplicates: NOTES.md §2) and
 * gets a Caller back or a thrown KmsServiceError (MissingAuthenticationTokenException, …).
 *
 * Authentication runs in two phases so that the server reads no body for a request the headers
 * alone already condemn (issue 13 item 4): `headers` checks the Authorization syntax, the signed
 * header list, the clock skew, the scope and the access key, and returns the check that needs the
 * body (payload hash and signature). Calling the authenticator itself runs both, for callers that
 * hold the whole request.
 */
import type { Caller } from '../service/caller.js';

/** What the server knows before it reads the body. */
export interface RequestHead {
  readonly method: string;
  /** The request target as sent (`req.url`), e.g. `/`. */
  readonly url: string;
  /** `req.rawHeaders`: alternating names and values, duplicates kept, case as sent. */
  readonly rawHeaders: readonly string[];
}

export interface RawRequest extends RequestHead {
  /** The raw body bytes, exactly as received. */
  readonly body: Buffer;
}

/** The second phase: everything that needs the body. Returns the caller or throws. */
export type BodyCheck = (body: Buffer) => Caller;

export interface Authenticator {
  /** Both phases over a whole request. */
  (request: RawRequest): Promise<Caller>;
  /** The first phase: what the headers alone prove. */
  readonly headers: (head: RequestHead) => Promise<BodyCheck>;
}

/** Builds an {@link Authenticator} from its first phase. */
export function twoPhaseAuthenticator(headers: (head: RequestHead) => Promise<BodyCheck>): Authenticator {
  const whole = async (request: RawRequest): Promise<Caller> => (await headers(request))(request.body);
  return Object.assign(whole, { headers });
}
