/**
 * Delivering the admin access key (issue 13 item 6): once, outside the data folder, so that a copy
 * of the folder (a backup, a snapshot) never carries a working credential. Either an AWS
 * credentials file (profile `trent-admin`, mode 0600, written durably) at a path the operator
 * chooses, by default `<data-dir>.admin-credentials` beside the folder, or the same text on stdout.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { writeFileDurably } from '../platform/durable-file.js';

export const adminProfile = 'trent-admin';

/** The file name older versions wrote inside the data folder. */
export const legacyCredentialsName = 'admin-credentials';

/** AWS shared-credentials-file text of one profile. */
export function credentialsText(accessKeyId: string, secretAccessKey: string): string {
  return `[${adminProfile}]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secretAccessKey}\n`;
}

/** `<data-dir>.admin-credentials`: beside the folder, never in it. */
export function defaultCredentialsPath(dataDir: string): string {
  return `${resolve(dataDir).replace(/[/\\]+$/, '')}.admin-credentials`;
}

/** The real path of `path`, resolving symbolic links of the deepest folder that exists. */
function realPathOf(path: string): string {
  let folder = resolve(path);
  const rest: string[] = [];
  while (!existsSync(folder)) {
    rest.unshift(folder.slice(dirname(folder).length).replace(/^[/\\]/, ''));
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return join(realpathSync(folder), ...rest);
}

/** True when `path` is the data folder or lies inside it (after resolving symbolic links). */
export function isInside(path: string, dataDir: string): boolean {
  const file = realPathOf(path);
  const folder = realPathOf(dataDir);
  return file === folder || file.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/** Writes the credentials file durably (owner-only), replacing an older one. */
export function writeCredentialsFile(path: string, accessKeyId: string, secretAccessKey: string): void {
  writeFileDurably(path, credentialsText(accessKeyId, secretAccessKey), 0o600);
}
