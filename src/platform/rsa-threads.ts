/**
 * RSA private-key operations on worker threads, so the event loop never waits for one (an RSA-4096
 * private operation takes ~5 ms on this machine kind; NOTES.md §6). node:crypto's asynchronous
 * `sign` already runs on libuv's threadpool, but `privateEncrypt` (raw RSASP1, needed to sign a
 * given DIGEST) and `privateDecrypt` (RSAES-OAEP) have no asynchronous form.
 *
 * Threads start on first use, are unref'd (an idle pool never keeps the process alive) and are
 * stopped by `close()`. A KeyObject is passed by structured clone, which shares the key, not its
 * bytes, with the thread. A thread that dies fails its pending operations and is replaced.
 *
 * Must never: log or echo inputs or outputs (they are key material, plaintexts, digests).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { KeyObject } from 'node:crypto';

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

interface Pending { resolve(out: Buffer): void; reject(error: Error): void }
interface Thread { worker: Worker; pending: Map<number, Pending> }

export class RsaThreadPool {
  private readonly threads: Thread[] = [];
  private next = 0;
  private id = 0;
  private closed = false;

  constructor(private readonly size = Math.max(1, Math.min(4, availableParallelism()))) {}

  /** RSASP1 of `input` with PKCS#1 type-1 padding or none (constants.RSA_*_PADDING). */
  privateEncrypt(key: KeyObject, input: Buffer, padding: number): Promise<Buffer> {
    return this.run({ op: 'encrypt', key, data: input, padding });
  }

  /** RSAES-OAEP decryption with `oaepHash` for OAEP and MGF1. */
  privateDecrypt(key: KeyObject, ciphertext: Buffer, oaepHash: string): Promise<Buffer> {
    return this.run({ op: 'decrypt', key, data: ciphertext, oaepHash });
  }

  /** Stops every thread; pending operations fail. */
  async close(): Promise<void> {
    this.closed = true;
    const threads = this.threads.splice(0);
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  private run(message: Record<string, unknown>): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('RSA thread pool is closed'));
    const thread = this.pick();
    const id = ++this.id;
    return new Promise<Buffer>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      if (thread.pending.size === 1) thread.worker.ref();
      thread.worker.postMessage({ ...message, id });
    });
  }

  private pick(): Thread {
    if (this.threads.length < this.size) {
      const thread = this.start();
      this.threads.push(thread);
      return thread;
    }
    // Least loaded thread, round-robin among equals.
    let best = this.threads[this.next % this.threads.length]!;
    for (const t of this.threads) if (t.pending.size < best.pending.size) best = t;
    this.next++;
    return best;
  }

  private start(): Thread {
    const worker = new Worker(threadSource, { eval: true });
    worker.unref();
    const thread: Thread = { worker, pending: new Map() };
    worker.on('message', (m: { id: number; out?: Uint8Array; failed?: boolean }) => {
      const pending = thread.pending.get(m.id);
      if (!pending) return;
      thread.pending.delete(m.id);
      if (thread.pending.size === 0) worker.unref();
      if (m.failed || !m.out) pending.reject(new Error('RSA operation failed'));
      else pending.resolve(Buffer.from(m.out.buffer, m.out.byteOffset, m.out.byteLength));
    });
    const fail = () => {
      const index = this.threads.indexOf(thread);
      if (index >= 0) this.threads.splice(index, 1);
      for (const p of thread.pending.values()) p.reject(new Error('RSA thread stopped'));
      thread.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    return thread;
  }
}
