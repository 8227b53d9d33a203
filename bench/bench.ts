/**
 * `npm run bench` (issue 16 item 4): in one run, interleaved, the node:http ceiling (one process
 * per core, like Trent's workers), Trent with 1 worker and with one per core, and local-kms when
 * `--local-kms PATH` names a binary, for Encrypt (with an encryption context), Decrypt and
 * GenerateDataKey at 1, 16 and 64 connections, each as req/s, p50/p99 and its ratio to the ceiling
 * measured just before it. Then the audit trail's cost (Encrypt with it on against `--audit off`,
 * issue 18), CreateKey throughput (durable writes), cold start to ready with 10,000 keys, and RSS
 * with 100,000 keys.
 *
 *   npm run bench                  the whole matrix, BENCH_SECONDS (default 5) per measurement
 *   npm run bench -- --quick       Encrypt at 1 and 64 connections, 3 s each, no 100k-key RSS: < 1 min
 *   npm run bench --quick          the same (npm passes it as npm_config_quick)
 *   npm run bench -- --local-kms /path/to/local-kms
 *   npm run bench -- --baseline DIR  also measures the compiled server of another checkout (`npm run build`
 *                                  there first) beside this one, for a before/after in one run
 *   npm run bench -- --realistic-policy  requests from a configured IAM user under a key policy of
 *                                  three statements, two with conditions (bench/realistic-policy.ts)
 *   npm run bench -- --sign        Sign (RSA-2048 PSS, P-256, Ed25519; ECDSA DIGEST P-256, secp256k1)
 *                                  against raw node:crypto or raw @noble, and
 *                                  Encrypt's p99 while RSA-4096 keys are generated (bench/sign.ts)
 *
 * Trent runs compiled (`npm run bench` builds dist/ first, as `npm start` does) in secure mode
 * (SigV4 verified, audit trail on), as a real server does. autocannon
 * drives every target from this process, on the same cores: only figures of one run compare
 * (NOTES.md §6). Exits non-zero when any request of any measurement failed.
 */
import { availableParallelism, cpus, totalmem, platform, arch } from 'node:os';
import { launchCeiling, launchTrent, type LaunchedChild } from './launch.js';
import { launchLocalKms } from './local-kms.js';
import { measure, type Measurement } from './load.js';
import { coldStart, createKeyThroughput, rssWithKeys } from './extras.js';
import { call, signedHeaders, type Credentials } from './signing.js';
import { benchSign } from './sign.js';
import { benchUser, realisticKeyPolicy, realisticPolicyArgs } from './realistic-policy.js';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick') || process.env['npm_config_quick'] === 'true';
const localKmsAt = argv.indexOf('--local-kms');
const localKmsPath = localKmsAt >= 0 ? argv[localKmsAt + 1] : process.env['npm_config_local_kms'];
const baselineAt = argv.indexOf('--baseline');
const baselineDir = baselineAt >= 0 ? argv[baselineAt + 1] : undefined;
const realistic = argv.includes('--realistic-policy');
const seconds = Number(process.env['BENCH_SECONDS'] ?? (quick ? 3 : 5));
if (!Number.isInteger(seconds) || seconds < 1 || seconds > 60) {
  console.error('bench: BENCH_SECONDS must be a whole number from 1 to 60');
  process.exit(2);
}
const cores = availableParallelism();
const operations = quick ? ['Encrypt'] as const : ['Encrypt', 'Decrypt', 'GenerateDataKey'] as const;
const connectionCounts = quick ? [1, 64] : [1, 16, 64];
type Operation = (typeof operations)[number];

/** A server under test, with the bodies of its requests (its own key, its own ciphertext). */
interface Target {
  readonly name: string;
  readonly child: LaunchedChild;
  /** Who signs the measured requests (the admin, or the configured user of --realistic-policy). */
  readonly credentials: Credentials;
  /** The server's admin key (CreateKey). */
  readonly admin: Credentials;
  readonly bodies?: Record<Operation, string>;
}

const context = { purpose: 'bench', tenant: 'tenant-0042' };

/**
 * Creates a key on `endpoint` (with the realistic policy when asked) and returns the request bodies
 * of each measured operation, which `user` (default: the creator) sends.
 */
async function bodiesFor(endpoint: string, credentials: Credentials, user: Credentials = credentials): Promise<Record<Operation, string>> {
  const policy = realistic ? { Policy: realisticKeyPolicy() } : {};
  const keyId = (await call(endpoint, 'CreateKey', { Description: 'bench', ...policy }, credentials)).KeyMetadata.Arn as string;
  const plaintext = Buffer.alloc(32, 0x5a).toString('base64');
  const encrypted = await call(endpoint, 'Encrypt', { KeyId: keyId, Plaintext: plaintext, EncryptionContext: context }, user);
  return {
    Encrypt: JSON.stringify({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: context }),
    Decrypt: JSON.stringify({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: context }),
    GenerateDataKey: JSON.stringify({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: context }),
  } as Record<Operation, string>;
}

interface Row { readonly operation: string; readonly connections: number; readonly target: string; readonly m: Measurement; readonly ratio: number }

function printRows(rows: readonly Row[]): void {
  const pad = (text: string, width: number, left = false) => (left ? text.padEnd(width) : text.padStart(width));
  console.log(`${pad('operation', 16, true)}${pad('conns', 6)}  ${pad('target', 26, true)}${pad('req/s', 9)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('max ms', 8)}${pad('× ceiling', 11)}${pad('gen cores', 11)}`);
  for (const r of rows) {
    console.log(`${pad(r.operation, 16, true)}${pad(String(r.connections), 6)}  ${pad(r.target, 26, true)}${pad(Math.round(r.m.reqPerSec).toLocaleString('en-US'), 9)}`
      + `${pad(String(r.m.p50Ms), 8)}${pad(String(r.m.p99Ms), 8)}${pad(String(r.m.maxMs), 8)}${pad(r.ratio.toFixed(2), 11)}${pad(r.m.generatorCores.toFixed(2), 11)}`);
  }
}

async function main(): Promise<number> {
  const children: LaunchedChild[] = [];
  const stopAll = () => Promise.all(children.map((c) => c.stop()));
  process.once('SIGINT', () => { void stopAll().then(() => process.exit(130)); });
  let failures = 0;
  try {
    console.log(`machine: ${cores} × ${cpus()[0]?.model ?? 'unknown cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${arch()}, Node ${process.version}`);
    console.log(`load: autocannon in this process, pipelining 1, ${seconds} s per measurement${quick ? ' (quick)' : ''}; Trent secure mode, SigV4 verified, audit on\n`);
    const ceiling = await launchCeiling(cores);
    children.push(ceiling);
    const targets: Target[] = [];
    const policyArgs = realistic ? realisticPolicyArgs() : [];
    if (realistic) console.log('requests from a configured IAM user; key policy: the default statement plus two with conditions (bench/realistic-policy.ts)');
    for (const workers of [...new Set([1, cores])]) {
      for (const entry of baselineDir !== undefined ? [undefined, `${baselineDir}/dist/main.js`] : [undefined]) {
        const trent = await launchTrent({ workers, compiled: true, extraArgs: policyArgs, ...(entry !== undefined ? { entry } : {}) });
        children.push(trent);
        const user = realistic ? benchUser : trent.credentials;
        const name = `${entry !== undefined ? 'baseline ' : ''}Trent ${workers} worker${workers > 1 ? 's' : ''}`;
        targets.push({ name, child: trent, credentials: user, admin: trent.credentials, bodies: await bodiesFor(trent.endpoint, trent.credentials, user) });
      }
    }
    if (baselineDir !== undefined) console.log(`baseline: ${baselineDir}/dist/main.js`);
    if (localKmsPath) {
      const localKms = await launchLocalKms(localKmsPath);
      children.push(localKms);
      const credentials = { accessKeyId: 'AKIDLOCALKMS', secretAccessKey: 'unused' };
      targets.push({ name: 'local-kms', child: localKms, credentials, admin: credentials, bodies: await bodiesFor(localKms.endpoint, credentials) });
    }
    const signer = targets[0]!.credentials;

    const rows: Row[] = [];
    for (const connections of connectionCounts) {
      for (const operation of operations) {
        // Interleaved: the ceiling, then each target, back to back, so they share the machine's state.
        const ceilingBody = targets[0]!.bodies![operation];
        process.stderr.write(`bench: ${operation} × ${connections} connections …\n`);
        const top = await measure(ceiling.endpoint, { headers: await signedHeaders(ceiling.endpoint, operation, ceilingBody, signer), body: ceilingBody }, connections, seconds);
        failures += top.failures;
        rows.push({ operation, connections, target: `node:http × ${cores}`, m: top, ratio: 1 });
        for (const target of targets) {
          const body = target.bodies![operation];
          // Signed just before its run: the replayed X-Amz-Date stays inside the 5-minute window.
          const headers = await signedHeaders(target.child.endpoint, operation, body, target.credentials);
          const m = await measure(target.child.endpoint, { headers, body }, connections, seconds);
          if (m.failures > 0) console.error(`bench: ${target.name} ${operation} × ${connections}: ${m.failures} failed requests`);
          failures += m.failures;
          rows.push({ operation, connections, target: target.name, m, ratio: m.reqPerSec / top.reqPerSec });
        }
      }
    }
    console.log('');
    printRows(rows);

    // Issue 18: with the audit trail on, Encrypt must stay at or above 0.85 × audit off, same run:
    // three rounds each, alternating which goes first, so drift of the machine falls on both.
    const trent1 = targets[0]!;
    const off = await launchTrent({ workers: 1, compiled: true, extraArgs: [...policyArgs, '--audit', 'off'] });
    children.push(off);
    const offUser = realistic ? benchUser : off.credentials;
    const audited = [
      { name: 'off', endpoint: off.endpoint, user: offUser, body: (await bodiesFor(off.endpoint, off.credentials, offUser)).Encrypt, rates: [] as number[] },
      { name: 'on', endpoint: trent1.child.endpoint, user: trent1.credentials, body: trent1.bodies!.Encrypt, rates: [] as number[] },
    ];
    for (let round = 0; round < 3; round++) {
      for (const side of round % 2 === 0 ? audited : [...audited].reverse()) {
        const m = await measure(side.endpoint, { headers: await signedHeaders(side.endpoint, 'Encrypt', side.body, side.user), body: side.body }, 64, seconds);
        failures += m.failures;
        side.rates.push(m.reqPerSec);
      }
    }
    const mean = (rates: readonly number[]): number => rates.reduce((a, b) => a + b, 0) / rates.length;
    const [offRate, onRate] = [mean(audited[0]!.rates), mean(audited[1]!.rates)];
    const each = (rates: readonly number[]): string => rates.map((r) => Math.round(r).toLocaleString('en-US')).join(' / ');
    console.log(`\naudit trail, Encrypt × 64, 1 worker, 3 rounds: off ${each(audited[0]!.rates)} req/s, on ${each(audited[1]!.rates)} req/s: `
      + `on/off ${(onRate / offRate).toFixed(2)} × of the means (issue 18 asks ≥ 0.85)`);

    const trentN = targets.find((t) => t.name.startsWith(`Trent ${cores}`)) ?? targets[0]!;
    const createKeys = await createKeyThroughput(trentN.child.endpoint, trentN.admin, 16, seconds);
    failures += createKeys.failures;
    console.log(`CreateKey (durable: synchronous=FULL), ${trentN.name}, 16 connections: ${Math.round(createKeys.reqPerSec).toLocaleString('en-US')} req/s, p50 ${createKeys.p50Ms} ms, p99 ${createKeys.p99Ms} ms`);
    await stopAll();
    children.length = 0;

    const cold = await coldStart(10_000);
    const how = cold.compiled ? 'compiled dist/' : 'sources via tsx; `npm run build` first to time the compiled server';
    console.log(`cold start to ready (spawn → /healthz 200, 1 worker, ${how}): empty folder ${cold.emptyMs} ms, 10,000 keys ${cold.populatedMs} ms (goal ≤ 300 ms)`);
    if (!quick) {
      const rss = await rssWithKeys(100_000, 12_000);
      console.log(`RSS of one worker with 100,000 keys: ${rss.idleMb} MB after start, ${rss.afterMb} MB after Encrypt under ${rss.touched.toLocaleString('en-US')} distinct keys (goal ≤ 150 MB)`);
    }
  } finally {
    await stopAll();
  }
  if (failures > 0) {
    console.error(`bench: FAILED: ${failures} requests failed`);
    return 1;
  }
  return 0;
}

const run = argv.includes('--sign') || process.env['npm_config_sign'] === 'true'
  ? () => benchSign(seconds).then((failed) => (failed > 0 ? (console.error(`bench: FAILED: ${failed} requests failed`), 1) : 0))
  : main;
run().then((code) => process.exit(code), (error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exit(1);
});
