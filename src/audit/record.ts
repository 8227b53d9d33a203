/**
 * One CloudTrail record for one KMS call or service event, in CloudTrail's field order
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html;
 * KMS examples: https://docs.aws.amazon.com/kms/latest/developerguide/understanding-kms-entries.html).
 *
 * Must never: put a plaintext, ciphertext, private key, MAC or signature in a record (redact.ts
 * decides what of the input and output is logged), or read a clock or random source itself.
 */
import { KmsServiceError } from '../api/errors.js';
import type { OperationName } from '../api/generated/operations.js';
import { requestParameters, responseElements } from './redact.js';

export const eventVersion = '1.11';
/** What AWS writes where KMS acts on its own or a value is not known (ct-delete-key.md). */
export const awsInternal = 'AWS Internal';

/** Who called, as far as it is known (authentication failures know only an access key id, if that). */
export interface CallerIdentity {
  readonly accountId: string;
  readonly accessKeyId: string;
  readonly principalArn: string;
  /** The IAM unique id when access control knows it (AIDA…, AROA…); else the access key id stands in. */
  readonly principalId?: string;
}

export interface RequestContext {
  readonly requestId: string;
  readonly caller?: CallerIdentity;
  /** For calls that failed before authentication finished. */
  readonly accessKeyId?: string;
  readonly region?: string;
  readonly sourceIp?: string;
  readonly userAgent?: string;
}

/** Identities seen lately: the same few callers make most calls, and the regexes cost per call. */
const identityCache = new Map<string, Record<string, unknown>>();
const identityCacheSize = 1024;

/** userIdentity from the caller's ARN (root, IAM user, assumed role). */
export function userIdentity(request: RequestContext): Record<string, unknown> {
  const caller = request.caller;
  if (caller === undefined) {
    return { type: 'Unknown', ...(request.accessKeyId !== undefined ? { accessKeyId: request.accessKeyId } : {}) };
  }
  const cacheKey = `${caller.accountId} ${caller.accessKeyId} ${caller.principalArn} ${caller.principalId ?? ''}`;
  let identity = identityCache.get(cacheKey);
  if (identity === undefined) {
    if (identityCache.size >= identityCacheSize) identityCache.clear();
    identity = identityOf(caller);
    identityCache.set(cacheKey, identity);
  }
  return identity;
}

function identityOf(caller: CallerIdentity): Record<string, unknown> {
  const { accountId, accessKeyId, principalArn } = caller;
  const principalId = caller.principalId ?? accessKeyId;
  if (/^arn:aws:iam::\d{12}:root$/.test(principalArn)) {
    return { type: 'Root', principalId: accountId, arn: principalArn, accountId, accessKeyId };
  }
  const user = /^arn:aws:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(principalArn);
  if (user) return { type: 'IAMUser', principalId, arn: principalArn, accountId, accessKeyId, userName: user[1] };
  const role = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(principalArn);
  if (role) {
    const [, roleAccount, roleName, session] = role;
    return {
      type: 'AssumedRole', principalId: `${principalId}:${session}`, arn: principalArn, accountId, accessKeyId,
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId, arn: `arn:aws:iam::${roleAccount}:role/${roleName}`, accountId: roleAccount, userName: roleName },
        attributes: { mfaAuthenticated: 'false' },
      },
    };
  }
  return { type: 'Unknown', principalId, arn: principalArn, accountId, accessKeyId };
}

/** "2025-05-20T20:46:16Z": CloudTrail's eventTime has whole seconds. */
export function eventTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function errorFields(error: unknown): { errorCode: string; errorMessage?: string } {
  if (error instanceof KmsServiceError) {
    return error.message === '' ? { errorCode: error.name } : { errorCode: error.name, errorMessage: error.message };
  }
  // Anything else was answered InternalFailure with a fixed text (protocol/write-error.ts).
  return { errorCode: 'InternalFailure', errorMessage: 'We encountered an internal error. Please try again.' };
}

function resources(accountId: string, keyArns: readonly string[]): Array<Record<string, string>> | undefined {
  if (keyArns.length === 0) return undefined;
  return keyArns.map((arn) => ({ accountId: /^arn:aws:kms:[^:]*:(\d{12}):/.exec(arn)?.[1] ?? accountId, type: 'AWS::KMS::Key', ARN: arn }));
}

export interface ApiCallFacts {
  readonly request: RequestContext;
  readonly eventName: string;
  /** Known when the target named a modelled operation; drives redaction. */
  readonly operation?: OperationName;
  readonly input?: unknown;
  readonly output?: unknown;
  /** The thrown value when the call failed. */
  readonly error?: unknown;
  readonly keyArns: readonly string[];
  readonly readOnly: boolean;
  readonly additionalEventData?: Record<string, unknown>;
  readonly timeMs: number;
  readonly eventId: string;
  /** Account the trail belongs to when no caller is known. */
  readonly defaultAccountId: string;
  readonly defaultRegion: string;
  /** A call of another service (STS): see AuditedCall.foreign. */
  readonly foreign?: {
    readonly eventSource: string;
    readonly requestParameters: Record<string, unknown> | null;
    readonly responseElements: Record<string, unknown> | null;
  };
}

/** The CloudTrail record (eventType AwsApiCall) of one API call. */
export function apiCallRecord(facts: ApiCallFacts): Record<string, unknown> {
  const { request, operation } = facts;
  const accountId = request.caller?.accountId ?? facts.defaultAccountId;
  const failed = facts.error !== undefined;
  const keyResources = resources(accountId, facts.keyArns);
  return {
    eventVersion,
    userIdentity: userIdentity(request),
    eventTime: eventTime(facts.timeMs),
    eventSource: facts.foreign?.eventSource ?? 'kms.amazonaws.com',
    eventName: facts.eventName,
    awsRegion: request.region ?? facts.defaultRegion,
    sourceIPAddress: request.sourceIp ?? awsInternal,
    userAgent: request.userAgent ?? awsInternal,
    ...(failed ? errorFields(facts.error) : {}),
    requestParameters: facts.foreign !== undefined ? facts.foreign.requestParameters
      : operation === undefined ? null : requestParameters(operation, facts.input),
    responseElements: facts.foreign !== undefined ? (failed ? null : facts.foreign.responseElements)
      : operation === undefined || failed ? null : responseElements(operation, facts.output),
    ...(facts.additionalEventData !== undefined ? { additionalEventData: facts.additionalEventData } : {}),
    requestID: request.requestId,
    eventID: facts.eventId,
    readOnly: facts.readOnly,
    ...(keyResources !== undefined ? { resources: keyResources } : {}),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: 'Management',
  };
}

export interface ServiceEventFacts {
  /** RotateKey, DeleteKey, DeleteExpiredKeyMaterial … */
  readonly eventName: string;
  readonly keyArn: string;
  readonly accountId: string;
  readonly region: string;
  readonly responseElements?: Record<string, unknown> | null;
  readonly additionalEventData?: Record<string, unknown>;
  readonly timeMs: number;
  readonly eventId: string;
}

/** The record (eventType AwsServiceEvent) of something Trent did on its own (ct-delete-key.md). */
export function serviceEventRecord(facts: ServiceEventFacts): Record<string, unknown> {
  return {
    eventVersion,
    userIdentity: { accountId: facts.accountId, invokedBy: awsInternal },
    eventTime: eventTime(facts.timeMs),
    eventSource: 'kms.amazonaws.com',
    eventName: facts.eventName,
    awsRegion: facts.region,
    sourceIPAddress: awsInternal,
    userAgent: awsInternal,
    requestParameters: null,
    responseElements: facts.responseElements ?? null,
    ...(facts.additionalEventData !== undefined ? { additionalEventData: facts.additionalEventData } : {}),
    eventID: facts.eventId,
    readOnly: false,
    resources: resources(facts.accountId, [facts.keyArn]),
    eventType: 'AwsServiceEvent',
    managementEvent: true,
    recipientAccountId: facts.accountId,
    eventCategory: 'Management',
  };
}
