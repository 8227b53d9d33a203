/**
 * The shape of one KMS operation: a declarative spec the shared pipeline enforces (DESIGN.md habit
 * 6, after Cosmian's CryptoOpSpec) and a `run` function holding only what is particular to it.
 * An operation that needs more than its spec and `run` means the pipeline is missing something.
 */
import type { OperationInput, OperationName, OperationOutput } from '../api/generated/operations.js';
import type { KeyState, KeyUsageType } from '../api/generated/shapes.js';
import type { KeyKind } from '../crypto/algorithms.js';
import type { KeyReferenceForm } from '../domain/key/identifiers.js';
import type { KeyRecord } from '../domain/key/key-record.js';
import type { ServiceDeps } from './deps.js';
import type { RequestInfo } from './kms-service.js';

/** How the pipeline finds the key a request is about, and what it requires of it. */
export interface KeyRule<O extends OperationName> {
  /**
   * The key reference in the input (usually `input.KeyId`); undefined when the request names none
   * (Decrypt of a symmetric blob names its key in the ciphertext instead: see `run`).
   */
  readonly reference: (input: OperationInput<O>) => string | undefined;
  /** Which identifier forms the operation accepts; others are NotFoundException as AWS answers. */
  readonly forms: readonly KeyReferenceForm[];
  /** Key states in which the operation runs; others fail (domain/key/key-state.ts). */
  readonly acceptedStates: readonly KeyState[];
  /** Key usages the operation needs; others fail with InvalidKeyUsageException. */
  readonly keyUsages?: readonly KeyUsageType[];
  /** Key kinds the operation works with when usage alone does not decide (service/key-resolver.ts). */
  readonly keyKinds?: readonly KeyKind[];
  /**
   * A different rule for this input: Decrypt and ReEncrypt of an RSA ciphertext name their key in
   * KeyId / SourceKeyId, not in the ciphertext. Undefined keeps this rule.
   */
  readonly forInput?: (input: OperationInput<O>) => KeyRule<O> | undefined;
  /**
   * The error for a reference that names no key in the caller's scope, when the operation answers
   * something other than the usual NotFoundException (Decrypt of a blob naming an unknown key).
   */
  readonly notFound?: () => Error;
  /** The reference is a ciphertext's key id, which may name a key of another account (FindOptions.ciphertextKey). */
  readonly ciphertextKey?: boolean;
  /**
   * A predefined `alias/aws/…` alias without a key creates its AWS managed key (DescribeKey API
   * Reference): service/aws-managed-keys.ts. DescribeKey only: AWS also creates the key on the
   * service's first use, but a direct Encrypt or GenerateDataKey* is refused by the key's policy
   * (it needs kms:ViaService), so it must not write a key either.
   */
  readonly createsAwsManagedKey?: boolean;
}

export interface OperationSpec<O extends OperationName> {
  /** The IAM action access control will evaluate (a later issue), e.g. `kms:Encrypt`. */
  readonly iamAction: `kms:${string}`;
  /** Absent for operations that name no key (CreateKey, ListKeys, GenerateRandom…). */
  readonly key?: KeyRule<O>;
  /**
   * True when the operation changes stored state: a dry run of it must stop before persisting
   * (OperationContext.dryRun); the audit trail and read-only nodes will read it too.
   */
  readonly mutates: boolean;
  /**
   * True for a read-only operation whose answer depends on the current time (GetParametersForImport's
   * ParametersValidTo): the pipeline syncs the shared clock first, as it does for every mutation.
   */
  readonly readsClock?: boolean;
  /**
   * True for RetireGrant only: its permission "is determined primarily by the grant" (Developer
   * Guide, "Retiring and revoking grants"), so the pipeline does not evaluate policies and `run`
   * applies the grant's retire rule.
   */
  readonly authorizedInRun?: boolean;
}

/** What `run` receives besides its input. */
export interface OperationContext {
  readonly request: RequestInfo;
  /** The key the spec's KeyRule resolved and checked; undefined when the spec has no key rule. */
  readonly key: KeyRecord | undefined;
  readonly deps: ServiceDeps;
  /**
   * Re-applies the spec's state and usage rules to a fresher copy of the key: a read-modify-write
   * that lost a race (service/save-key.ts) re-reads the key and must not act on a key whose state
   * changed meanwhile.
   */
  readonly recheck: (key: KeyRecord) => void;
  /**
   * The request has DryRun: true. The pipeline discards the output and answers
   * DryRunOperationException, so a read-only operation runs in full; an operation with
   * `mutates: true` must make every check and then return before persisting anything.
   */
  readonly dryRun: boolean;
}

export interface Operation<O extends OperationName> {
  readonly spec: OperationSpec<O>;
  run(input: OperationInput<O>, ctx: OperationContext): Promise<OperationOutput<O>>;
}

/** Narrows `ctx.key` for operations whose spec always resolves a key. */
export function requireKey(ctx: OperationContext): KeyRecord {
  if (!ctx.key) throw new Error('operation ran without the key its spec resolves');
  return ctx.key;
}
