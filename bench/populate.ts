/**
 * Fills a new data folder with `count` symmetric keys, written straight into its SQLite file in one
 * transaction (CreateKey over HTTP would take minutes for 100,000 keys and is measured on its own).
 * The records are exactly what CreateKey stores: backing keys from service/keyring.ts sealed under
 * the given root key, the default key policy, so a Trent started on the folder serves every key.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RootKey } from '../src/crypto/at-rest.js';
import { keyArn } from '../src/domain/key/identifiers.js';
import type { KeyRecord } from '../src/domain/key/key-record.js';
import { defaultKeyPolicy } from '../src/domain/policy/default-policy.js';
import { systemClock } from '../src/platform/clock.js';
import { systemRandom } from '../src/platform/random.js';
import { Keyring } from '../src/service/keyring.js';
import { openDatabase } from '../src/storage/sqlite/open-database.js';
import { keyToRow, materialToRow } from '../src/storage/sqlite/rows.js';
import { prepareStatements } from '../src/storage/sqlite/statements.js';

export const benchAccount = '111122223333';
export const benchRegion = 'us-east-1';

/** Creates `count` keys in `<dataDir>/trent.db` under `rootKeyHex`; returns their ARNs. */
export function populate(dataDir: string, rootKeyHex: string, count: number): string[] {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const { db } = openDatabase(join(dataDir, 'trent.db'));
  try {
    const sql = prepareStatements(db);
    const keyring = new Keyring({ getKeyMaterial: async () => undefined }, RootKey.parse(rootKeyHex), systemRandom, systemClock);
    const arns: string[] = [];
    const now = systemClock.nowMs();
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const keyId = randomUUID();
        const arn = keyArn(benchRegion, benchAccount, keyId);
        const key: KeyRecord = {
          keyId, accountId: benchAccount, region: benchRegion, arn, creationDateMs: now, description: `bench ${i}`,
          keyUsage: 'ENCRYPT_DECRYPT', keySpec: 'SYMMETRIC_DEFAULT', origin: 'AWS_KMS', keyManager: 'CUSTOMER',
          keyState: 'Enabled', multiRegion: false, policy: defaultKeyPolicy(benchAccount), tags: [], currentVersion: 1, revision: 1,
        };
        sql.insertKey.run(keyToRow(key));
        sql.insertMaterial.run(materialToRow(keyring.newVersion(keyId, arn, 1)));
        arns.push(arn);
      }
    }).immediate();
    return arns;
  } finally {
    db.close();
  }
}
