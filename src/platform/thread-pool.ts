/**
 * A pool of worker threads that run one kind of CPU-bound job, so the event loop never waits for
 * one (issue 15 item 8). The jobs are plain JavaScript evaluated in each thread (`source`), which
 * needs no loader and so runs the same under tsx and from dist/: tsx's hooks do not reach worker
 * threads on Node 20 (`new Worker(url of a .ts file)` under `node --import tsx` fails with
 * ERR_UNKNOWN_FILE_EXTENSION, as does `import()` of one in an eval'd thread), so a `.ts` entry file
 * cannot be loaded there.
 *
 * The thread source receives `{ id, ...job }` messages and answers `{ id, out }` or `{ id, failed:
 * true }`. Threads start on first use, are unref'd while idle (an idle pool never keeps the process
 * alive) and are stopped by `close()`. A thread that dies (an exit, an uncaught error, a `terminate`)
 * fails its pending jobs and is dropped; the next job starts a replacement.
 *
 * Must never: log or echo jobs or answers (they hold key material, digests, signatures).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export interface ThreadPoolOptions {
  /** CommonJS source evaluated in each thread; it answers every message as described above. */
  readonly source: string;
  /** Passed to each thread as `workerData` (structured clone). */
  readonly workerData?: unknown;
  /** Threads at most (default: the cores, at most 4). */
  readonly size?: number;
  /** Named in the errors of failed jobs: "<name> failed", "<name> thread stopped". */
  readonly name: string;
}

interface Pending { resolve(out: unknown): void; reject(error: Error): void }
interface Thread { worker: Worker; pending: Map<number, Pending> }

export class ThreadPool {
  private readonly threads: Thread[] = [];
  private readonly size: number;
  private next = 0;
  private id = 0;
  private closed = false;

  constructor(private readonly options: ThreadPoolOptions) {
    this.size = options.size ?? Math.max(1, Math.min(4, availableParallelism()));
  }

  /** Runs `job` on the least loaded thread; resolves with the thread's `out`. */
  run<T>(job: Record<string, unknown>): Promise<T> {
    if (this.closed) return Promise.reject(new Error(`${this.options.name} pool is closed`));
    const thread = this.pick();
    const id = ++this.id;
    return new Promise<T>((resolve, reject) => {
      thread.pending.set(id, { resolve: resolve as (out: unknown) => void, reject });
      if (thread.pending.size === 1) thread.worker.ref();
      thread.worker.postMessage({ ...job, id });
    });
  }

  /** Threads running now (tests: a dead thread is replaced on the next job). */
  get threadCount(): number {
    return this.threads.length;
  }

  /** Terminates one thread as if it had crashed (tests only); its pending jobs fail. */
  async killOneForTest(): Promise<void> {
    await this.threads[0]?.worker.terminate();
  }

  /** Stops every thread; pending jobs fail. */
  async close(): Promise<void> {
    this.closed = true;
    const threads = this.threads.splice(0);
    await Promise.all(threads.map((t) => t.worker.terminate()));
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
    const { name } = this.options;
    const worker = new Worker(this.options.source, { eval: true, workerData: this.options.workerData });
    worker.unref();
    const thread: Thread = { worker, pending: new Map() };
    worker.on('message', (m: { id: number; out?: unknown; failed?: boolean }) => {
      const pending = thread.pending.get(m.id);
      if (!pending) return;
      thread.pending.delete(m.id);
      if (thread.pending.size === 0) worker.unref();
      if (m.failed) pending.reject(new Error(`${name} failed`));
      else pending.resolve(m.out);
    });
    const fail = (): void => {
      const index = this.threads.indexOf(thread);
      if (index >= 0) this.threads.splice(index, 1);
      for (const p of thread.pending.values()) p.reject(new Error(`${name} thread stopped`));
      thread.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    return thread;
  }
}
