/**
 * RSA private-key operations on worker threads, so the event loop never waits for one (an RSA-4096
 * private operation takes ~5 ms on this machine kind; NOTES.md §6). node:crypto's asynchronous
 * `sign` already runs on libuv's threadpool, but `privateEncrypt` (raw RSASP1, needed to sign a
 * given DIGEST) and `privateDecrypt` (RSAES-OAEP) have no asynchronous form.
 *
 * Threads start on first use, are unref'd (an idle pool never keeps the process alive) and are
 * stopped by `close()` (the generic pool of thread-pool.ts). A KeyObject is passed by structured clone,
 * which shares the key, not its bytes, with the thread. A thread that dies fails its pending operations
 * and is replaced.
 *
 * Must never: log or echo inputs or outputs (they are key material, plaintexts, digests).
 */
import type { KeyObject } from 'node:crypto';
import { ThreadPool } from './thread-pool.js';

// Plain JavaScript evaluated in the thread (no loader needed, works under tsx and from dist/).
const threadSource = `
const { parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
parentPort.on('message', (m) => {
  try {
    const out = m.op === 'encrypt'
      ? crypto.privateEncrypt({ key: m.key, padding: m.padding }, m.data)
      : crypto.privateDecrypt({ key: m.key, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: m.oaepHash }, m.data);
    parentPort.postMessage({ id: m.id, out });
  } catch {
    parentPort.postMessage({ id: m.id, failed: true });
  }
});`;

export class RsaThreadPool {
  private readonly pool: ThreadPool;

  constructor(size?: number) {
    this.pool = new ThreadPool({ source: threadSource, name: 'RSA operation', ...(size === undefined ? {} : { size }) });
  }

  /** RSASP1 of `input` with PKCS#1 type-1 padding or none (constants.RSA_*_PADDING). */
  privateEncrypt(key: KeyObject, input: Buffer, padding: number): Promise<Buffer> {
    return this.run({ op: 'encrypt', key, data: input, padding });
  }

  /** RSAES-OAEP decryption with `oaepHash` for OAEP and MGF1. */
  privateDecrypt(key: KeyObject, ciphertext: Buffer, oaepHash: string): Promise<Buffer> {
    return this.run({ op: 'decrypt', key, data: ciphertext, oaepHash });
  }

  /** Stops every thread; pending operations fail. */
  close(): Promise<void> {
    return this.pool.close();
  }

  private async run(job: Record<string, unknown>): Promise<Buffer> {
    const out = await this.pool.run<Uint8Array>(job);
    return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  }
}
