/**
 * Which mode a data folder belongs to (issue 13 item 5). Dev mode accepts any credentials, so a dev
 * server on a production folder hands its keys to anyone; a secure server on a dev folder serves
 * keys sealed under a root key that sits in the folder itself. The first start records its mode in
 * the meta entry `data-folder-mode`; every later start must match it.
 */
import type { Repository } from '../storage/repository.js';
import { adminAccessKeyMeta } from './credentials.js';

export type DataFolderMode = 'dev' | 'secure';

const modeMeta = 'data-folder-mode';

/**
 * Records `mode` for a folder that has none yet and returns the folder's mode. A folder made before
 * the marker existed is classified by what it holds: an admin access key is made only in secure
 * mode; a used folder without one (a root-key check value) was a dev folder.
 */
export async function claimDataFolderMode(
  repository: Pick<Repository, 'getMeta' | 'putMetaIfAbsent'>, mode: DataFolderMode,
): Promise<DataFolderMode> {
  const recorded = await repository.getMeta(modeMeta);
  if (recorded === 'dev' || recorded === 'secure') return recorded;
  let inferred = mode;
  if (await repository.getMeta(adminAccessKeyMeta) !== undefined) inferred = 'secure';
  else if (await repository.getMeta('root-key-check') !== undefined) inferred = 'dev';
  return (await repository.putMetaIfAbsent(modeMeta, inferred)) as DataFolderMode;
}
