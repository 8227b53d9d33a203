/**
 * `npm run bench`: Encrypt throughput of Trent in secure mode (SigV4 verified) against the ceiling
 * of a bare node:http server on the same machine, in one run (NOTES.md §6: only figures taken in one
 * run compare). Both servers run in child processes; autocannon drives them from this process with
 * 64 connections, pipelining 1, for BENCH_SECONDS (default 10) each.
 *
 * Trent runs twice, as it runs for real (audit trail on: every Encrypt durably recorded, group
 * committed) and with `--audit off`, a switch that exists for this comparison only (issue 18: with
 * audit on, Encrypt must stay at or above 0.85 × audit off, measured in the same run).
 *
 * Trent gets ONE signed Encrypt request (32-byte plaintext) replayed for the whole run: a SigV4
 * signature stays valid for 5 minutes, so the bytes are legitimate for a short bench. Exits
 * non-zero if any Encrypt response was not 2xx.
 */
import { cpus, platform, arch, totalmem } from 'node:os';
import { createHash, createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { SignatureV4 } from '@smithy/signature-v4';
import { launchCeiling, launchTrent, type LaunchedChild, type LaunchedTrent } from './launch.js';

/** The part of autocannon's result this bench reads (autocannon ships no types). */
interface CannonResult {
  readonly requests: { readonly average: number };
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly '2xx': number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly statusCodeStats: Record<string, { count: number }>;
}
type Cannon = (options: Record<string, unknown>) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

const seconds = Number(process.env['BENCH_SECONDS'] ?? 10);
// The signed request is replayed; past ~5 minutes its X-Amz-Date leaves the allowed clock skew.
if (!Number.isInteger(seconds) || seconds < 1 || seconds > 240) {
  console.error('bench: BENCH_SECONDS must be a whole number from 1 to 240 (one signature is replayed, valid 5 minutes)');
  process.exit(2);
}

/** node:crypto SHA-256 / HMAC-SHA-256 in the hash-constructor shape SignatureV4 expects. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    const key = secret === undefined || typeof secret === 'string' ? secret
      : ArrayBuffer.isView(secret) ? Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength) : Buffer.from(secret);
    this.hash = key === undefined ? createHash('sha256') : createHmac('sha256', key);
  }
  update(data: string | Uint8Array): void { this.hash.update(data); }
  async digest(): Promise<Uint8Array> { return this.hash.digest(); }
  reset(): void {}
}

/** Signs `POST /` of `body` as TrentService.Encrypt and returns all headers to send, host included. */
async function signEncrypt(endpoint: string, body: string, credentials: { accessKeyId: string; secretAccessKey: string }): Promise<Record<string, string>> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ service: 'kms', region: 'us-east-1', credentials, sha256: NodeSha256 });
  const signed = await signer.sign({
    method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: '/',
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.Encrypt' },
    body,
  });
  return signed.headers as Record<string, string>;
}

interface Row {
  readonly name: string;
  readonly result: CannonResult;
}

async function drive(name: string, endpoint: string, headers: Record<string, string>, body: string): Promise<Row> {
  process.stderr.write(`bench: ${name}: ${seconds} s, 64 connections …\n`);
  const result = await autocannon({ url: endpoint, method: 'POST', headers, body, connections: 64, pipelining: 1, duration: seconds });
  return { name, result };
}

function printTable(rows: readonly Row[]): void {
  const pad = (text: string, width: number, right = true) => (right ? text.padStart(width) : text.padEnd(width));
  console.log(`${pad('', 28, false)}${pad('req/s', 10)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('non-2xx', 9)}${pad('errors', 8)}`);
  for (const { name, result } of rows) {
    console.log(`${pad(name, 28, false)}${pad(Math.round(result.requests.average).toLocaleString('en-US'), 10)}`
      + `${pad(String(result.latency.p50), 9)}${pad(String(result.latency.p99), 9)}${pad(String(result.non2xx), 9)}${pad(String(result.errors + result.timeouts), 8)}`);
  }
}

async function main(): Promise<number> {
  const children: LaunchedChild[] = [];
  const stopAll = () => Promise.all(children.map((c) => c.stop()));
  process.once('SIGINT', () => { void stopAll().then(() => process.exit(130)); });
  try {
    const trent = await launchTrent();
    children.push(trent);
    const trentOff = await launchTrent(['--audit', 'off']);
    children.push(trentOff);
    const ceiling = await launchCeiling();
    children.push(ceiling);

    const model = cpus()[0]?.model ?? 'unknown cpu';
    console.log(`machine: ${cpus().length} × ${model}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${arch()}, Node ${process.version}`);
    console.log(`load: autocannon in the parent process, 64 connections, pipelining 1, ${seconds} s per target`);

    const ceilingBody = JSON.stringify({ KeyId: 'ceiling', Plaintext: Buffer.alloc(32, 0x5a).toString('base64') });
    const ceilingRow = await drive('node:http ceiling', ceiling.endpoint, await signEncrypt(ceiling.endpoint, ceilingBody, trent.credentials), ceilingBody);
    const offRow = await driveTrent('Trent Encrypt, audit OFF', trentOff);
    const trentRow = await driveTrent('Trent Encrypt (SigV4)', trent);

    console.log('');
    printTable([ceilingRow, offRow, trentRow]);
    console.log(`ratio Encrypt/ceiling: ${(trentRow.result.requests.average / ceilingRow.result.requests.average).toFixed(2)} ×`);
    console.log(`ratio audit on/off: ${(trentRow.result.requests.average / offRow.result.requests.average).toFixed(2)} × (issue 18 asks >= 0.85)`);

    for (const [row, child] of [[offRow, trentOff], [trentRow, trent]] as const) {
      const { result } = row;
      if (result.non2xx > 0 || result['2xx'] === 0) {
        console.error(`bench: FAILED: ${row.name} answered ${result.non2xx} non-2xx responses (status counts ${JSON.stringify(result.statusCodeStats)}), ${result['2xx']} 2xx`);
        console.error(child.stderrTail());
        return 1;
      }
      if (result.errors + result.timeouts > 0) {
        console.error(`bench: warning: ${result.errors} connection errors and ${result.timeouts} timeouts against ${row.name}`);
      }
    }
    return 0;
  } finally {
    await stopAll();
  }
}

/** Creates a key on `target`, checks one signed Encrypt works, then drives it. */
async function driveTrent(name: string, target: LaunchedTrent): Promise<Row> {
  const kms = new KMSClient({ endpoint: target.endpoint, region: 'us-east-1', credentials: target.credentials, maxAttempts: 1 });
  const keyArn = (await kms.send(new CreateKeyCommand({ Description: 'bench' }))).KeyMetadata!.Arn!;
  kms.destroy();
  const body = JSON.stringify({ KeyId: keyArn, Plaintext: Buffer.alloc(32, 0x5a).toString('base64') });
  // Signed just before its run, so the replayed X-Amz-Date stays within the 5-minute window.
  const headers = await signEncrypt(target.endpoint, body, target.credentials);
  const check = await fetch(target.endpoint, { method: 'POST', headers: Object.fromEntries(Object.entries(headers).filter(([n]) => n !== 'host')), body });
  const checkBody = await check.json() as { KeyId?: string; CiphertextBlob?: string; __type?: string };
  if (check.status !== 200 || checkBody.KeyId !== keyArn || !checkBody.CiphertextBlob) {
    throw new Error(`the signed Encrypt does not work: ${check.status} ${JSON.stringify(checkBody)}`);
  }
  return drive(name, target.endpoint, headers, body);
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
