/**
 * The AWS Query protocol's request side for STS: a form-encoded body (`Action=…&Version=2011-06-15&…`,
 * https://smithy.io/2.0/aws/protocols/aws-query-protocol.html), the Action and Version checks, and
 * the input constraints of the STS API Reference, reported in the Coral validation text KMS uses too
 * (validation-message.ts).
 */
import { StsInvalidAction, StsMissingAction, StsValidationError } from '../api/sts-errors.js';
import type { AssumeRoleInput } from '../service/sts/sts-service.js';
import type { ValidationFailure } from './validate.js';
import { formatValidationMessage } from './validation-message.js';

export const STS_VERSION = '2011-06-15';
export type StsAction = 'GetCallerIdentity' | 'AssumeRole';
const actions: ReadonlySet<string> = new Set<StsAction>(['GetCallerIdentity', 'AssumeRole']);

/** True for a Query request: form-encoded and no X-Amz-Target (which would make it JSON 1.1). */
export function isQueryRequest(contentType: string | undefined, target: unknown): boolean {
  if (target !== undefined || contentType === undefined) return false;
  return contentType.split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/** The body's parameters; a name given twice keeps its first value. */
export function parseForm(body: Buffer): ReadonlyMap<string, string> {
  const params = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) if (!params.has(k)) params.set(k, v);
  return params;
}

/**
 * Action and Version. Texts: MissingAction is the Common Errors description (nothing recorded);
 * "Could not find operation <Action> for version <Version>" is recorded from Query services
 * (aws/aws-cli#37), with `NO_VERSION_SPECIFIED` when Version is absent.
 */
export function actionOf(params: ReadonlyMap<string, string>): StsAction {
  const action = params.get('Action');
  if (action === undefined || action === '') throw new StsMissingAction('The request is missing an action or a required parameter.');
  const version = params.get('Version');
  if (!actions.has(action) || version !== STS_VERSION) {
    throw new StsInvalidAction(`Could not find operation ${action} for version ${version === undefined || version === '' ? 'NO_VERSION_SPECIFIED' : version}`);
  }
  return action as StsAction;
}

/** AssumeRole's constraints (API Reference, AssumeRole, Request Parameters). */
const roleSessionNamePattern = /^[\w+=,.@-]*$/;

/** AssumeRole's input, checked as STS does; all failures in one ValidationError. */
export function assumeRoleInput(params: ReadonlyMap<string, string>): AssumeRoleInput {
  const failures: ValidationFailure[] = [];
  const roleArn = params.get('RoleArn');
  if (roleArn === undefined) failures.push({ kind: 'required', path: 'roleArn', sensitive: false });
  else if (roleArn.length < 20) failures.push({ kind: 'length', path: 'roleArn', sensitive: false, value: roleArn, min: 20 });
  else if (roleArn.length > 2048) failures.push({ kind: 'length', path: 'roleArn', sensitive: false, value: roleArn, max: 2048 });
  const name = params.get('RoleSessionName');
  if (name === undefined) failures.push({ kind: 'required', path: 'roleSessionName', sensitive: false });
  else {
    if (name.length < 2) failures.push({ kind: 'length', path: 'roleSessionName', sensitive: false, value: name, min: 2 });
    else if (name.length > 64) failures.push({ kind: 'length', path: 'roleSessionName', sensitive: false, value: name, max: 64 });
    if (!roleSessionNamePattern.test(name)) {
      failures.push({ kind: 'pattern', path: 'roleSessionName', sensitive: false, value: name, pattern: '[\\w+=,.@-]*' });
    }
  }
  const durationText = params.get('DurationSeconds');
  let duration: number | undefined;
  if (durationText !== undefined) {
    // Not a whole number at all: Trent's text (STS's own answer to this is not recorded).
    if (!/^-?\d{1,10}$/.test(durationText)) {
      throw new StsValidationError(`Value '${durationText}' at 'durationSeconds' failed to satisfy constraint: Member must be an integer`);
    }
    duration = Number(durationText);
    if (duration < 900) failures.push({ kind: 'range', path: 'durationSeconds', sensitive: false, value: duration, min: 900 });
    else if (duration > 43200) failures.push({ kind: 'range', path: 'durationSeconds', sensitive: false, value: duration, max: 43200 });
  }
  if (failures.length > 0) throw new StsValidationError(formatValidationMessage(failures));
  return { RoleArn: roleArn!, RoleSessionName: name!, ...(duration !== undefined ? { DurationSeconds: duration } : {}) };
}
