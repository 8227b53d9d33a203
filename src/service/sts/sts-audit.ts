/**
 * STS calls on the audit trail (issue 18 with issue 17): one CloudTrail event per call with
 * eventSource `sts.amazonaws.com`, as CloudTrail logs STS (CloudTrail User Guide, "Logging IAM and
 * AWS STS API calls with AWS CloudTrail": AssumeRole's responseElements carry the credentials'
 * accessKeyId and expiration, never the secret or the session token). Same trail, same chain, same
 * fail-closed contract as KMS calls.
 */
import type { AuditRecorder } from '../audit-recorder.js';
import type { Caller } from '../caller.js';

export interface StsCallFacts {
  readonly requestId: string;
  readonly eventName: string;
  readonly caller?: Caller;
  readonly accessKeyId?: string;
  readonly region?: string;
  readonly sourceIp?: string;
  readonly userAgent?: string;
  readonly requestParameters?: Record<string, unknown>;
  readonly responseElements?: Record<string, unknown>;
  readonly error?: unknown;
}

/** The STS endpoint's audit hook over the trail. */
export function stsAuditHook(trail: Pick<AuditRecorder, 'recordCall'>): (call: StsCallFacts) => Promise<void> {
  return (call) => trail.recordCall({
    request: {
      requestId: call.requestId,
      ...(call.caller !== undefined ? { caller: call.caller } : {}),
      ...(call.accessKeyId !== undefined ? { accessKeyId: call.accessKeyId } : {}),
      ...(call.region !== undefined ? { region: call.region } : {}),
      ...(call.sourceIp !== undefined ? { sourceIp: call.sourceIp } : {}),
      ...(call.userAgent !== undefined ? { userAgent: call.userAgent } : {}),
    },
    eventName: call.eventName,
    ...(call.error !== undefined ? { error: call.error } : {}),
    keys: [],
    foreign: {
      eventSource: 'sts.amazonaws.com',
      readOnly: call.eventName === 'GetCallerIdentity',
      requestParameters: call.requestParameters ?? null,
      responseElements: call.responseElements ?? null,
    },
  });
}
