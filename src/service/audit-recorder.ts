/**
 * What the service and the protocol layer need of the audit trail (issue 18), typed here so that
 * neither depends on how it is built (audit/trail.ts implements it; app.ts wires it).
 *
 * Contract: `recordCall` resolves only once the event is durably stored; it rejects when it could
 * not be, and the caller must then fail the request with a 500 InternalFailure and return no
 * cryptographic result (fail-closed).
 */
import type { OperationName } from '../api/generated/operations.js';
import type { KeyRecord } from '../domain/key/key-record.js';
import type { Caller } from './caller.js';

/** The request as far as it is known when the event is written. */
export interface AuditedRequest {
  readonly requestId: string;
  readonly caller?: Caller;
  /** From the Authorization header when authentication failed. */
  readonly accessKeyId?: string;
  readonly region?: string;
  readonly sourceIp?: string;
  readonly userAgent?: string;
}

export interface AuditedCall {
  readonly request: AuditedRequest;
  /** The operation's wire name, or what the X-Amz-Target named when it is not one. */
  readonly eventName: string;
  readonly operation?: OperationName;
  readonly input?: unknown;
  readonly output?: unknown;
  /** The thrown value, when the call failed. */
  readonly error?: unknown;
  /** Keys the call resolved (its `resources`). */
  readonly keys: readonly Pick<KeyRecord, 'arn' | 'keyState' | 'deletionDateMs'>[];
  /** ARNs of keys known only from the output (ReEncrypt's destination …). */
  readonly extraKeyArns?: readonly string[];
  /** The call tried to use a key pending deletion and was refused for it (the alarm of item 7). */
  readonly pendingDeletionUse?: boolean;
  readonly dryRun?: boolean;
  /**
   * Calls of another service on the same endpoint (STS, issue 17): its eventSource
   * (`sts.amazonaws.com`), its readOnly flag, and its requestParameters / responseElements already
   * in CloudTrail's form (no operation spec of KMS's model to redact them by).
   */
  readonly foreign?: {
    readonly eventSource: string;
    readonly readOnly: boolean;
    readonly requestParameters: Record<string, unknown> | null;
    readonly responseElements: Record<string, unknown> | null;
  };
}

/** Something Trent did on its own (eventType AwsServiceEvent): rotation, deletion, expiry. */
export interface AuditedServiceEvent {
  readonly eventName: 'RotateKey' | 'DeleteKey' | 'DeleteExpiredKeyMaterial' | (string & {});
  readonly key: Pick<KeyRecord, 'arn' | 'accountId' | 'region'>;
  readonly responseElements?: Record<string, unknown> | null;
  readonly additionalEventData?: Record<string, unknown>;
}

export interface KeyLastUse {
  readonly operation: string;
  readonly timeMs: number;
  readonly eventId: string;
  readonly requestId: string;
}

export interface AuditRecorder {
  recordCall(call: AuditedCall): Promise<void>;
  recordServiceEvent(event: AuditedServiceEvent): Promise<void>;
  /** The last successful cryptographic use of a key, from the trail (GetKeyLastUsage). */
  lastUsage(keyArn: string): Promise<KeyLastUse | undefined>;
  /** When this trail began recording cryptographic activity (GetKeyLastUsage's TrackingStartDate). */
  trackingStartMs(): number;
}
