/**
 * Grant tokens: the string CreateGrant returns so that a new grant can be used at once, "even before
 * it has achieved eventual consistency" (API Reference, RetireGrant, GrantToken).
 * https://docs.aws.amazon.com/kms/latest/developerguide/grant-manage.html#using-grant-token
 *
 * Trent's grants are consistent as soon as CreateGrant commits, so a token only has to name its
 * grant: base64 of a version byte, the 32 bytes of the grant id and 16 random bytes ("the returned
 * grant token is unique with every CreateGrant request, even when a duplicate GrantId is
 * returned", API Reference, CreateGrant, Name). A token confers nothing by itself: the grant it
 * names must still exist and name the caller, so a token made up from a known grant id gains no
 * one anything, and no secret is needed to issue or check one.
 */
import { InvalidGrantTokenException } from '../../api/generated/errors.js';
import { invalidGrantToken } from '../../domain/messages-grant.js';
import type { Random } from '../../platform/random.js';

const version = 0x01;
const grantIdBytes = 32;
const nonceBytes = 16;
const tokenBytes = 1 + grantIdBytes + nonceBytes;
/** Standard base64 of exactly `tokenBytes` bytes: 49 bytes → 68 characters with padding. */
const tokenPattern = /^[A-Za-z0-9+/]{66}==$/;

/** A new grant id: 64 lowercase hex characters, the form AWS's grant ids have. */
export function newGrantId(random: Pick<Random, 'bytes'>): string {
  return random.bytes(grantIdBytes).toString('hex');
}

/** A fresh token naming `grantId`. */
export function newGrantToken(grantId: string, random: Pick<Random, 'bytes'>): string {
  return Buffer.concat([Buffer.of(version), Buffer.from(grantId, 'hex'), random.bytes(nonceBytes)]).toString('base64');
}

/** The grant id a token names; InvalidGrantTokenException for anything CreateGrant did not issue. */
export function grantIdOfToken(token: string): string {
  // Strict shape first: Buffer.from(…, 'base64') skips junk and takes the url-safe alphabet (NOTES.md §3).
  if (!tokenPattern.test(token)) throw new InvalidGrantTokenException(invalidGrantToken);
  const bytes = Buffer.from(token, 'base64');
  if (bytes.length !== tokenBytes || bytes[0] !== version) throw new InvalidGrantTokenException(invalidGrantToken);
  return bytes.subarray(1, 1 + grantIdBytes).toString('hex');
}

/** The grant ids of a request's GrantTokens; the first malformed one fails the request. */
export function grantIdsOfTokens(tokens: readonly string[] | undefined): string[] {
  return (tokens ?? []).map(grantIdOfToken);
}
