/**
 * `trent audit verify | lookup | export` (src/cli/audit-command.ts) over a data folder's database,
 * opened beside a server that may be running (issue 18). It finds the root key on its own terms:
 * the key is needed only to check the audit signing key, so the tools work without one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { signingKeyMatches, storedAuditPublicKey } from '../audit/digests.js';
import { exportTrail, type ExportManifest } from '../audit/export.js';
import { lookupEvents, type LookupEvent } from '../audit/lookup.js';
import { verifyTrail, type VerifyReport } from '../audit/verify.js';
import { RootKey } from '../crypto/at-rest.js';
import { chainHash } from '../crypto/audit-chain.js';
import type { AuditQuery } from '../storage/audit-store.js';
import type { Repository } from '../storage/repository.js';
import { openSqliteAuditStore, type SqliteAuditStore } from '../storage/sqlite/sqlite-audit-store.js';
import { openSqliteRepository } from '../storage/sqlite/sqlite-repository.js';
import { StartupError } from './startup-types.js';

/** What `trent audit …` needs, over the database of a data folder (the server may be running). */
export interface AuditTools {
  /** The chain and digests; `signingKey` says whether the root key was at hand to check the signing key too. */
  verify(): Promise<VerifyReport & { readonly signingKey: 'checked' | 'unchecked' }>;
  lookup(query: AuditQuery): Promise<LookupEvent[]>;
  exportTo(outDir: string): Promise<ExportManifest>;
  close(): Promise<void>;
}

export interface AuditToolsOptions {
  readonly dataDir: string;
  readonly rootKeyFile?: string;
  readonly rootKey?: string;
}

/**
 * Opens the audit trail of `dataDir` for reading. The root key is found as `trent serve` finds it
 * (--root-key-file, TRENT_ROOT_KEY, or a dev-mode data folder's own root.key); without one the
 * digests are still checked, against the public key stored beside them.
 */
export async function openAuditTools(options: AuditToolsOptions): Promise<AuditTools> {
  const dataDir = resolve(options.dataDir);
  const dbPath = join(dataDir, 'trent.db');
  if (!existsSync(dbPath)) throw new StartupError(`no Trent database in ${dataDir} (expected ${dbPath})`);
  let rootKey: RootKey | undefined;
  try {
    if (options.rootKeyFile !== undefined) rootKey = RootKey.parse(readFileSync(options.rootKeyFile, 'utf8'));
    else if (options.rootKey !== undefined) rootKey = RootKey.parse(options.rootKey);
    else if (existsSync(join(dataDir, 'root.key'))) rootKey = RootKey.parse(readFileSync(join(dataDir, 'root.key'), 'utf8'));
  } catch (error) {
    throw new StartupError(`cannot use the root key: ${(error as Error).message}`);
  }
  let repository: Repository;
  let store: SqliteAuditStore;
  try {
    repository = openSqliteRepository(dbPath);
  } catch (error) {
    throw new StartupError((error as Error).message);
  }
  try {
    store = openSqliteAuditStore(dbPath, chainHash);
  } catch (error) {
    await repository.close();
    throw new StartupError((error as Error).message);
  }
  return {
    async verify() {
      const stored = await storedAuditPublicKey(repository);
      if (rootKey !== undefined && stored !== undefined && !signingKeyMatches(stored, rootKey)) {
        return {
          ok: false, events: 0, digests: 0, unsignedTail: 0, signingKey: 'checked',
          problem: 'the audit signing key stored in the database was not made under this root key: it was replaced',
        };
      }
      const report = await verifyTrail(store, stored?.publicKey);
      return { ...report, signingKey: rootKey !== undefined && stored !== undefined ? 'checked' : 'unchecked' };
    },
    lookup: (query) => lookupEvents(store, query),
    exportTo: (outDir) => exportTrail(store, outDir, Date.now()),
    async close() {
      await store.close();
      await repository.close();
    },
  };
}
