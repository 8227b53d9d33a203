/**
 * The raw @noble/curves figure of `npm run bench -- --sign` for ECDSA over a given DIGEST (what
 * Trent's worker threads run, src/crypto/noble-threads.ts): one thread per core in this process,
 * each signing the same 32-byte digest back to back with the same options as Trent (no prehash, DER,
 * high S kept) for the given time. The sum is the ceiling Trent's DIGEST Sign could reach on this
 * machine if HTTP, SigV4, the audit trail and the thread hand-offs were free.
 *
 * The thread is eval'd CommonJS that loads the ESM-only @noble module by the file URL resolved
 * here, as Trent's own threads do (tsx's hooks do not reach worker threads on Node 20).
 */
import { Worker } from 'node:worker_threads';

const threadSource = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { p256 } = await import(workerData.nist);
  const { secp256k1 } = await import(workerData.secp256k1);
  const curve = { p256, secp256k1 }[workerData.curve];
  const key = curve.utils.randomSecretKey();
  const digest = new Uint8Array(32).fill(0x42);
  const options = { prehash: false, format: 'der', lowS: false };
  curve.sign(digest, key, options); // warm-up: precomputed tables
  const until = performance.now() + workerData.seconds * 1000;
  let done = 0;
  while (performance.now() < until) { curve.sign(digest, key, options); done++; }
  key.fill(0);
  parentPort.postMessage(done);
})().catch(() => parentPort.postMessage(-1));`;

/** ECDSA DIGEST signatures per second of `curve` by @noble on `threads` threads of this process. */
export async function nobleEcdsaDigestCeiling(curve: 'p256' | 'secp256k1', threads: number, seconds: number): Promise<number> {
  const workerData = {
    curve, seconds,
    nist: import.meta.resolve('@noble/curves/nist.js'),
    secp256k1: import.meta.resolve('@noble/curves/secp256k1.js'),
  };
  const counts = await Promise.all(Array.from({ length: threads }, () => new Promise<number>((resolve, reject) => {
    const worker = new Worker(threadSource, { eval: true, workerData });
    worker.once('message', (done: number) => {
      void worker.terminate();
      if (done < 0) reject(new Error('the @noble ceiling thread failed'));
      else resolve(done);
    });
    worker.once('error', reject);
  })));
  return counts.reduce((a, b) => a + b, 0) / seconds;
}
