/**
 * Reading the audit trail of a running test server the way an operator does: through
 * openAuditTools (the code behind `trent audit …`), on the server's data folder.
 */
import assert from 'node:assert/strict';
import { openAuditTools, type AuditTools } from '../../src/app.js';

export type CloudTrailRecord = Record<string, any>;

/** Opens the trail of `dataDir`; close it in an `after` hook. */
export function auditOf(dataDir: string): Promise<AuditTools> {
  return openAuditTools({ dataDir });
}

/** Every record, oldest first. */
export async function allRecords(tools: AuditTools): Promise<CloudTrailRecord[]> {
  return (await tools.lookup({ limit: 1_000_000 })).reverse().map((e) => JSON.parse(e.CloudTrailEvent) as CloudTrailRecord);
}

/** The records with this requestID (a call must have exactly one). */
export async function recordsOfRequest(tools: AuditTools, requestId: string): Promise<CloudTrailRecord[]> {
  return (await allRecords(tools)).filter((r) => r['requestID'] === requestId);
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The fields CloudTrail documents for every KMS AwsApiCall record, with their types
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
 */
export function assertApiCallShape(record: CloudTrailRecord, expected: { eventName: string; requestId: string; errorCode?: string }): void {
  assert.equal(record['eventVersion'], '1.11');
  assert.equal(typeof record['userIdentity'], 'object');
  assert.match(record['eventTime'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(record['eventSource'], 'kms.amazonaws.com');
  assert.equal(record['eventName'], expected.eventName);
  assert.match(record['awsRegion'], /^[a-z]{2}-[a-z]+-\d$/);
  assert.equal(typeof record['sourceIPAddress'], 'string');
  assert.equal(typeof record['userAgent'], 'string');
  assert.ok('requestParameters' in record, 'requestParameters is always present (null when empty)');
  assert.ok('responseElements' in record, 'responseElements is always present (null when empty)');
  assert.equal(record['requestID'], expected.requestId);
  assert.match(record['eventID'], uuid);
  assert.equal(typeof record['readOnly'], 'boolean');
  assert.equal(record['eventType'], 'AwsApiCall');
  assert.equal(record['managementEvent'], true);
  assert.match(record['recipientAccountId'], /^\d{12}$/);
  assert.equal(record['eventCategory'], 'Management');
  assert.equal(record['errorCode'], expected.errorCode);
  if (expected.errorCode !== undefined) assert.equal(typeof (record['errorMessage'] ?? ''), 'string');
}
