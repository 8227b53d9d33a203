/**
 * ScheduleKeyDeletion: the key becomes PendingDeletion (unusable) and the scheduler destroys it,
 * its aliases and all its material at DeletionDate, PendingWindowInDays (7–30, default 30) from now.
 * Key-state table: Enabled, Disabled, PendingImport ✓; PendingDeletion KMSInvalidStateException.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html
 */
import { ValidationException } from '../../api/errors.js';
import { keyIdOrArn } from '../../domain/key/identifiers.js';
import type { KeyRecord } from '../../domain/key/key-record.js';
import { defaultPendingWindowDays, maxPendingWindowDays, minPendingWindowDays, withDeletionScheduled } from '../../domain/key/lifecycle.js';
import { valueOutOfRange } from '../../domain/messages-lifecycle.js';
import { requireState } from '../lifecycle-checks.js';
import { requireKey, type Operation } from '../operation.js';
import { saveKey } from '../save-key.js';

const schedulableStates = ['Enabled', 'Disabled', 'PendingImport'] as const;

function checkWindow(days: number): void {
  if (days < minPendingWindowDays) throw new ValidationException(valueOutOfRange(days, 'pendingWindowInDays', 'min', minPendingWindowDays));
  if (days > maxPendingWindowDays) throw new ValidationException(valueOutOfRange(days, 'pendingWindowInDays', 'max', maxPendingWindowDays));
}

export const scheduleKeyDeletion: Operation<'ScheduleKeyDeletion'> = {
  spec: {
    iamAction: 'kms:ScheduleKeyDeletion',
    mutates: true,
    key: { reference: (input) => input.KeyId, forms: keyIdOrArn, acceptedStates: schedulableStates },
  },
  async run(input, ctx) {
    const days = input.PendingWindowInDays ?? defaultPendingWindowDays;
    checkWindow(days);
    const check = (key: KeyRecord) => requireState(key, schedulableStates, 'ScheduleKeyDeletion');
    check(requireKey(ctx));
    const nowMs = ctx.deps.clock.nowMs();
    const stored = await saveKey({ ...ctx, recheck: check }, requireKey(ctx), (key) => withDeletionScheduled(key, days, nowMs));
    return {
      KeyId: stored.arn,
      DeletionDate: new Date(stored.deletionDateMs ?? nowMs + days * 86_400_000),
      KeyState: 'PendingDeletion',
      PendingWindowInDays: days,
    };
  },
};
