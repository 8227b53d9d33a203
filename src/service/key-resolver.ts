/**
 * Turns a KeyId parameter into a stored key of the caller's (account, region), applying the
 * operation's rules on identifier forms, key state and key usage. Used by the pipeline for the
 * request's primary key and by operations that name a second key (ReEncrypt's destination,
 * CreateAlias's target).
 */
import { NotFoundException, DisabledException, KMSInvalidStateException, InvalidKeyUsageException } from '../api/generated/errors.js';
import type { KeyState, KeyUsageType } from '../api/generated/shapes.js';
import { aliasArn, keyArn, parseKeyReference, type KeyReferenceForm } from '../domain/key/identifiers.js';
import type { KeyRecord } from '../domain/key/key-record.js';
import { aliasNotFound, invalidArnRegion, invalidKeyId, invalidKeyUsage, keyDisabled, keyInInvalidState, keyNotFound } from '../domain/messages.js';
import type { Repository } from '../storage/repository.js';
import { keySpecEntry, type KeyKind } from '../crypto/algorithms.js';
import { keySpecNotValid } from '../domain/messages-key-spec.js';
import type { Caller } from './caller.js';
import { awsManagedAlias } from '../domain/key/aws-managed-keys.js';
import type { AwsManagedKeys } from './aws-managed-keys.js';
import { refuseAwsManagedKeyManagement } from './aws-managed-key-rule.js';

/** What a lookup may do besides finding. */
export interface FindOptions {
  /**
   * A predefined `alias/aws/…` alias with no key yet gets its AWS managed key now (DescribeKey:
   * service/aws-managed-keys.ts). Otherwise it is an unknown alias.
   */
  readonly createsAwsManagedKey?: boolean;
  /**
   * A bare key id may name a key of another account (Decrypt's and ReEncrypt's ciphertext, whose
   * header holds the key id alone): when the caller's scope has no such key, the account holding
   * it is looked up and the key is visible under the same rule as a foreign key ARN. Never for a
   * KeyId parameter: a key of another account is named by its ARN (Developer Guide, "Allowing
   * users in other accounts to use a KMS key").
   */
  readonly ciphertextKey?: boolean;
}

export interface KeyRequirements {
  readonly forms: readonly KeyReferenceForm[];
  readonly acceptedStates: readonly KeyState[];
  readonly keyUsages?: readonly KeyUsageType[];
  /**
   * Key kinds (algorithms.ts) the operation works with, when its usage alone does not decide: the
   * data-key operations need a symmetric ENCRYPT_DECRYPT key, not an RSA one. Others fail with
   * InvalidKeyUsageException.
   */
  readonly keyKinds?: readonly KeyKind[];
  /** The operation name for InvalidKeyUsageException's text (and `kms:<operation>` for AWS managed keys). */
  readonly operation: string;
  readonly createsAwsManagedKey?: boolean;
}

export class KeyResolver {
  constructor(
    private readonly repository: Pick<Repository, 'getKey' | 'getAlias' | 'getKeyInRegion'>,
    /** Absent (unit tests): predefined aliases without a key stay unknown. */
    private readonly awsManagedKeys?: AwsManagedKeys,
    /**
     * Whether a key of another account, named by its full key ARN, is visible to `caller`: as AWS
     * does for cross-account use, a key whose key policy names the caller or its account
     * (service/authorization/). Absent: keys of other accounts do not exist for any caller.
     * Aliases never cross accounts.
     */
    private readonly visibleAcrossAccounts?: (caller: Caller, key: KeyRecord) => boolean,
  ) {}

  /** Finds the key `text` names in the caller's scope; NotFoundException when there is none. */
  async find(caller: Caller, text: string, forms: readonly KeyReferenceForm[], options: FindOptions = {}): Promise<KeyRecord> {
    const ref = parseKeyReference(text);
    if (ref.kind === 'invalid' || !forms.includes(ref.kind)) throw new NotFoundException(invalidKeyId(text));
    const { accountId, region } = caller;
    if ((ref.kind === 'keyArn' || ref.kind === 'aliasArn') && ref.region !== region) {
      throw new NotFoundException(invalidArnRegion(ref.region));
    }
    switch (ref.kind) {
      case 'keyId': case 'keyArn': {
        // A key ARN of another account names a key this caller sees only when that key's policy
        // lets it (Developer Guide, "Allowing users in other accounts to use a KMS key").
        const inScope = ref.kind === 'keyId' || ref.accountId === accountId;
        let key = inScope ? await this.repository.getKey(accountId, region, ref.keyId) : undefined;
        if (!inScope && ref.kind === 'keyArn' && this.visibleAcrossAccounts !== undefined) {
          const foreign = await this.repository.getKey(ref.accountId, region, ref.keyId);
          if (foreign !== undefined && this.visibleAcrossAccounts(caller, foreign)) key = foreign;
        }
        if (!key && ref.kind === 'keyId' && options.ciphertextKey === true && this.visibleAcrossAccounts !== undefined) {
          const foreign = await this.repository.getKeyInRegion(region, ref.keyId);
          if (foreign !== undefined && foreign.accountId !== accountId && this.visibleAcrossAccounts(caller, foreign)) key = foreign;
        }
        if (!key) {
          const arn = ref.kind === 'keyArn' ? text : keyArn(region, accountId, ref.keyId);
          throw new NotFoundException(keyNotFound(arn));
        }
        return key;
      }
      case 'aliasName': case 'aliasArn': {
        const inScope = ref.kind === 'aliasName' || ref.accountId === accountId;
        let alias = inScope ? await this.repository.getAlias(accountId, region, ref.aliasName) : undefined;
        const predefined = awsManagedAlias(ref.aliasName);
        if (!alias && inScope && predefined && options.createsAwsManagedKey && this.awsManagedKeys) {
          await this.awsManagedKeys.create(accountId, region, predefined);
          alias = await this.repository.getAlias(accountId, region, ref.aliasName);
        }
        const arn = ref.kind === 'aliasArn' ? text : aliasArn(region, accountId, ref.aliasName);
        if (!alias) throw new NotFoundException(aliasNotFound(arn));
        const key = await this.repository.getKey(accountId, region, alias.targetKeyId);
        if (!key) throw new NotFoundException(aliasNotFound(arn));
        return key;
      }
    }
  }

  /** find() plus the state and usage checks of `requirements`. */
  async resolve(caller: Caller, text: string, requirements: KeyRequirements): Promise<KeyRecord> {
    const key = await this.find(caller, text, requirements.forms, requirements);
    checkKey(key, requirements);
    refuseAwsManagedKeyManagement(caller, `kms:${requirements.operation}`, key);
    return key;
  }
}

/**
 * Applies the key-state table and key usage to a resolved key. Disabled keys answer
 * DisabledException, other refused states KMSInvalidStateException (Developer Guide, key states).
 */
export function checkKey(key: KeyRecord, requirements: Omit<KeyRequirements, 'forms'>): void {
  if (!requirements.acceptedStates.includes(key.keyState)) {
    if (key.keyState === 'Disabled') throw new DisabledException(keyDisabled(key.arn));
    throw new KMSInvalidStateException(keyInInvalidState(key.arn, key.keyState));
  }
  if (requirements.keyUsages && !requirements.keyUsages.includes(key.keyUsage)) {
    throw new InvalidKeyUsageException(invalidKeyUsage(key.arn, key.keyUsage, requirements.operation));
  }
  if (requirements.keyKinds && !requirements.keyKinds.includes(keySpecEntry(key.keySpec).kind)) {
    throw new InvalidKeyUsageException(keySpecNotValid(key.arn, key.keySpec, requirements.operation));
  }
}
