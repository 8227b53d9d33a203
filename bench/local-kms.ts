/**
 * Optional peer for `npm run bench -- --local-kms PATH`: nsmithuk/local-kms (Go), built as NOTES.md
 * §6 says, on a free loopback port with a fresh data folder. It checks no signature, so the bench's
 * signed requests are simply accepted.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environmentWithoutTrent, type LaunchedChild } from './launch.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function launchLocalKms(path: string): Promise<LaunchedChild> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'local-kms-bench-'));
  const child = spawn(path, [], {
    env: { ...environmentWithoutTrent(), KMS_REGION: 'us-east-1', KMS_ACCOUNT_ID: '111122223333', KMS_DATA_PATH: dataDir, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer): void => { tail = (tail + chunk.toString('utf8')).slice(-8_192); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await fetch(endpoint, { method: 'POST', body: '{}' });
      break;
    } catch {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`local-kms did not start:\n${tail}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    endpoint,
    child,
    stderrTail: () => tail,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
