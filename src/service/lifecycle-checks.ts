/**
 * Checks the rotation, deletion and import operations share, in the order the Developer Guide's
 * key-state table implies: what the key *is* (origin, key spec, manager) before what state it is in.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
 *
 * No check here for AWS managed keys. "You cannot enable or disable automatic rotation of AWS
 * managed KMS keys" (EnableKeyRotation API Reference), nor rotate them on demand, schedule their
 * deletion or change them at all (Developer Guide, AWS managed keys), and no API Reference page names
 * an UnsupportedOperationException for it: AWS refuses these calls before the operation runs,
 * because the key policy it writes (domain/key/aws-managed-keys.ts) allows none of their actions
 * and cannot be changed. Trent does the same: the policy authorizer, and the pipeline's rule where no
 * policy is evaluated (service/aws-managed-key-rule.ts), answer AccessDeniedException first, so an
 * UnsupportedOperationException check of the key manager could never be reached.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html
 */
import { UnsupportedOperationException } from '../api/generated/errors.js';
import type { KeyState, OriginType } from '../api/generated/shapes.js';
import type { KeyRecord } from '../domain/key/key-record.js';
import { originNotValid } from '../domain/messages-lifecycle.js';
import { checkKey } from './key-resolver.js';

/** UnsupportedOperationException `<arn> origin is X which is not valid…` unless the origin is `origin`. */
export function requireOrigin(key: KeyRecord, origin: OriginType): void {
  if (key.origin !== origin) throw new UnsupportedOperationException(originNotValid(key.arn, key.origin));
}

/**
 * Rotation applies to symmetric encryption keys only; for other specs AWS answers
 * UnsupportedOperationException with an empty message (RECORDED, LS-SNAP RotateKeyOnDemand on RSA).
 */
export function requireSymmetric(key: KeyRecord): void {
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') throw new UnsupportedOperationException('');
}


/** The key-state table's answer for `states`, with the operation's name for usage errors. */
export function requireState(key: KeyRecord, states: readonly KeyState[], operation: string): void {
  checkKey(key, { acceptedStates: states, operation });
}
