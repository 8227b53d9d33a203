/**
 * `npm run bench -- --sign` (issue 15 item 8): Sign throughput of Trent against raw node:crypto
 * signing in the same run, and Encrypt's latency while RSA-4096 keys are being generated.
 *
 * Raw (RAW rows): this process keeps 64 asynchronous `crypto.sign` calls in flight (libuv's
 * threadpool, so every core signs) over the same 32-byte message for the same time. Raw (DIGEST
 * rows, ECDSA over a given digest, which node:crypto cannot do): @noble/curves on one thread per
 * core of this process (noble-ceiling.ts), as Trent's worker threads sign. Trent: one worker per
 * core, secure mode, SigV4 verified, audit on, Sign of the same message or digest at 64
 * connections. The issue asks RSA-2048 Sign ≥ 0.8 × raw. Both share the machine with autocannon,
 * so only one run's figures compare (NOTES.md §6).
 *
 * The http+sign column (RAW rows) is the Sign ceiling: a bare node:http server, one process per core,
 * that answers each request after one asynchronous node:crypto signature and does nothing else
 * (ceiling-server.ts). It says how much of raw any node:http server that signs keeps on this machine
 * once HTTP and the load generator take their share; Trent's figure comes on top of that.
 */
import { availableParallelism } from 'node:os';
import { generateKeyPairSync, sign as cryptoSign, constants, type KeyObject } from 'node:crypto';
import { launchCeiling, launchTrent, type LaunchedChild } from './launch.js';
import { nobleEcdsaDigestCeiling } from './noble-ceiling.js';
import { measure, type Measurement } from './load.js';
import { call, signedHeaders, type Credentials } from './signing.js';

interface Case {
  readonly name: string;
  readonly keySpec: string;
  readonly algorithm: string;
  readonly messageType: 'RAW' | 'DIGEST';
  /** The raw figure (signatures per second) of the same algorithm in this process. */
  raw(seconds: number): Promise<number>;
  /** The Sign ceiling's mode for this algorithm (node:crypto rows only). */
  readonly ceiling?: 'rsa' | 'p256' | 'ed25519';
}

/** A RAW case whose raw figure is asynchronous node:crypto signing. */
function nodeCase(name: string, keySpec: string, algorithm: string, ceiling: Case['ceiling'], nodeKey: () => NodeSign): Case {
  return { name, keySpec, algorithm, messageType: 'RAW', ceiling, raw: (seconds) => rawSigning(nodeKey(), 64, seconds) };
}

/** A DIGEST case whose raw figure is @noble on one thread per core. */
function nobleCase(name: string, keySpec: string, curve: 'p256' | 'secp256k1'): Case {
  return { name, keySpec, algorithm: 'ECDSA_SHA_256', messageType: 'DIGEST', raw: (seconds) => nobleEcdsaDigestCeiling(curve, availableParallelism(), seconds) };
}

/** node:crypto's key pair and `sign` arguments for one algorithm. */
interface NodeSign { key: KeyObject; hash: string | null; options: Record<string, unknown> }

const cases: readonly Case[] = [
  nodeCase('RSA-2048 PSS SHA-256', 'RSA_2048', 'RSASSA_PSS_SHA_256', 'rsa',
    () => ({ key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, hash: 'sha256', options: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } })),
  nodeCase('P-256 ECDSA SHA-256', 'ECC_NIST_P256', 'ECDSA_SHA_256', 'p256',
    () => ({ key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, hash: 'sha256', options: { dsaEncoding: 'der' } })),
  nodeCase('Ed25519', 'ECC_NIST_EDWARDS25519', 'ED25519_SHA_512', 'ed25519',
    () => ({ key: generateKeyPairSync('ed25519').privateKey, hash: null, options: {} })),
  nobleCase('P-256 ECDSA DIGEST', 'ECC_NIST_P256', 'p256'),
  nobleCase('secp256k1 ECDSA DIGEST', 'ECC_SECG_P256K1', 'secp256k1'),
];

const message = Buffer.alloc(32, 0x42);

/** Signatures per second with `inFlight` asynchronous node:crypto signs outstanding. */
function rawSigning({ key, hash, options }: NodeSign, inFlight: number, seconds: number): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  return new Promise((resolve, reject) => {
    let running = 0;
    const next = (): void => {
      if (performance.now() >= until) {
        if (running === 0) resolve(done / seconds);
        return;
      }
      running++;
      cryptoSign(hash, message, { key, ...options } as never, (error) => {
        running--;
        if (error) return reject(error);
        done++;
        next();
      });
    };
    for (let i = 0; i < inFlight; i++) next();
  });
}

/** Requests per second of the Sign ceiling (a bare node:http server that signs once per request). */
async function signCeiling(mode: NonNullable<Case['ceiling']>, processes: number, request: { headers: Record<string, string>; body: string }, seconds: number): Promise<Measurement> {
  const ceiling = await launchCeiling(processes, mode);
  try {
    return await measure(ceiling.endpoint, request, 64, seconds);
  } finally {
    await ceiling.stop();
  }
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Encrypt × 16 connections alone, then while 2 clients create RSA_4096 keys back to back. */
async function encryptWhileGenerating(trent: LaunchedChild, credentials: Credentials, seconds: number): Promise<{ alone: Measurement; during: Measurement; created: number }> {
  const keyId = (await call(trent.endpoint, 'CreateKey', { Description: 'bench' }, credentials)).KeyMetadata.Arn as string;
  const body = JSON.stringify({ KeyId: keyId, Plaintext: Buffer.alloc(32, 1).toString('base64') });
  const alone = await measure(trent.endpoint, { headers: await signedHeaders(trent.endpoint, 'Encrypt', body, credentials), body }, 16, seconds);
  let created = 0;
  let stop = false;
  const generator = async (): Promise<void> => {
    while (!stop) {
      await call(trent.endpoint, 'CreateKey', { KeySpec: 'RSA_4096', KeyUsage: 'SIGN_VERIFY' }, credentials);
      created++;
    }
  };
  const generators = [generator(), generator()];
  const during = await measure(trent.endpoint, { headers: await signedHeaders(trent.endpoint, 'Encrypt', body, credentials), body }, 16, seconds);
  stop = true;
  await Promise.all(generators);
  return { alone, during, created };
}

export async function benchSign(seconds: number): Promise<number> {
  const cores = availableParallelism();
  const trent = await launchTrent({ workers: cores, compiled: true });
  let failures = 0;
  try {
    console.log(`Sign of a 32-byte message (RAW) or SHA-256 digest (DIGEST): raw node:crypto (RAW: 64 async signs in flight, this process) or raw @noble (DIGEST: ${cores} threads, this process) vs Trent ${cores} workers (64 connections, SigV4, audit on), ${seconds} s each\n`);
    console.log(`${'algorithm'.padEnd(24)}${'raw sig/s'.padStart(11)}${'http+sign'.padStart(11)}${'× raw'.padStart(7)}${'Trent req/s'.padStart(13)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'× raw'.padStart(8)}${'× h+s'.padStart(7)}`);
    for (const c of cases) {
      const keyId = (await call(trent.endpoint, 'CreateKey', { KeySpec: c.keySpec, KeyUsage: 'SIGN_VERIFY' }, trent.credentials)).KeyMetadata.Arn as string;
      const body = JSON.stringify({ KeyId: keyId, Message: message.toString('base64'), MessageType: c.messageType, SigningAlgorithm: c.algorithm });
      await call(trent.endpoint, 'Sign', JSON.parse(body), trent.credentials); // warm the key cache
      const raw = await c.raw(seconds);
      const request = { headers: await signedHeaders(trent.endpoint, 'Sign', body, trent.credentials), body };
      const top = c.ceiling === undefined ? undefined : await signCeiling(c.ceiling, cores, request, seconds);
      const m = await measure(trent.endpoint, request, 64, seconds);
      failures += m.failures + (top?.failures ?? 0);
      const ceilingColumns = top === undefined ? `${'—'.padStart(11)}${''.padStart(7)}`
        : `${fmt(top.reqPerSec).padStart(11)}${(top.reqPerSec / raw).toFixed(2).padStart(7)}`;
      const ofCeiling = top === undefined ? '' : (m.reqPerSec / top.reqPerSec).toFixed(2).padStart(7);
      console.log(`${c.name.padEnd(24)}${fmt(raw).padStart(11)}${ceilingColumns}${fmt(m.reqPerSec).padStart(13)}${String(m.p50Ms).padStart(8)}${String(m.p99Ms).padStart(8)}${(m.reqPerSec / raw).toFixed(2).padStart(8)}${ofCeiling}`);
    }
    const stall = await encryptWhileGenerating(trent, trent.credentials, seconds);
    failures += stall.alone.failures + stall.during.failures;
    console.log(`\nEncrypt × 16 connections, ${cores} workers: alone p50 ${stall.alone.p50Ms} ms p99 ${stall.alone.p99Ms} ms (${fmt(stall.alone.reqPerSec)} req/s); `
      + `while 2 clients create RSA_4096 keys (${stall.created} created) p50 ${stall.during.p50Ms} ms p99 ${stall.during.p99Ms} ms max ${stall.during.maxMs} ms (${fmt(stall.during.reqPerSec)} req/s)`);
  } finally {
    await trent.stop();
  }
  return failures;
}
