/**
 * Creates the AWS managed key behind a predefined alias on first use, as AWS does: "If you call the
 * DescribeKey operation on a predefined AWS alias, that is, an AWS alias with no key ID, AWS KMS
 * creates an AWS managed key. Then, it associates the alias with the new KMS key" (DescribeKey API
 * Reference); the KeyRule flag `createsAwsManagedKey` says which operation does. AWS services also
 * create it on their first use, through calls that carry kms:ViaService; Trent has no services, and a
 * direct Encrypt or GenerateDataKey* with the alias is refused by the key's policy, so only
 * DescribeKey creates it here (a refused call writes nothing).
 *
 * Exactly once, even across processes on one database: the key, its material and the alias are
 * written in one repository transaction that writes nothing when the alias exists already
 * (Repository.createKeyWithAlias); the loser of a race then reads the winner's alias.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html
 */
import { keySpecEntry } from '../crypto/algorithms.js';
import { keyArn } from '../domain/key/identifiers.js';
import type { KeyRecord } from '../domain/key/key-record.js';
import { withRotationEnabled } from '../domain/key/lifecycle.js';
import {
  awsManagedKeyDescription, awsManagedKeyPolicy, awsManagedRotationDays, type AwsManagedAlias,
} from '../domain/key/aws-managed-keys.js';
import type { Clock } from '../platform/clock.js';
import type { Random } from '../platform/random.js';
import type { Repository } from '../storage/repository.js';
import type { Keyring } from './keyring.js';

export interface AwsManagedKeyDeps {
  readonly repository: Pick<Repository, 'createKeyWithAlias'>;
  readonly keyring: Pick<Keyring, 'newMaterial'>;
  readonly clock: Clock;
  readonly random: Pick<Random, 'uuid'>;
  /** The dev clock other processes may have moved (pipeline.ts syncs it only for mutations). */
  readonly syncClock?: () => Promise<void>;
}

/** Makes AWS managed keys; KeyResolver calls it for a predefined alias that has no key yet. */
export class AwsManagedKeys {
  constructor(private readonly deps: AwsManagedKeyDeps) {}

  /**
   * Creates the key and points `alias/aws/<suffix>` at it, unless another request or process did
   * first (then nothing is written). The caller re-reads the alias either way.
   */
  async create(accountId: string, region: string, alias: AwsManagedAlias): Promise<void> {
    const { repository, keyring, clock, random } = this.deps;
    const keyId = random.uuid();
    const arn = keyArn(region, accountId, keyId);
    if (this.deps.syncClock) await this.deps.syncClock();
    const material = await keyring.newMaterial(keyId, arn, 1, keySpecEntry('SYMMETRIC_DEFAULT'));
    const nowMs = clock.nowMs();
    const base: KeyRecord = {
      keyId, accountId, region, arn,
      creationDateMs: nowMs,
      description: awsManagedKeyDescription(alias),
      keyUsage: 'ENCRYPT_DECRYPT', keySpec: 'SYMMETRIC_DEFAULT', origin: 'AWS_KMS',
      keyManager: 'AWS',
      keyState: 'Enabled',
      multiRegion: false,
      policy: awsManagedKeyPolicy(alias, accountId, region),
      tags: [],
      currentVersion: 1,
      revision: 1,
    };
    // Rotation on from birth, yearly, through the existing scheduler (nextRotationMs).
    const key = withRotationEnabled(base, awsManagedRotationDays, nowMs);
    await repository.createKeyWithAlias(key, material, {
      accountId, region, aliasName: `alias/aws/${alias.suffix}`, targetKeyId: keyId, creationDateMs: nowMs, lastUpdatedDateMs: nowMs,
    });
  }
}
