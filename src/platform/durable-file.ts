/**
 * Writing a small secret file so that it is whole and on disk before anything depends on it (the
 * admin credentials, the dev-mode root key): the database commits with synchronous=FULL right after,
 * so the file must be at least as durable, or a power loss could leave stored keys with no root key
 * or an access key whose secret nobody has. Imports nothing of ours.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `content` to `path` with `mode`: a temporary file in the same folder is written and
 * fsynced, then renamed over `path` (or, with `exclusive`, hard-linked so an existing file is never
 * replaced: EEXIST is thrown), then the folder is fsynced so the new name is durable too. The
 * temporary file is removed whatever happens, so no partial secret is left behind. Its name is random
 * and it is created exclusively: a name derived from the PID could belong to another process (PIDs
 * are reused) that a clean-up here would then delete, or that could pre-create it.
 */
export function writeFileDurably(path: string, content: string, mode: number, options: { exclusive?: boolean } = {}): void {
  const temporary = `${path}.${randomBytes(12).toString('hex')}.tmp`;
  // Opened before the try: if another file has this name (EEXIST), it is not ours to remove.
  const fd = openSync(temporary, 'wx', mode);
  try {
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (options.exclusive) linkSync(temporary, path);
    else renameSync(temporary, path);
    const folder = openSync(dirname(path), 'r');
    try {
      fsyncSync(folder);
    } finally {
      closeSync(folder);
    }
  } finally {
    try {
      unlinkSync(temporary);
    } catch {
      // Already renamed away, or never created.
    }
  }
}
