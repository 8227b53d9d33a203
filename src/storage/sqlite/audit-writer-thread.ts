/**
 * The main-thread side of the audit writer thread (audit-append-worker.ts): sends batches, settles
 * each batch's promise when the thread answers. A thread that dies fails every pending and later
 * batch (the requests fail closed) rather than leaving them waiting.
 */
import { Worker } from 'node:worker_threads';
import type { AuditRow } from '../audit-store.js';

/** Under tsx (tests, `npm run bench`) the thread must register tsx itself to load a .ts entry. */
function startWorker(path: string): Worker {
  const underTs = import.meta.url.endsWith('.ts');
  const entry = new URL(underTs ? './audit-append-worker.ts' : './audit-append-worker.js', import.meta.url);
  if (!underTs) return new Worker(entry, { workerData: { path } });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, workerData: { path } });
}

export class AuditWriterThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private dead: Error | undefined;
  private readonly exited: Promise<void>;

  constructor(path: string) {
    this.worker = startWorker(path);
    this.worker.on('message', (reply: { id: number; error?: string }) => {
      const waiter = this.waiting.get(reply.id);
      if (waiter === undefined) return;
      this.waiting.delete(reply.id);
      if (reply.error === undefined) waiter.resolve();
      else waiter.reject(new Error(`audit append failed: ${reply.error}`));
    });
    this.worker.on('error', (error) => this.fail(error));
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', (code) => {
        this.fail(new Error(`audit writer thread exited (code ${code})`));
        resolve();
      });
    });
  }

  private fail(error: Error): void {
    this.dead ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(this.dead);
    this.waiting.clear();
  }

  /** Resolves once `rows` are committed by the thread. */
  append(rows: readonly AuditRow[]): Promise<void> {
    if (this.dead !== undefined) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, rows });
    });
  }

  /** Lets queued batches finish, then closes the thread's connection. */
  async close(): Promise<void> {
    if (this.dead === undefined) this.worker.postMessage({ close: true });
    await this.exited;
  }
}
