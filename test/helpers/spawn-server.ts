/**
 * Runs the real `trent` CLI as a child process (`node --import tsx src/main.ts serve …`), the way an
 * operator would: on a free port (`--port 0`, the port is read from the "listening on" line), with a
 * fresh temp data folder, in secure mode (a random root key in TRENT_ROOT_KEY) unless `dev` is asked.
 * Also runs one-shot CLI invocations (`--help`, bad flags) and collects their output.
 *
 * Never leaves a child behind: every child still alive when the test process exits is SIGKILLed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, the working directory of every child. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** How a child ended: an exit code, or the signal that killed it. */
export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** The access key pair `trent serve` writes to `<data-dir>.admin-credentials` on first start. */
export interface AdminCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface SpawnServerOptions {
  /** Emulator mode (any credentials accepted). Default false: SigV4 verified. */
  readonly dev?: boolean;
  /** Root key for secure mode (64 hex characters); default: a random one. Ignored in dev mode. */
  readonly rootKey?: string;
  /** Reuse this data folder (it is then never deleted); default: a fresh temp folder. */
  readonly dataDir?: string;
  /** Extra `serve` arguments, after the ones this helper passes. */
  readonly args?: readonly string[];
  /** Extra environment; TRENT_* variables of the test process are never inherited. */
  readonly env?: Readonly<Record<string, string>>;
  /** How long to wait for /healthz (default 30 s: tsx compiles the sources on first start). */
  readonly startTimeoutMs?: number;
  /** For a server started with --tls-*: the CA to trust (and a client certificate for mTLS). */
  readonly tls?: HealthTls;
}

/** What the /healthz probe of an HTTPS server needs. */
export interface HealthTls {
  readonly ca: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

export interface SpawnedServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  readonly dataDir: string;
  /** The root key the child was given (secure mode only). */
  readonly rootKey?: string;
  /** Parsed from `<data-dir>.admin-credentials` when that file exists (secure mode). */
  readonly adminCredentials?: AdminCredentials;
  readonly child: ChildProcess;
  /** Everything the child wrote on stderr so far. */
  stderr(): string;
  /** Everything the child wrote on stdout so far. */
  stdout(): string;
  /** Sends a signal (default SIGTERM). */
  kill(signal?: NodeJS.Signals): void;
  /** Settles when the child has exited. */
  readonly exited: Promise<ExitStatus>;
  /** SIGTERM, then SIGKILL after `graceMs` (default 10 s); deletes the data folder if it made it. */
  close(graceMs?: number): Promise<ExitStatus>;
}

/** Output of a CLI run that is expected to exit by itself. */
export interface CliRun extends ExitStatus {
  readonly stdout: string;
  readonly stderr: string;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** The environment of a child: ours without TRENT_* (so a developer's shell cannot leak in), plus `extra`. */
export function childEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('TRENT_')) env[name] = value;
  }
  return { ...env, ...extra };
}

/** Starts `node --import tsx src/main.ts <args>` in the repository root, tracked for clean-up. */
export function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

function exitOf(child: ChildProcess): Promise<ExitStatus> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode });
      return;
    }
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** A fresh random root key: 32 bytes as 64 hex characters (the TRENT_ROOT_KEY format). */
export function randomRootKey(): string {
  return randomBytes(32).toString('hex');
}

/** Reads the `[trent-admin]` profile of an AWS credentials file. */
export function parseCredentialsFile(text: string): AdminCredentials {
  const value = (name: string): string => {
    const match = new RegExp(`^\\s*${name}\\s*=\\s*(\\S+)\\s*$`, 'm').exec(text);
    if (!match) throw new Error(`credentials file has no ${name}`);
    return match[1]!;
  };
  if (!/^\[trent-admin\]$/m.test(text)) throw new Error('credentials file has no [trent-admin] profile');
  return { accessKeyId: value('aws_access_key_id'), secretAccessKey: value('aws_secret_access_key') };
}

/** Where `trent serve` writes the first admin credentials by default: beside the data folder. */
export function adminCredentialsPath(dataDir: string): string {
  return `${dataDir.replace(/\/+$/, '')}.admin-credentials`;
}

function readAdminCredentials(dataDir: string): AdminCredentials | undefined {
  let text: string;
  try {
    text = readFileSync(adminCredentialsPath(dataDir), 'utf8');
  } catch {
    return undefined;
  }
  return parseCredentialsFile(text);
}

/** GET <endpoint>/healthz → status; over HTTPS trusting `tls.ca` (and presenting a client certificate if given). */
function healthStatus(endpoint: string, tls: HealthTls | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const get = endpoint.startsWith('https:') ? httpsGet : httpGet;
    const req = get(`${endpoint}/healthz`, { ...(tls ?? {}), agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
}

async function waitForHealth(endpoint: string, deadline: number, tls?: HealthTls): Promise<void> {
  for (;;) {
    try {
      if (await healthStatus(endpoint, tls) === 200) return;
    } catch {
      // not accepting yet
    }
    if (Date.now() > deadline) throw new Error(`${endpoint}/healthz did not answer 200 in time`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Starts `trent serve --port 0 --data-dir <dir>` and resolves once /healthz answers 200. Rejects
 * (with the child's stderr in the message) if the child exits first or does not start in time.
 */
export async function spawnServer(options: SpawnServerOptions = {}): Promise<SpawnedServer> {
  const dev = options.dev ?? false;
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'trent-spawn-'));
  const rootKey = dev ? undefined : options.rootKey ?? randomRootKey();
  const args = ['serve', '--port', '0', '--data-dir', dataDir, ...(dev ? ['--dev'] : []), ...(options.args ?? [])];
  const child = spawnCli(args, childEnv({ ...(rootKey ? { TRENT_ROOT_KEY: rootKey } : {}), ...options.env }));
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  let stdout = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
  const exited = exitOf(child);
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);

  const cleanUp = (): void => {
    if (!ownsDataDir) return;
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(adminCredentialsPath(dataDir), { force: true });
  };
  const fail = async (why: string): Promise<never> => {
    child.kill('SIGKILL');
    await exited;
    cleanUp();
    throw new Error(`trent serve ${why}; stderr:\n${stderr}`);
  };

  const endpoint = await new Promise<string | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - Date.now()));
    const check = (): void => {
      const match = /listening on (https?:\/\/[^\s]+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        child.stderr!.off('data', check);
        resolve(match[1]);
      }
    };
    child.stderr!.on('data', check);
    void exited.then(() => { clearTimeout(timer); resolve(undefined); });
    check();
  });
  if (endpoint === undefined) {
    const status = child.exitCode !== null || child.signalCode !== null ? await exited : undefined;
    return fail(status ? `exited (${JSON.stringify(status)}) before listening` : 'printed no "listening on" line in time');
  }
  try {
    await waitForHealth(endpoint, deadline, options.tls);
  } catch (error) {
    return fail((error as Error).message);
  }

  const adminCredentials = dev ? undefined : readAdminCredentials(dataDir);
  let closing: Promise<ExitStatus> | undefined;
  return {
    endpoint,
    port: Number(new URL(endpoint).port),
    dataDir,
    ...(rootKey !== undefined ? { rootKey } : {}),
    ...(adminCredentials !== undefined ? { adminCredentials } : {}),
    child,
    stderr: () => stderr,
    stdout: () => stdout,
    kill: (signal = 'SIGTERM') => { child.kill(signal); },
    exited,
    close(graceMs = 10_000): Promise<ExitStatus> {
      closing ??= (async () => {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        const status = await exited;
        clearTimeout(timer);
        cleanUp();
        return status;
      })();
      return closing;
    },
  };
}

/**
 * Runs the CLI with `args` until it exits by itself (SIGKILLed after `timeoutMs`, default 30 s)
 * and returns its exit status and output.
 */
export async function runTrent(args: readonly string[], options: { env?: Readonly<Record<string, string>>; timeoutMs?: number } = {}): Promise<CliRun> {
  const child = spawnCli(args, childEnv(options.env));
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  // 'close' (not 'exit') comes once the pipes are drained, so no output is lost.
  const closed = new Promise<ExitStatus>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  const status = await closed;
  clearTimeout(timer);
  return { ...status, stdout, stderr };
}
