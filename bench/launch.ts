/**
 * Child processes for the bench: a Trent server in secure mode (the real CLI, `--port 0`, a fresh
 * temp data folder, a random root key) and the bare node:http ceiling server. Both are found by the
 * "listening on http://…" line they print. Depends on nothing under test/.
 *
 * Never leaves a child behind: every child still alive when the bench exits is SIGKILLed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** A running child server. */
export interface LaunchedChild {
  readonly endpoint: string;
  readonly child: ChildProcess;
  /** The last few KB the child wrote on stderr (kept short: a bench child may log a lot). */
  stderrTail(): string;
  /** SIGTERM, SIGKILL after 5 s; resolves when it has exited. */
  stop(): Promise<void>;
}

/** Starts `node --import tsx <script> <args>` and waits (≤ 30 s) for its "listening on" line. */
export async function launchChild(script: string, args: readonly string[], env: NodeJS.ProcessEnv, nodeFlags: readonly string[] = []): Promise<LaunchedChild> {
  // Compiled JavaScript (dist/, from `npm run build`) runs without the TypeScript loader.
  const loader = [...nodeFlags, ...(script.endsWith('.ts') ? ['--import', 'tsx'] : [])];
  const child = spawn(process.execPath, [...loader, script, ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => { live.delete(child); resolve(); }));
  let tail = '';
  let seen = '';
  const keep = (chunk: string): void => { tail = (tail + chunk).slice(-8_192); };
  child.stderr!.setEncoding('utf8').on('data', keep);
  child.stdout!.setEncoding('utf8').on('data', keep);
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in 30 s:\n${tail}`)), 30_000);
    const look = (chunk: string): void => {
      seen += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(seen);
      if (!match) return;
      clearTimeout(timer);
      child.stderr!.off('data', look);
      child.stdout!.off('data', look);
      resolve(match[1]!);
    };
    child.stderr!.on('data', look);
    child.stdout!.on('data', look);
    void exited.then(() => { clearTimeout(timer); reject(new Error(`${script} exited before listening:\n${tail}`)); });
  });
  return {
    endpoint,
    child,
    stderrTail: () => tail,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A Trent child in secure mode with the admin credentials it wrote on first start. */
export interface LaunchedTrent extends LaunchedChild {
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly dataDir: string;
}

export function environmentWithoutTrent(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TRENT_')));
}

export interface TrentLaunchOptions {
  /** `--workers` (default 1). */
  readonly workers?: number;
  /**
   * An existing data folder and the root key it was made with; it and `<dataDir>.bench-credentials`
   * are left for the caller to remove.
   */
  readonly dataDir?: string;
  readonly rootKey?: string;
  /** Run the compiled `dist/main.js` (after `npm run build`) instead of the sources through tsx. */
  readonly compiled?: boolean;
  /** More `serve` arguments, after the defaults (the bench passes `--audit off` for its comparison). */
  readonly extraArgs?: readonly string[];
  /** Another checkout's compiled server (`<dir>/dist/main.js`), for a before/after run. */
  readonly entry?: string;
  /** Node flags for the server process (`--cpu-prof` …). */
  readonly nodeFlags?: readonly string[];
}

/**
 * Starts `trent serve` in secure mode (SigV4 verified, audit trail on: what a real server does) on
 * a free port; a fresh data folder unless one is given. The admin credentials go to a file beside
 * the folder (never inside it, issue 13).
 */
export async function launchTrent(options: TrentLaunchOptions = {}): Promise<LaunchedTrent> {
  const owned = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'trent-bench-'));
  const credentialsFile = `${dataDir}.bench-credentials`;
  const env = { ...environmentWithoutTrent(), TRENT_ROOT_KEY: options.rootKey ?? randomBytes(32).toString('hex') };
  const args = ['serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn', '--workers', String(options.workers ?? 1),
    '--admin-credentials-file', credentialsFile, ...(options.extraArgs ?? [])];
  // A given folder keeps its credentials file beside it (a restart on it creates no new key);
  // removing both is the caller's job then.
  const cleanUp = (): void => {
    if (!owned) return;
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(credentialsFile, { force: true });
  };
  let launched: LaunchedChild;
  try {
    launched = await launchChild(options.entry ?? (options.compiled ? 'dist/main.js' : 'src/main.ts'), args, env, options.nodeFlags);
  } catch (error) {
    cleanUp();
    throw error;
  }
  const file = readFileSync(credentialsFile, 'utf8');
  const field = (name: string): string => {
    const match = new RegExp(`^${name}\\s*=\\s*(\\S+)$`, 'm').exec(file);
    if (!match) throw new Error(`the admin credentials file has no ${name}`);
    return match[1]!;
  };
  return {
    ...launched,
    dataDir,
    credentials: { accessKeyId: field('aws_access_key_id'), secretAccessKey: field('aws_secret_access_key') },
    async stop() {
      await launched.stop();
      cleanUp();
    },
  };
}

/**
 * Starts the constant-reply node:http server (bench/ceiling-server.ts) in `processes` processes;
 * with `sign`, each reply waits for one asynchronous node:crypto signature (the Sign ceiling).
 */
export function launchCeiling(processes: number, sign?: 'rsa' | 'p256' | 'ed25519'): Promise<LaunchedChild> {
  return launchChild('bench/ceiling-server.ts', [String(processes), ...(sign === undefined ? [] : [sign])], environmentWithoutTrent());
}
