/**
 * The bench's figures beyond request throughput: CreateKey throughput (each one a durable SQLite
 * commit), cold start to ready with many keys, and the resident memory of one worker with many keys.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchTrent } from './launch.js';
import { measure, type Measurement } from './load.js';
import { populate } from './populate.js';
import { call, signedHeaders, type Credentials } from './signing.js';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

/** One signed CreateKey replayed: every request creates a new key (a write with an fsync). */
export async function createKeyThroughput(endpoint: string, credentials: Credentials, connections: number, seconds: number): Promise<Measurement> {
  const body = JSON.stringify({ Description: 'bench CreateKey' });
  return measure(endpoint, { headers: await signedHeaders(endpoint, 'CreateKey', body, credentials), body }, connections, seconds);
}

/** Milliseconds from spawning `trent serve` on `dataDir` to its first /healthz 200. */
async function timeToReady(dataDir: string, rootKey: string, compiled: boolean): Promise<number> {
  const started = performance.now();
  const trent = await launchTrent({ dataDir, rootKey, workers: 1, compiled });
  try {
    const response = await fetch(`${trent.endpoint}/healthz`);
    await response.text();
    if (response.status !== 200) throw new Error(`/healthz answered ${response.status}`);
    return Math.round(performance.now() - started);
  } finally {
    await trent.stop();
  }
}

/**
 * Cold start on an empty folder and on one with `keys` keys (populated first, not timed), running
 * the compiled build when `dist/main.js` exists (what `npx trent` runs), else the sources via tsx.
 */
export async function coldStart(keys: number): Promise<{ emptyMs: number; populatedMs: number; compiled: boolean }> {
  const compiled = existsSync(join(repoRoot, 'dist', 'main.js'));
  const rootKey = randomBytes(32).toString('hex');
  const empty = mkdtempSync(join(tmpdir(), 'trent-bench-cold-'));
  const full = mkdtempSync(join(tmpdir(), 'trent-bench-cold-'));
  try {
    populate(full, rootKey, keys);
    // Once each first, so that neither figure pays for tsx's compile cache or the page cache.
    await timeToReady(empty, rootKey, compiled);
    return { emptyMs: await timeToReady(empty, rootKey, compiled), populatedMs: await timeToReady(full, rootKey, compiled), compiled };
  } finally {
    for (const folder of [empty, full]) {
      rmSync(folder, { recursive: true, force: true });
      rmSync(`${folder}.bench-credentials`, { force: true });
    }
  }
}

function rssMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : Number.NaN;
}

/** RSS of a 1-worker Trent over `keys` keys, after start and after Encrypt under `touch` distinct keys. */
export async function rssWithKeys(keys: number, touch: number): Promise<{ idleMb: number; afterMb: number; touched: number }> {
  const rootKey = randomBytes(32).toString('hex');
  const dataDir = mkdtempSync(join(tmpdir(), 'trent-bench-rss-'));
  try {
    process.stderr.write(`bench: writing ${keys.toLocaleString('en-US')} keys …\n`);
    const arns = populate(dataDir, rootKey, keys);
    // Compiled, as `npm start` runs it: under tsx the loader alone adds ~60 MB (144 MB vs 85 MB on an empty folder).
    const trent = await launchTrent({ dataDir, rootKey, workers: 1, compiled: existsSync(join(repoRoot, 'dist', 'main.js')) });
    try {
      const pid = trent.child.pid!;
      const idleMb = rssMb(pid);
      const plaintext = Buffer.alloc(32, 1).toString('base64');
      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < touch) {
          const KeyId = arns[next++]!;
          await call(trent.endpoint, 'Encrypt', { KeyId, Plaintext: plaintext }, trent.credentials);
        }
      };
      await Promise.all(Array.from({ length: 32 }, lane));
      return { idleMb, afterMb: rssMb(pid), touched: touch };
    } finally {
      await trent.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(`${dataDir}.bench-credentials`, { force: true });
  }
}
