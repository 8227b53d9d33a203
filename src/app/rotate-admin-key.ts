/**
 * `trent admin rotate-access-key` (issue 13 item 6), offline on a data folder. It takes the same
 * steps as a first start (folder mode, root key, root-key check, delivery: data-folder.ts), so a
 * rotated key is handed over exactly as the first one was.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ServeConfig } from '../config/serve-config.js';
import { systemClock } from '../platform/clock.js';
import { systemRandom } from '../platform/random.js';
import { AdminKeyRotationError, rotateAdminAccessKey } from '../service/credentials.js';
import { checkFolderMode, checkRootKey, credentialsDelivery, loadRootKey, openRepository } from './data-folder.js';
import { StartupError, type StartOptions } from './startup-types.js';

/** What `trent admin rotate-access-key` needs: the data folder, the root key, where to deliver. */
export type RotateConfig = Pick<ServeConfig, 'dataDir' | 'rootKeyFile' | 'rootKey' | 'adminCredentialsFile' | 'printAdminCredentials'>;

/**
 * `trent admin rotate-access-key`, offline on the data folder: issues a new admin access key for
 * the same account root, delivers it like the first start does, and revokes the old one in the same
 * transaction. Servers running on the folder read the key on every request, so the old key stops
 * working there at once.
 */
export async function rotateAdminKey(
  config: RotateConfig, options: Pick<StartOptions, 'random' | 'clock' | 'stdout' | 'logger'>,
): Promise<{ revokedAccessKeyId: string; accessKeyId: string; credentialsFile?: string }> {
  const dataDir = resolve(config.dataDir);
  if (!existsSync(join(dataDir, 'trent.db'))) throw new StartupError(`${dataDir} is not a Trent data folder (no trent.db)`);
  const serveLike: ServeConfig = {
    ...config, dev: false, host: '127.0.0.1', port: 0, region: 'us-east-1', accountId: '000000000000',
    maxClockSkewMs: 0, maxBodyBytes: 0, logLevel: 'error',
  };
  const stdout = options.stdout ?? ((text: string) => { process.stdout.write(text); });
  const delivery = credentialsDelivery(serveLike, dataDir, stdout);
  const repository = openRepository(dataDir);
  try {
    await checkFolderMode(repository, serveLike, dataDir);
    const rootKey = loadRootKey(serveLike, dataDir, options.logger);
    await checkRootKey(repository, rootKey);
    const result = await rotateAdminAccessKey(
      { repository, rootKey, random: options.random ?? systemRandom, clock: options.clock ?? systemClock }, delivery.deliver,
    );
    return { ...result, ...(delivery.path !== undefined ? { credentialsFile: delivery.path } : {}) };
  } catch (error) {
    if (error instanceof AdminKeyRotationError) throw new StartupError(error.message);
    throw error;
  } finally {
    await repository.close();
  }
}
