/**
 * The shared request pipeline (DESIGN.md §3): everything operations have in common happens here,
 * once, so that an operation file holds only what is particular to it.
 *
 *   1. look up the operation's spec;
 *   2. resolve the key the request names (identifier forms, caller scope);
 *   3. check key state and key usage (domain/key/key-state.ts, Developer Guide key-state table);
 *   4. authorize (access-control issue: the Authorizer seam below, allow-all until then);
 *   5. run the operation;
 *   6. DryRun: answer DryRunOperationException instead of the result, so every check applies;
 *   7. write the call's one CloudTrail event (issue 18), successful or not, and only then return.
 *      Fail-closed: when the event cannot be written the caller gets InternalFailure (500) and no
 *      result; a plaintext the operation produced is zeroed first.
 * One event per call rather than Vault's request + response pair: CloudTrail has one record per call,
 * and its outcome (errorCode, responseElements) is only known at the end. A mutating call whose event
 * then fails to be written has changed state and answers 500: the state change is not undone (the
 * repository commits per method); its absence from the trail is logged at error level and counted.
 */
import { internalFailure } from '../api/errors.js';
import { DryRunOperationException, NotFoundException } from '../api/generated/errors.js';
import { operationNames, type OperationInput, type OperationName, type OperationOutput } from '../api/generated/operations.js';
import type { KeyRecord } from '../domain/key/key-record.js';
import { dryRunSucceeded } from '../domain/messages.js';
import type { ServiceDeps } from './deps.js';
import type { Handlers } from './handlers.js';
import type { KmsService, RequestInfo } from './kms-service.js';
import type { Operation } from './operation.js';
import { checkKey, type KeyResolver } from './key-resolver.js';
import type { AuditRecorder } from './audit-recorder.js';
import { grantIdsOfTokens } from './grants/grant-token.js';
import { refuseAwsManagedKeyManagement } from './aws-managed-key-rule.js';

/**
 * What one request may do (issue 17): made once per request by the Authorizer, so its condition
 * context is built once, and asked by the pipeline for every key the request touches.
 */
export interface RequestAccess {
  /** The key the spec's rule resolved; `hidden` is the answer when the caller may not know of it (Decrypt's blob). */
  key(action: string, key: KeyRecord, hidden?: () => Error): Promise<void>;
  /** An operation on no key (CreateKey, ListKeys, GenerateRandom …): identity policies decide. */
  noKey(action: string): Promise<void>;
  /** Checks of this operation that need more than one resource or the request's policy (aliases, new key policies). */
  beforeRun(deps: ServiceDeps): Promise<void>;
  /** `deps` whose resolver authorizes the keys `run` resolves itself (alias targets, ReEncrypt's destination). */
  depsForRun(deps: ServiceDeps): ServiceDeps;
}

/** Decides whether a caller may perform actions (access-control issue; service/authorization/). */
export interface Authorizer {
  forRequest(call: { readonly request: RequestInfo; readonly operation: OperationName; readonly input: unknown; readonly keyReference: string | undefined }): RequestAccess;
}

const allowEverything: RequestAccess = {
  key: async () => {},
  noKey: async () => {},
  beforeRun: async () => {},
  depsForRun: (deps) => deps,
};

/** Every authenticated caller of the key's scope is allowed (unit tests of the service, benchmarks of the seam). */
export const allowAll: Authorizer = { forRequest: () => allowEverything };

/** Fails start-up when the registry lacks a modelled operation or has one the model does not. */
export function assertHandlersComplete(handlers: Record<string, unknown>): void {
  const missing = operationNames.filter((name) => !(name in handlers));
  const orphans = Object.keys(handlers).filter((name) => !(operationNames as string[]).includes(name));
  if (missing.length > 0 || orphans.length > 0) {
    throw new Error(`operation registry out of sync with the model: missing [${missing.join(', ')}], unknown [${orphans.join(', ')}]`);
  }
}

/** Zeroes the plaintext a dry run computed and will not return (GenerateDataKey, Decrypt). */
function wipePlaintext(output: unknown): void {
  const plaintext = (output as { Plaintext?: unknown } | undefined)?.Plaintext;
  if (plaintext instanceof Uint8Array) plaintext.fill(0);
}

async function resolveOrElse(resolve: () => Promise<KeyRecord>, notFound: (() => Error) | undefined): Promise<KeyRecord> {
  if (!notFound) return resolve();
  try {
    return await resolve();
  } catch (error) {
    throw error instanceof NotFoundException ? notFound() : error;
  }
}

/** What the pipeline learnt about the call's keys, for its audit event. */
interface KeyFacts {
  readonly keys: KeyRecord[];
  pendingDeletionUse: boolean;
  /** deps whose key resolver notes every key the operation resolves itself (ReEncrypt's destination …). */
  readonly deps?: ServiceDeps;
}

/** A view of `deps` whose resolver records into `facts` the keys an operation resolves in `run`. */
function recordingDeps(deps: ServiceDeps, facts: { keys: KeyRecord[]; pendingDeletionUse: boolean }): ServiceDeps {
  const keys = Object.create(deps.keys) as KeyResolver;
  keys.find = async (caller, text, forms, options) => {
    const found = await deps.keys.find(caller, text, forms, options);
    facts.keys.push(found);
    return found;
  };
  keys.resolve = async (caller, text, requirements) => {
    const found = await keys.find(caller, text, requirements.forms, requirements);
    if (found.keyState === 'PendingDeletion' && !requirements.acceptedStates.includes('PendingDeletion')) facts.pendingDeletionUse = true;
    checkKey(found, requirements);
    refuseAwsManagedKeyManagement(caller, `kms:${requirements.operation}`, found);
    return found;
  };
  return { ...deps, keys };
}

/** Runs the operation itself (steps 1 to 6). */
async function runOperation<O extends OperationName>(
  deps: ServiceDeps, operation: Operation<O>, authorizer: Authorizer, name: O, input: OperationInput<O>, request: RequestInfo, facts: KeyFacts,
): Promise<OperationOutput<O>> {
  // The dev clock other processes may have moved: Encrypt, Decrypt & co. neither mutate nor read
  // the time, so the hot path never pays for this.
  if (deps.syncClock && (operation.spec.mutates || operation.spec.readsClock)) await deps.syncClock();
  const rule = operation.spec.key?.forInput?.(input) ?? operation.spec.key;
  const reference = rule?.reference(input);
  const policed = operation.spec.authorizedInRun !== true;
  const access = authorizer.forRequest({ request, operation: name, input, keyReference: reference });
  let key: KeyRecord | undefined;
  if (rule && reference !== undefined) {
    key = await resolveOrElse(() => deps.keys.find(request.caller, reference, rule.forms, rule), rule.notFound);
    facts.keys.push(key);
  }
  // A malformed grant token fails every operation that takes tokens, whoever authorizes it.
  grantIdsOfTokens((input as { GrantTokens?: readonly string[] }).GrantTokens);
  // Authorization before the key's state: a caller who may not use the key learns nothing of it.
  if (policed) {
    if (key) await access.key(operation.spec.iamAction, key, rule?.notFound);
    else if (!rule) await access.noKey(operation.spec.iamAction);
  }
  if (rule && key) {
    // The alarm of issue 18 item 7: a key pending deletion that this operation cannot use.
    if (key.keyState === 'PendingDeletion' && !rule.acceptedStates.includes('PendingDeletion')) facts.pendingDeletionUse = true;
    checkKey(key, { ...rule, operation: name });
    refuseAwsManagedKeyManagement(request.caller, operation.spec.iamAction, key);
  }
  const runDeps = policed ? access.depsForRun(facts.deps ?? deps) : facts.deps ?? deps;
  if (policed) await access.beforeRun(runDeps);
  const dryRun = (input as { DryRun?: boolean }).DryRun === true;
  const recheck = (fresh: KeyRecord): void => {
    if (rule) checkKey(fresh, { ...rule, operation: name });
  };
  const output = await operation.run(input, { request, key, deps: runDeps, recheck, dryRun });
  // DryRun answers only once every check, including those inside `run`, has passed: a dry run
  // that says "would have succeeded" for a wrong context or a missing destination misleads
  // (https://docs.aws.amazon.com/kms/latest/developerguide/programming-dryrun.html).
  if (dryRun) {
    wipePlaintext(output);
    throw new DryRunOperationException(dryRunSucceeded);
  }
  return output;
}

/** Writes the call's event; any failure becomes InternalFailure (the cause is logged by the trail). */
async function recordOrFailClosed(audit: AuditRecorder, call: Parameters<AuditRecorder['recordCall']>[0]): Promise<void> {
  try {
    await audit.recordCall(call);
  } catch {
    throw internalFailure();
  }
}

/** Builds the KmsService the protocol layer calls. */
export function createKmsService(deps: ServiceDeps, handlers: Handlers, authorizer: Authorizer = allowAll): KmsService {
  assertHandlersComplete(handlers);
  const audit = deps.audit;
  return {
    async execute<O extends OperationName>(name: O, input: OperationInput<O>, request: RequestInfo): Promise<OperationOutput<O>> {
      const operation = handlers[name] as unknown as Operation<O>;
      if (audit === undefined) return runOperation(deps, operation, authorizer, name, input, request, { keys: [], pendingDeletionUse: false });
      const noted = { keys: [] as KeyRecord[], pendingDeletionUse: false };
      const facts: KeyFacts = Object.assign(noted, { deps: recordingDeps(deps, noted) });
      const dryRun = (input as { DryRun?: boolean }).DryRun === true;
      let output: OperationOutput<O>;
      try {
        output = await runOperation(deps, operation, authorizer, name, input, request, facts);
      } catch (error) {
        await recordOrFailClosed(audit, {
          request, eventName: name, operation: name, input, error, keys: facts.keys, pendingDeletionUse: facts.pendingDeletionUse, dryRun,
        });
        throw error;
      }
      try {
        await recordOrFailClosed(audit, { request, eventName: name, operation: name, input, output, keys: facts.keys, dryRun });
      } catch (error) {
        wipePlaintext(output); // no record, no result
        throw error;
      }
      return output;
    },
  };
}
