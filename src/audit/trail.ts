/**
 * The audit trail the service writes to (service/audit-recorder.ts): builds each CloudTrail record,
 * hands it to the group-commit writer, raises the pending-deletion alarm and answers
 * GetKeyLastUsage from the stored trail.
 *
 * Must never: let a call's response leave before its event is durable (recordCall resolves only
 * after the commit), or swallow a write failure (it rejects, and the request fails closed).
 */
import { schemas } from '../api/generated/schemas.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import { counterNames, type Counters } from '../platform/metrics.js';
import type { Random } from '../platform/random.js';
import type { AuditedCall, AuditedServiceEvent, AuditRecorder, KeyLastUse } from '../service/audit-recorder.js';
import type { AuditStore } from '../storage/audit-store.js';
import type { RaiseAlarm } from './alarm.js';
import { GroupCommitWriter } from './group-commit.js';
import { apiCallRecord, serviceEventRecord } from './record.js';
import { cloudTrailDate } from './redact.js';

/** Operations GetKeyLastUsage reports (the model's KeyLastUsageTrackingOperation enum). */
const trackedOperations: ReadonlySet<string> = new Set(
  (() => { const s = schemas['KeyLastUsageTrackingOperation']; return s?.type === 'enum' ? s.values : []; })(),
);

export interface AuditTrailOptions {
  readonly store: AuditStore;
  readonly clock: Clock;
  readonly random: Pick<Random, 'uuid'>;
  readonly logger: Logger;
  readonly counters: Counters;
  readonly raiseAlarm: RaiseAlarm;
  /** Whether an operation only reads (the record's readOnly). */
  readonly readOnly: (operation: string) => boolean;
  /** The account and region a record names when the caller is unknown (authentication failures). */
  readonly accountId: string;
  readonly region: string;
  readonly trackingStartMs: number;
}

const keyArnPattern = /^arn:aws:kms:[^:]+:\d{12}:key\//;

/** Key ARNs an output names (ReEncrypt's destination and source, CreateKey's new key). */
function outputKeyArns(output: unknown): string[] {
  if (typeof output !== 'object' || output === null) return [];
  const o = output as { KeyId?: unknown; SourceKeyId?: unknown; KeyMetadata?: { Arn?: unknown } };
  return [o.SourceKeyId, o.KeyId, o.KeyMetadata?.Arn].filter((v): v is string => typeof v === 'string' && keyArnPattern.test(v));
}

export class AuditTrail implements AuditRecorder {
  private readonly writer: GroupCommitWriter;

  constructor(private readonly options: AuditTrailOptions) {
    this.writer = new GroupCommitWriter(options.store);
  }

  async recordCall(call: AuditedCall): Promise<void> {
    const { clock, random } = this.options;
    const timeMs = clock.nowMs();
    const eventId = random.uuid();
    const keyArns = [...new Set([...call.keys.map((k) => k.arn), ...outputKeyArns(call.output), ...(call.extraKeyArns ?? [])])];
    const pendingKey = call.pendingDeletionUse ? call.keys.find((k) => k.keyState === 'PendingDeletion') : undefined;
    const additional: Record<string, unknown> = {};
    const materialId = (call.output as { KeyMaterialId?: unknown } | undefined)?.KeyMaterialId;
    if (call.error === undefined && typeof materialId === 'string') additional['keyMaterialId'] = materialId;
    if (pendingKey !== undefined) {
      additional['keyPendingDeletion'] = true;
      if (pendingKey.deletionDateMs !== undefined) additional['deletionDate'] = cloudTrailDate(new Date(pendingKey.deletionDateMs));
    }
    const record = apiCallRecord({
      request: call.request, eventName: call.eventName, ...(call.operation !== undefined ? { operation: call.operation } : {}),
      input: call.input, output: call.output, error: call.error, keyArns,
      readOnly: call.foreign?.readOnly ?? this.options.readOnly(call.eventName),
      ...(call.foreign !== undefined ? { foreign: call.foreign } : {}),
      ...(Object.keys(additional).length > 0 ? { additionalEventData: additional } : {}),
      timeMs, eventId, defaultAccountId: this.options.accountId, defaultRegion: this.options.region,
    });
    const errorCode = (record['errorCode'] as string | undefined) ?? null;
    if (pendingKey !== undefined) {
      this.options.raiseAlarm({
        keyArn: pendingKey.arn, eventName: call.eventName, eventTime: record['eventTime'] as string, eventID: eventId,
        requestID: call.request.requestId,
        ...(additional['deletionDate'] !== undefined ? { deletionDate: additional['deletionDate'] as string } : {}),
        ...(call.request.caller ? { principalArn: call.request.caller.principalArn } : {}),
        ...(call.request.sourceIp ? { sourceIPAddress: call.request.sourceIp } : {}),
      });
    }
    const usage = errorCode === null && call.dryRun !== true && trackedOperations.has(call.eventName) && keyArns.length > 0
      ? { keyArns, operation: call.eventName, requestId: call.request.requestId } : undefined;
    await this.write({
      eventId, eventTimeMs: timeMs, eventName: call.eventName,
      principalArn: call.request.caller?.principalArn ?? null,
      accessKeyId: call.request.caller?.accessKeyId ?? call.request.accessKeyId ?? null,
      errorCode, keyArns, ...(usage !== undefined ? { usage } : {}), json: JSON.stringify(record),
    });
  }

  async recordServiceEvent(event: AuditedServiceEvent): Promise<void> {
    const timeMs = this.options.clock.nowMs();
    const eventId = this.options.random.uuid();
    const record = serviceEventRecord({
      eventName: event.eventName, keyArn: event.key.arn, accountId: event.key.accountId, region: event.key.region,
      ...(event.responseElements !== undefined ? { responseElements: event.responseElements } : {}),
      ...(event.additionalEventData !== undefined ? { additionalEventData: event.additionalEventData } : {}),
      timeMs, eventId,
    });
    await this.write({
      eventId, eventTimeMs: timeMs, eventName: event.eventName, principalArn: null, accessKeyId: null, errorCode: null,
      keyArns: [event.key.arn], json: JSON.stringify(record),
    });
  }

  async lastUsage(keyArn: string): Promise<KeyLastUse | undefined> {
    const usage = await this.options.store.lastUsage(keyArn);
    return usage === undefined ? undefined
      : { operation: usage.operation, timeMs: usage.timeMs, eventId: usage.eventId, requestId: usage.requestId };
  }

  trackingStartMs(): number {
    return this.options.trackingStartMs;
  }

  /** Waits for every event queued so far to be committed (or to have failed). */
  drain(): Promise<void> {
    return this.writer.drain();
  }

  private async write(row: Parameters<GroupCommitWriter['write']>[0]): Promise<void> {
    try {
      await this.writer.write(row);
    } catch (error) {
      this.options.counters.increment(counterNames.auditWriteFailures);
      this.options.logger.log('error', 'audit event could not be written; the request fails closed', {
        eventName: row.eventName, eventID: row.eventId, errorMessage: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  }
}
