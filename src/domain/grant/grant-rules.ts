/**
 * The rules of grants, as the Developer Guide states them: when a grant gives its grantee an
 * operation (operations, grantee, encryption-context constraints), who may retire it, and the
 * canonical form behind Name idempotency. Pure: no I/O, no clock, no randomness.
 * https://docs.aws.amazon.com/kms/latest/developerguide/grants.html
 */
import type { GrantOperation } from '../../api/generated/shapes.js';
import type { GrantConstraintsRecord, GrantRecord } from './grant-record.js';

/** Every grant operation CreateGrant accepts (the GrantOperation enum), for validation and tests. */
export const grantOperations: readonly GrantOperation[] = [
  'CreateGrant', 'Decrypt', 'DeriveSharedSecret', 'DescribeKey', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext', 'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'GetPublicKey',
  'ReEncryptFrom', 'ReEncryptTo', 'RetireGrant', 'Sign', 'Verify', 'VerifyMac',
];

/**
 * Operations with an EncryptionContext parameter: the only ones an encryption-context constraint
 * can be met by (API Reference, GrantConstraints: "supported only on grant operations that include
 * an EncryptionContext parameter, such as cryptographic operations on symmetric encryption keys").
 */
const contextOperations: ReadonlySet<string> = new Set([
  'Encrypt', 'Decrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext',
  'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
]);

/**
 * Operations a constrained grant still allows whatever the context: "Grants with grant constraints
 * can include the DescribeKey and RetireGrant operations, but the constraint doesn't apply to these
 * operations" (API Reference, CreateGrant, Constraints). CreateGrant is here too: a constrained
 * CreateGrant permission is checked against the new grant's constraints (`constraintsAtLeastAsStrict`).
 */
const unconstrainedOperations: ReadonlySet<string> = new Set(['DescribeKey', 'RetireGrant', 'CreateGrant']);

/** Constraint keys compare case-insensitively, values exactly (API Reference, GrantConstraints). */
function byLowerKey(context: Readonly<Record<string, string>>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [key, value] of Object.entries(context)) map.set(key.toLowerCase(), value);
  return map;
}

function hasConstraints(constraints: GrantConstraintsRecord | undefined): constraints is GrantConstraintsRecord {
  return constraints?.encryptionContextEquals !== undefined || constraints?.encryptionContextSubset !== undefined;
}

/**
 * True when a request's encryption context meets the grant's constraints for `operation`.
 * EncryptionContextEquals: the request's pairs are exactly the constraint's (order free);
 * EncryptionContextSubset: the request includes every pair of the constraint, and may add more.
 * A request to an operation without an encryption context (Sign, GenerateMac…), or with a key that
 * takes none (asymmetric, HMAC: `symmetricKey` false), never meets a constraint.
 */
export function constraintsAllow(
  constraints: GrantConstraintsRecord | undefined,
  operation: string,
  encryptionContext: Readonly<Record<string, string>> | undefined,
  symmetricKey: boolean,
): boolean {
  if (!hasConstraints(constraints) || unconstrainedOperations.has(operation)) return true;
  if (!contextOperations.has(operation) || !symmetricKey) return false;
  const request = byLowerKey(encryptionContext ?? {});
  const { encryptionContextEquals: equals, encryptionContextSubset: subset } = constraints;
  if (equals !== undefined) {
    const wanted = byLowerKey(equals);
    if (wanted.size !== request.size) return false;
    for (const [key, value] of wanted) if (request.get(key) !== value) return false;
  }
  if (subset !== undefined) {
    for (const [key, value] of byLowerKey(subset)) if (request.get(key) !== value) return false;
  }
  return true;
}

/**
 * "If a grant with a grant constraint includes the CreateGrant operation, the constraint requires
 * that any grants created with the CreateGrant permission have an equally strict or stricter
 * encryption context constraint" (API Reference, CreateGrant, Constraints). Stricter: every context
 * the child allows, the parent allows too.
 */
export function constraintsAtLeastAsStrict(parent: GrantConstraintsRecord | undefined, child: GrantConstraintsRecord | undefined): boolean {
  if (!hasConstraints(parent)) return true;
  if (!hasConstraints(child)) return false;
  const childPairs = byLowerKey({ ...child.encryptionContextSubset, ...child.encryptionContextEquals });
  if (parent.encryptionContextEquals !== undefined) {
    // Only a child pinned to exactly the same context admits no context the parent refuses.
    if (child.encryptionContextEquals === undefined) return false;
    if (!constraintsAllow(parent, 'Encrypt', child.encryptionContextEquals, true)) return false;
  }
  if (parent.encryptionContextSubset !== undefined) {
    for (const [key, value] of byLowerKey(parent.encryptionContextSubset)) if (childPairs.get(key) !== value) return false;
  }
  return true;
}

/**
 * True when the grant's grantee is the caller. A grant to an IAM role also covers that role's
 * sessions (`arn:aws:sts::<acct>:assumed-role/<role>/<session>`), as grants are evaluated for the
 * role an assumed-role principal acts as (Developer Guide, "Grant concepts", grantee principal).
 */
export function granteeMatches(granteePrincipal: string, principalArn: string): boolean {
  if (granteePrincipal === principalArn) return true;
  const session = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(principalArn);
  if (session === null) return false;
  const role = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(granteePrincipal);
  return role !== null && role[1] === session[1] && role[2] === session[2];
}

/** True when `grant` gives `principalArn` the `operation` on its key under the request's context. */
export function grantAllows(
  grant: GrantRecord,
  q: { readonly principalArn: string; readonly operation: string; readonly encryptionContext?: Readonly<Record<string, string>>; readonly symmetricKey: boolean },
): boolean {
  return granteeMatches(grant.granteePrincipal, q.principalArn)
    && (grant.operations as readonly string[]).includes(q.operation)
    && constraintsAllow(grant.constraints, q.operation, q.encryptionContext, q.symmetricKey);
}

/**
 * Who may retire a grant (Developer Guide, "Retiring and revoking grants"): its retiring principal;
 * its grantee principal if the grant includes the RetireGrant operation; and the AWS account in
 * which the grant was created (its root). `callerAccountRoot` is `arn:aws:iam::<caller acct>:root`.
 */
export function mayRetire(grant: GrantRecord, principalArn: string): boolean {
  if (grant.retiringPrincipal !== undefined && granteeMatches(grant.retiringPrincipal, principalArn)) return true;
  if (grant.operations.includes('RetireGrant') && granteeMatches(grant.granteePrincipal, principalArn)) return true;
  return principalArn === `arn:aws:iam::${grant.accountId}:root`;
}

/** Sorted [key, value] pairs: the canonical form of a context for idempotency. */
function canonicalContext(context: Readonly<Record<string, string>> | undefined): [string, string][] | null {
  if (context === undefined) return null;
  return Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The canonical form of a named CreateGrant's parameters: "When this value is present, you can
 * retry a CreateGrant request with identical parameters; if the grant already exists, the original
 * GrantId is returned" (API Reference, CreateGrant, Name). Operations and context pairs are
 * sorted, so a retry that lists them in another order is still the same request.
 */
export function idempotencyKey(p: {
  readonly name: string; readonly granteePrincipal: string; readonly retiringPrincipal?: string;
  readonly operations: readonly string[]; readonly constraints?: GrantConstraintsRecord;
}): string {
  return JSON.stringify([
    p.name, p.granteePrincipal, p.retiringPrincipal ?? null, [...p.operations].sort(),
    canonicalContext(p.constraints?.encryptionContextEquals), canonicalContext(p.constraints?.encryptionContextSubset),
  ]);
}

/**
 * The principal forms a grant may name (API Reference, CreateGrant, GranteePrincipal: "AWS
 * accounts, IAM users, IAM roles, federated users, and assumed role users", and service principals
 * such as `rds.amazonaws.com`).
 */
export function isGrantPrincipal(text: string): boolean {
  return /^arn:aws:iam::\d{12}:(root|user\/[\w+=,.@/-]+|role\/[\w+=,.@/-]+)$/.test(text)
    || /^arn:aws:sts::\d{12}:(assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+|federated-user\/[\w+=,.@-]+)$/.test(text)
    || /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com$/.test(text);
}
