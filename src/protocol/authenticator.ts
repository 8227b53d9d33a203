/**
 * The seam between the HTTP server and request authentication: the server hands over the raw
 * request (raw header list, because Node's `req.headers` drops or joins duplicates: NOTES.md §2) and
 * gets a Caller back or a thrown KmsServiceError (MissingAuthenticationTokenException, …).
 */
import type { Caller } from '../service/caller.js';

export interface RawRequest {
  readonly method: string;
  /** The request target as sent (`req.url`), e.g. `/`. */
  readonly url: string;
  /** `req.rawHeaders`: alternating names and values, duplicates kept, case as sent. */
  readonly rawHeaders: readonly string[];
  /** The raw body bytes, exactly as received. */
  readonly body: Buffer;
}

export type Authenticator = (request: RawRequest) => Promise<Caller>;
