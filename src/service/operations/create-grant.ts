/**
 * CreateGrant: a grant on a key for a grantee principal, returning its id and a fresh grant token.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html
 *
 * Name idempotency: a retry with the same Name and identical parameters gets the first grant's id
 * (and a new token); the repository's unique constraint decides between concurrent retries.
 * Authorization (kms:CreateGrant, its grant condition keys, a grant that allows CreateGrant) is
 * the pipeline's; the key-state table allows Enabled, Disabled and PendingImport keys.
 */
import { ValidationException } from '../../api/errors.js';
import { InvalidArnException } from '../../api/generated/errors.js';
import type { GrantConstraints, GrantOperation } from '../../api/generated/shapes.js';
import type { GrantConstraintsRecord } from '../../domain/grant/grant-record.js';
import { idempotencyKey, isGrantPrincipal } from '../../domain/grant/grant-rules.js';
import { keyIdOrArn } from '../../domain/key/identifiers.js';
import { notPendingDeletionStates } from '../../domain/key/key-state.js';
import { grantNoOperations, grantOnlyCreateGrant, invalidGrantPrincipal } from '../../domain/messages-grant.js';
import { requireKey, type Operation } from '../operation.js';
import { newGrantId, newGrantToken } from '../grants/grant-token.js';

/** A null-prototype copy, so attacker-chosen context keys (`__proto__`) stay data (NOTES.md §3). */
function contextCopy(context: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(context)) out[key] = value;
  return out;
}

function constraintsRecord(constraints: GrantConstraints | undefined): GrantConstraintsRecord | undefined {
  if (constraints === undefined) return undefined;
  const { EncryptionContextEquals: equals, EncryptionContextSubset: subset } = constraints;
  return {
    ...(equals !== undefined ? { encryptionContextEquals: contextCopy(equals) } : {}),
    ...(subset !== undefined ? { encryptionContextSubset: contextCopy(subset) } : {}),
  };
}

/** The operations without repeats, in the order given; an empty list or CreateGrant alone is refused. */
function checkedOperations(operations: readonly GrantOperation[]): GrantOperation[] {
  const unique = [...new Set(operations)];
  if (unique.length === 0) throw new ValidationException(grantNoOperations);
  if (unique.length === 1 && unique[0] === 'CreateGrant') throw new ValidationException(grantOnlyCreateGrant);
  return unique;
}

export const createGrant: Operation<'CreateGrant'> = {
  spec: {
    iamAction: 'kms:CreateGrant',
    mutates: true,
    key: { reference: (input) => input.KeyId, forms: keyIdOrArn, acceptedStates: notPendingDeletionStates },
  },
  async run(input, ctx) {
    const key = requireKey(ctx);
    const { deps } = ctx;
    for (const principal of [input.GranteePrincipal, input.RetiringPrincipal]) {
      if (principal !== undefined && !isGrantPrincipal(principal)) throw new InvalidArnException(invalidGrantPrincipal(principal));
    }
    const operations = checkedOperations(input.Operations);
    const constraints = constraintsRecord(input.Constraints);
    const grant = {
      grantId: newGrantId(deps.random),
      keyId: key.keyId,
      accountId: key.accountId,
      region: key.region,
      granteePrincipal: input.GranteePrincipal,
      ...(input.RetiringPrincipal !== undefined ? { retiringPrincipal: input.RetiringPrincipal } : {}),
      operations,
      ...(constraints !== undefined ? { constraints } : {}),
      creationDateMs: deps.clock.nowMs(),
      ...(input.Name !== undefined ? {
        name: input.Name,
        idempotencyKey: idempotencyKey({ name: input.Name, granteePrincipal: input.GranteePrincipal, ...(input.RetiringPrincipal !== undefined ? { retiringPrincipal: input.RetiringPrincipal } : {}), operations, ...(constraints !== undefined ? { constraints } : {}) }),
      } : {}),
    };
    if (ctx.dryRun) return { GrantId: grant.grantId, GrantToken: newGrantToken(grant.grantId, deps.random) };
    const stored = await deps.repository.createGrant(grant);
    return { GrantId: stored.grantId, GrantToken: newGrantToken(stored.grantId, deps.random) };
  },
};
