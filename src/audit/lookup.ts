/**
 * `trent audit lookup`: the events matching a filter, newest first, each as one line in the shape
 * of an Event of CloudTrail's LookupEvents (what `aws cloudtrail lookup-events` prints:
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Event.html), with the full
 * record as the `CloudTrailEvent` JSON string.
 */
import type { AuditQuery, AuditStore, StoredAuditEvent } from '../storage/audit-store.js';

/** One LookupEvents Event. */
export interface LookupEvent {
  readonly EventId: string;
  readonly EventName: string;
  readonly ReadOnly: string;
  readonly AccessKeyId?: string;
  readonly EventTime: string;
  readonly EventSource: string;
  readonly Username?: string;
  readonly Resources: Array<{ readonly ResourceType: string; readonly ResourceName: string }>;
  readonly CloudTrailEvent: string;
}

interface RecordShape {
  eventTime?: string;
  eventSource?: string;
  readOnly?: boolean;
  userIdentity?: { type?: string; userName?: string; arn?: string; sessionContext?: { sessionIssuer?: { userName?: string } } };
  resources?: Array<{ type?: string; ARN?: string }>;
}

/** Username as LookupEvents gives it: the IAM user name, "root", or the role session's issuer. */
function username(identity: RecordShape['userIdentity']): string | undefined {
  if (identity === undefined) return undefined;
  if (identity.type === 'Root') return 'root';
  if (identity.userName !== undefined) return identity.userName;
  const session = identity.arn !== undefined ? /assumed-role\/[^/]+\/(.+)$/.exec(identity.arn)?.[1] : undefined;
  return session;
}

/** A stored event as a LookupEvents Event. */
export function toLookupEvent(event: StoredAuditEvent): LookupEvent {
  const record = JSON.parse(event.json) as RecordShape;
  const user = username(record.userIdentity);
  return {
    EventId: event.eventId,
    EventName: event.eventName,
    ReadOnly: String(record.readOnly ?? false),
    ...(event.accessKeyId !== null ? { AccessKeyId: event.accessKeyId } : {}),
    EventTime: record.eventTime ?? new Date(event.eventTimeMs).toISOString(),
    EventSource: record.eventSource ?? 'kms.amazonaws.com',
    ...(user !== undefined ? { Username: user } : {}),
    Resources: (record.resources ?? []).map((r) => ({ ResourceType: r.type ?? 'AWS::KMS::Key', ResourceName: r.ARN ?? '' })),
    CloudTrailEvent: event.json,
  };
}

/** The matching events, newest first, as LookupEvents Events. */
export async function lookupEvents(store: Pick<AuditStore, 'lookup'>, query: AuditQuery): Promise<LookupEvent[]> {
  return (await store.lookup(query)).map(toLookupEvent);
}
