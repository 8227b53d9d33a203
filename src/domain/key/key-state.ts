/**
 * Which key states an operation accepts, and the error for the others: the Developer Guide's
 * "Key states of AWS KMS keys" table.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
 * Pure: no I/O.
 */
import type { KeyState } from '../../api/generated/shapes.js';

/** The states every cryptographic operation accepts. */
export const usableStates: readonly KeyState[] = ['Enabled'];
/** Management operations that work whether or not the key is enabled. */
export const manageableStates: readonly KeyState[] = ['Enabled', 'Disabled'];
/** Operations the key-state table allows in every state (DescribeKey, ListResourceTags, GetKeyPolicy…). */
export const anyState: readonly KeyState[] = ['Creating', 'Enabled', 'Disabled', 'PendingDeletion', 'PendingImport', 'PendingReplicaDeletion', 'Unavailable', 'Updating'];
/**
 * Management operations that also work on a key awaiting imported material but not on one pending
 * deletion: CreateAlias, TagResource, UntagResource, UpdateKeyDescription, ScheduleKeyDeletion
 * (key-state table: OK / OK / X[3] / OK).
 */
export const notPendingDeletionStates: readonly KeyState[] = ['Enabled', 'Disabled', 'PendingImport'];
