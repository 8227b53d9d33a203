/**
 * Alias rules beyond the model's AliasName pattern (`^[a-zA-Z0-9:/_-]+$`, 1–256), which the
 * protocol layer has already enforced: the `alias/` prefix, the characters KMS refuses although the
 * pattern allows them, the reserved `alias/aws/` namespace, what an alias may point at, and the
 * alias quota. Pure: no I/O; throws the AWS error an operation must answer.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/alias-about.html
 */
import { ValidationException } from '../../api/errors.js';
import { InvalidAliasNameException } from '../../api/generated/errors.js';
import type { KeySpec, KeyState, KeyUsageType } from '../../api/generated/shapes.js';
import { parseKeyReference } from '../key/identifiers.js';
import { aliasInvalidCharacters, aliasPrefixRequired, aliasReserved, aliasTargetIncompatible, aliasTargetIsAlias } from '../messages.js';

export const aliasPrefix = 'alias/';
/** "The alias/aws/ prefix is reserved for AWS managed keys" (CreateAlias API Reference). */
export const reservedAliasPrefix = 'alias/aws/';

/**
 * "Aliases per KMS key: 50", the AWS KMS resource quota (Developer Guide, Resource quotas).
 * AWS has no separate per-account alias quota any more; this one answers LimitExceededException.
 * https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html#aliases-per-key
 */
export const aliasesPerKeyMax = 50;

/**
 * Key states an alias may be created on or moved to (Developer Guide key-state table: CreateAlias
 * and UpdateAlias succeed for Enabled, Disabled and PendingImport keys; a PendingDeletion target is
 * KMSInvalidStateException, footnotes [3] and [10]).
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
 */
export const aliasTargetStates: readonly KeyState[] = ['Enabled', 'Disabled', 'PendingImport'];

// After the prefix: the model's characters without `:` (recorded: `:` is refused), at least one.
const aliasSuffixPattern = /^alias\/[a-zA-Z0-9/_-]+$/;

/**
 * Checks an AliasName given to CreateAlias, UpdateAlias or DeleteAlias. The order is syntax first,
 * then the reserved namespace: a name that is not an alias at all is a ValidationException whatever
 * it contains.
 */
export function checkAliasName(aliasName: string): void {
  // Case-sensitive, as the recorded message spells the prefix: `Alias/x` is refused.
  if (!aliasName.startsWith(aliasPrefix)) throw new ValidationException(aliasPrefixRequired);
  if (!aliasSuffixPattern.test(aliasName)) throw new ValidationException(aliasInvalidCharacters(aliasName));
  // Exact-case prefix: AWS's managed aliases are all lower case (alias/aws/s3, alias/aws/ebs…), and
  // refusing `alias/AWS/x` would refuse a name AWS is not documented to refuse.
  if (aliasName.startsWith(reservedAliasPrefix)) throw new InvalidAliasNameException(aliasReserved);
}

/**
 * Refuses a TargetKeyId that names an alias (by name or ARN): "Specify the key ID or key ARN of the
 * KMS key… you cannot use an alias" (CreateAlias / UpdateAlias API Reference). Other malformed
 * values are left to key resolution, which answers NotFoundException `Invalid keyId '…'`.
 */
export function checkAliasTarget(targetKeyId: string): void {
  const kind = parseKeyReference(targetKeyId).kind;
  if (kind === 'aliasName' || kind === 'aliasArn') throw new ValidationException(aliasTargetIsAlias);
}

/** The "key type" UpdateAlias compares: symmetric encryption, HMAC or asymmetric. */
export function keyTypeOf(keySpec: KeySpec): 'symmetric' | 'hmac' | 'asymmetric' {
  if (keySpec === 'SYMMETRIC_DEFAULT') return 'symmetric';
  if (keySpec.startsWith('HMAC_')) return 'hmac';
  return 'asymmetric';
}

/** The parts of a key UpdateAlias compares. */
export interface AliasTargetKey {
  readonly arn: string;
  readonly keySpec: KeySpec;
  readonly keyUsage: KeyUsageType;
}

/**
 * UpdateAlias: "The current and new KMS key must be the same type (both symmetric or both
 * asymmetric or both HMAC), and they must have the same key usage" (API Reference). The error is
 * not documented; ValidationException is chosen because AWS answers other cross-parameter
 * mismatches with it (messages.ts `aliasTargetIncompatible`).
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_UpdateAlias.html
 */
export function checkAliasRetarget(current: AliasTargetKey, next: AliasTargetKey): void {
  if (keyTypeOf(current.keySpec) !== keyTypeOf(next.keySpec) || current.keyUsage !== next.keyUsage) {
    throw new ValidationException(aliasTargetIncompatible(next.arn, current.arn));
  }
}
