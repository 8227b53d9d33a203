/**
 * Checks the rotation, deletion and import operations share, in the order the Developer Guide's
 * key-state table implies: what the key *is* (origin, key spec, manager) before what state it is in.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
 */
import { UnsupportedOperationException } from '../api/generated/errors.js';
import type { KeyState, OriginType } from '../api/generated/shapes.js';
import type { KeyRecord } from '../domain/key/key-record.js';
import { awsManagedKeyNotValid, originNotValid } from '../domain/messages-lifecycle.js';
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

/** Customer managed keys only: AWS managed keys rotate and live by AWS's rules alone. */
export function requireCustomerManaged(key: KeyRecord): void {
  if (key.keyManager === 'AWS') throw new UnsupportedOperationException(awsManagedKeyNotValid(key.arn));
}

/** The key-state table's answer for `states`, with the operation's name for usage errors. */
export function requireState(key: KeyRecord, states: readonly KeyState[], operation: string): void {
  checkKey(key, { acceptedStates: states, operation });
}
