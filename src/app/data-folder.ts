/**
 * Preparing a data folder (issue 13): making it, opening its database behind the record cache,
 * claiming its dev or secure mode, loading and checking the root key, and issuing and delivering
 * the admin access key (outside the folder). `prepare` runs these steps in order for startTrent
 * and prepareTrent (app.ts); rotateAdminKey (rotate-admin-key.ts) reuses the single steps offline.
 */
import { accessSync, constants, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  credentialsText, defaultCredentialsPath, isInside, legacyCredentialsName, writeCredentialsFile,
} from '../admin/credentials-file.js';
import type { ServeConfig } from '../config/serve-config.js';
import { RootKey } from '../crypto/at-rest.js';
import { systemClock } from '../platform/clock.js';
import { writeFileDurably } from '../platform/durable-file.js';
import type { Logger } from '../platform/logger.js';
import { systemRandom } from '../platform/random.js';
import type { RequestArrivals } from '../platform/request-arrivals.js';
import { ensureAdminAccessKey } from '../service/credentials.js';
import { claimDataFolderMode } from '../service/data-folder-mode.js';
import { CachingRepository, defaultCacheEntries } from '../storage/caching-repository.js';
import type { Repository } from '../storage/repository.js';
import { openSqliteRepository } from '../storage/sqlite/sqlite-repository.js';
import { StartupError, type PreparedData, type StartOptions } from './startup-types.js';

/** Loads the root key (flag/env), or in dev mode reads or creates `<data>/root.key` (0600). */
export function loadRootKey(config: ServeConfig, dataDir: string, logger: Logger): RootKey {
  try {
    if (config.rootKeyFile !== undefined) return RootKey.parse(readFileSync(config.rootKeyFile, 'utf8'));
    if (config.rootKey !== undefined) return RootKey.parse(config.rootKey);
  } catch (error) {
    throw new StartupError(`cannot use the root key: ${(error as Error).message}`);
  }
  if (!config.dev) {
    throw new StartupError('no root key: pass --root-key-file or set TRENT_ROOT_KEY (32 bytes as 64 hex characters or base64), or use --dev');
  }
  const path = join(dataDir, 'root.key');
  if (!existsSync(path)) {
    try {
      writeFileDurably(path, systemRandom.bytes(32).toString('base64') + '\n', 0o600, { exclusive: true });
      logger.log('warn', 'dev mode: generated a root key in the data folder; keep it out of backups shared with others', { path });
    } catch (error) {
      // Another process starting on the same folder created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return RootKey.parse(readFileSync(path, 'utf8'));
}

/** The credentials file path: configured or beside the data folder, and never inside it. */
function credentialsPathFor(config: ServeConfig, dataDir: string): string {
  const path = resolve(config.adminCredentialsFile ?? defaultCredentialsPath(dataDir));
  if (isInside(path, dataDir)) {
    throw new StartupError(`the admin credentials file ${path} is inside the data folder ${dataDir}: a copy of the folder would carry a working credential; choose a path outside it`);
  }
  return path;
}

/** How a new admin key is handed over: the credentials file, or stdout once. */
export function credentialsDelivery(config: ServeConfig, dataDir: string, stdout: (text: string) => void) {
  const path = config.printAdminCredentials ? undefined : credentialsPathFor(config, dataDir);
  const deliver = (accessKeyId: string, secret: string): void => {
    if (path === undefined) {
      stdout(credentialsText(accessKeyId, secret));
      return;
    }
    try {
      writeCredentialsFile(path, accessKeyId, secret);
    } catch (error) {
      throw new StartupError(`cannot write the admin credentials file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  };
  return { path, deliver };
}

/** Dev and secure mode never share a data folder (issue 13 item 5). */
export async function checkFolderMode(repository: Repository, config: ServeConfig, dataDir: string): Promise<void> {
  const mode = await claimDataFolderMode(repository, config.dev ? 'dev' : 'secure');
  if (mode === 'secure' && config.dev) {
    throw new StartupError(`the data folder ${dataDir} was initialised in secure mode: dev mode accepts any credentials and will not serve it; start without --dev, or give --dev a folder of its own`);
  }
  if (mode === 'dev' && !config.dev) {
    throw new StartupError(`the data folder ${dataDir} was initialised in dev mode (any credentials were accepted, and its root key lies inside it): secure mode will not serve it; start secure mode on a new data folder`);
  }
}

export function prepareDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    accessSync(dataDir, constants.W_OK);
  } catch (error) {
    throw new StartupError(`data folder ${dataDir} is not writable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export async function checkRootKey(repository: Repository, rootKey: RootKey): Promise<void> {
  const stored = await repository.putMetaIfAbsent('root-key-check', Buffer.from(rootKey.checkValue()).toString('base64'));
  if (!rootKey.verifyCheckValue(Buffer.from(stored, 'base64'))) {
    throw new StartupError('the root key does not match the one this data folder was created with');
  }
}

/** Opens the data folder's database behind the validated record cache (docs/workers.md); StartupError when it cannot. */
export function openRepository(dataDir: string, arrivals?: RequestArrivals): Repository {
  try {
    return new CachingRepository(openSqliteRepository(join(dataDir, 'trent.db')), defaultCacheEntries, arrivals);
  } catch (error) {
    throw new StartupError((error as Error).message);
  }
}

/**
 * The first-start work on an open data folder: folder mode, root key (generated in dev mode), the
 * root-key check and, in secure mode, the admin access key and its delivery. Each step is
 * idempotent, but the creating ones are not race-free between processes (two writers of one
 * credentials file, two admin keys printed), so a server with several workers runs this once in
 * the primary before forking (`prepareTrent`, cluster/primary.ts); each worker's startTrent then
 * finds everything in place and creates nothing.
 */
export async function prepare(
  config: ServeConfig, options: StartOptions, repository: Repository, dataDir: string,
): Promise<PreparedData & { readonly rootKey: RootKey }> {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? systemRandom;
  const stdout = options.stdout ?? ((text: string) => { process.stdout.write(text); });
  const delivery = config.dev ? undefined : credentialsDelivery(config, dataDir, stdout);
  // Before the root key: dev mode must not even write its generated key into a secure folder.
  await checkFolderMode(repository, config, dataDir);
  const rootKey = loadRootKey(config, dataDir, options.logger);
  await checkRootKey(repository, rootKey);
  if (delivery !== undefined) {
    await ensureAdminAccessKey({ repository, rootKey, random, clock }, config.accountId, delivery.deliver);
  }
  // Announced on every start while the file exists (it may have been written by a start that then
  // failed to listen); the operator moves it to where credentials belong.
  const adminCredentialsFile = delivery?.path !== undefined && existsSync(delivery.path) ? delivery.path : undefined;
  const legacyPath = join(dataDir, legacyCredentialsName);
  const legacyCredentialsFile = !config.dev && existsSync(legacyPath) ? legacyPath : undefined;
  return {
    rootKey,
    ...(adminCredentialsFile !== undefined ? { adminCredentialsFile } : {}),
    ...(legacyCredentialsFile !== undefined ? { legacyCredentialsFile } : {}),
  };
}
