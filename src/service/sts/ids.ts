/**
 * The unique ids STS reports: GetCallerIdentity's UserId and AssumeRole's AssumedRoleId. AWS gives
 * every IAM user an id `AIDA…` and every role an id `AROA…` (IAM User Guide, "IAM identifiers",
 * "Understanding unique ID prefixes"), 21 characters of upper-case letters and digits, e.g.
 * `AIDAJQABLZS4A3QDU576Q`. Trent has no IAM database to assign them, so they are derived from the
 * ARN: every process and every restart agrees, with nothing stored. A user or role deleted and
 * recreated under the same name keeps its id (AWS would assign a new one): documented difference.
 *
 * UserId by caller (STS API Reference, GetCallerIdentity, and the IAM User Guide table
 * "aws:userid" in "Policy variables"): the account root → the account id; an IAM user → its
 * `AIDA…` id; a role session → `<AROA… role id>:<session name>`.
 */
import { createHash } from 'node:crypto';
import { describePrincipal } from '../../domain/policy/principal.js';

const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `prefix` + 17 base32 characters of SHA-256(`arn`): 21 characters like AWS's unique ids. */
function derivedId(prefix: 'AIDA' | 'AROA', arn: string): string {
  const digest = createHash('sha256').update(`trent-iam-unique-id\0${arn}`, 'utf8').digest();
  let out = prefix;
  for (let i = 0; i < 17; i++) out += base32[digest[i]! % 32];
  return out;
}

/** The `AIDA…` id of the IAM user `arn:aws:iam::<account>:user/<name>`. */
export function userId(userArn: string): string {
  return derivedId('AIDA', userArn);
}

/** The `AROA…` id of the role `arn:aws:iam::<account>:role/<name>`. */
export function roleId(roleArn: string): string {
  return derivedId('AROA', roleArn);
}

/** GetCallerIdentity's UserId for a caller's principal ARN. */
export function callerUserId(principalArn: string, accountId: string): string {
  const who = describePrincipal(principalArn);
  if (who.type === 'user') return userId(principalArn);
  if (who.type === 'assumed-role' && who.roleArn !== undefined) return `${roleId(who.roleArn)}:${who.sessionName}`;
  return accountId; // the account root (dev-mode unknown keys, the admin key)
}
