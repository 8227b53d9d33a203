/**
 * The pending-deletion alarm (issue 18 item 7): an attempt to use a key that is pending deletion is
 * logged at warning level, counted, and optionally POSTed as JSON to a webhook, so an operator can
 * cancel the deletion before data is lost (the Developer Guide's advice:
 * https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys-creating-cloudwatch-alarm.html).
 *
 * Must never: delay or fail the request (the webhook is fire-and-forget with a timeout), or send
 * anything but identifiers: no request body, no key material.
 */
import type { Logger } from '../platform/logger.js';
import { counterNames, type Counters } from '../platform/metrics.js';

export interface PendingDeletionAlarm {
  readonly keyArn: string;
  readonly deletionDate?: string;
  readonly eventName: string;
  readonly eventTime: string;
  readonly eventID: string;
  readonly requestID: string;
  readonly principalArn?: string;
  readonly sourceIPAddress?: string;
}

export interface AlarmOptions {
  readonly logger: Logger;
  readonly counters: Counters;
  /** POST target; undefined: no webhook. */
  readonly webhookUrl?: string;
  readonly webhookTimeoutMs?: number;
}

export type RaiseAlarm = (alarm: PendingDeletionAlarm) => void;

/** Builds the alarm function; webhook deliveries still under way are tracked for `settled()`. */
export function pendingDeletionAlarm(options: AlarmOptions): { raise: RaiseAlarm; settled(): Promise<void> } {
  const inFlight = new Set<Promise<void>>();
  const raise: RaiseAlarm = (alarm) => {
    options.counters.increment(counterNames.keyPendingDeletionUse);
    options.logger.log('warn', 'a key pending deletion was used; cancel the deletion if it is still needed', { ...alarm });
    const url = options.webhookUrl;
    if (url === undefined) return;
    const delivery = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ alarm: 'KeyPendingDeletionUse', ...alarm }),
      signal: AbortSignal.timeout(options.webhookTimeoutMs ?? 5_000),
    }).then(async (response) => {
      await response.arrayBuffer();
      if (!response.ok) options.logger.log('warn', 'pending-deletion webhook answered an error', { status: response.status });
    }, (error: unknown) => {
      options.logger.log('warn', 'pending-deletion webhook failed', { errorMessage: error instanceof Error ? error.message : String(error) });
    });
    inFlight.add(delivery);
    void delivery.finally(() => inFlight.delete(delivery));
  };
  return { raise, settled: async () => { await Promise.allSettled([...inFlight]); } };
}
