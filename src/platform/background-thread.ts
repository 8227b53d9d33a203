/**
 * RSA key generation on one worker thread per process that runs at a lowered scheduling priority,
 * so that generating RSA-4096 keys (hundreds of milliseconds of CPU each, NOTES.md §6) never takes
 * a core away from requests in flight: issue 15 item 8, "CreateKey RSA_4096 under load must not
 * stall other requests". node:crypto's asynchronous generateKeyPair runs on libuv's threadpool at
 * the process's priority, where two generations take both cores of a 2-core machine from Encrypt.
 *
 * Linux lets setpriority(2) name a thread by its id (the "nice value is a per-thread attribute",
 * sched(7)); the thread finds its own id through /proc/thread-self and lowers itself by 10 (at
 * most to 19) from the process's nice value. Nice 10 weighs 110 against nice 0's 1024 in CFS, so a saturated server still generates keys, about ten times
 * slower. Where that fails (another OS), the thread simply keeps the normal priority.
 *
 * Must never: log or echo what it generates; the private key's bytes in the thread are zeroed after
 * they are posted (a structured clone copies them).
 */
import { Worker } from 'node:worker_threads';

const threadSource = `
const { parentPort } = require('node:worker_threads');
const { generateKeyPairSync } = require('node:crypto');
try {
  const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  const os = require('node:os');
  if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, Math.min(19, os.getPriority(tid) + 10));
} catch {}
parentPort.on('message', (m) => {
  try {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: m.bits, publicExponent: 0x10001,
      privateKeyEncoding: { type: 'pkcs8', format: 'der' }, publicKeyEncoding: { type: 'spki', format: 'der' },
    });
    parentPort.postMessage({ id: m.id, out: privateKey });
    privateKey.fill(0);
  } catch {
    parentPort.postMessage({ id: m.id, failed: true });
  }
});`;

interface Pending { resolve(out: Buffer): void; reject(error: Error): void }

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, Pending>();

function thread(): Worker {
  if (worker) return worker;
  const started = new Worker(threadSource, { eval: true });
  started.unref(); // an idle thread never keeps the process alive
  started.on('message', (m: { id: number; out?: Uint8Array; failed?: boolean }) => {
    const waiting = pending.get(m.id);
    if (!waiting) return;
    pending.delete(m.id);
    if (pending.size === 0) started.unref();
    if (m.failed || !m.out) waiting.reject(new Error('RSA key generation failed'));
    else waiting.resolve(Buffer.from(m.out.buffer, m.out.byteOffset, m.out.byteLength));
  });
  const fail = (): void => {
    if (worker === started) worker = undefined; // the next generation starts a new thread
    for (const waiting of pending.values()) waiting.reject(new Error('RSA key generation thread stopped'));
    pending.clear();
  };
  started.on('error', fail);
  started.on('exit', fail);
  worker = started;
  return started;
}

/** A new RSA private key of `bits` bits, e = 65537, as PKCS#8 DER (RFC 5208). */
export function generateRsaPkcs8(bits: number): Promise<Buffer> {
  const target = thread();
  const id = ++nextId;
  return new Promise<Buffer>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    target.ref(); // keep the process alive while a generation is pending
    target.postMessage({ id, bits });
  });
}
