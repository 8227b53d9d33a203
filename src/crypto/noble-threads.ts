/**
 * NobleWork (noble-work.ts) on worker threads, so that ECDSA DIGEST signing (~0.5–3 ms per
 * signature), Ed25519ph and ML-DSA (several ms per signature, ~20 ms per key expansion) never block
 * the event loop (issue 15 item 8). app.ts creates one pool per process and injects it.
 *
 * The thread is plain CommonJS evaluated by platform/thread-pool.ts. It cannot `require` the
 * ESM-only @noble packages, and tsx's hooks do not reach worker threads on Node 20, so the main
 * thread resolves each @noble module to a file URL (`import.meta.resolve`, the same under tsx and
 * from dist/) and the thread loads them with `await import()`. The thread's code mirrors the inline
 * implementation in noble-work.ts call for call (same @noble functions, same options); the unit test
 * checks both give the same bytes.
 *
 * Key bytes are posted per operation, never cached in the thread: the thread zeroes its copy of a
 * private key, seed or expanded secret key once the answer is posted (postMessage copies it first).
 *
 * Must never: log or echo inputs or outputs.
 */
import { ThreadPool } from '../platform/thread-pool.js';
import type { MlDsaExpanded } from './ml-dsa.js';
import type { NobleWork } from './noble-work.js';

/** The @noble modules the thread loads, resolved here to file URLs. */
function moduleUrls(): Record<string, string> {
  return {
    nist: import.meta.resolve('@noble/curves/nist.js'),
    secp256k1: import.meta.resolve('@noble/curves/secp256k1.js'),
    ed25519: import.meta.resolve('@noble/curves/ed25519.js'),
    edwards: import.meta.resolve('@noble/curves/abstract/edwards.js'),
    sha2: import.meta.resolve('@noble/hashes/sha2.js'),
    mlDsa: import.meta.resolve('@noble/post-quantum/ml-dsa.js'),
  };
}

// Plain JavaScript evaluated in each thread. Every job answers { id, out } or { id, failed: true }.
const threadSource = `
const { parentPort, workerData } = require('node:worker_threads');
const ready = (async () => {
  const m = {};
  for (const [name, url] of Object.entries(workerData.modules)) m[name] = await import(url);
  const curves = { p256: m.nist.p256, p384: m.nist.p384, p521: m.nist.p521, secp256k1: m.secp256k1.secp256k1 };
  const ecdsaOptions = { prehash: false, format: 'der', lowS: false };
  // Ed25519ph over a given SHA-512 digest, as noble-work.ts builds it (RFC 8032 §5.1).
  const ed25519ph = m.edwards.eddsa(m.ed25519.ed25519.Point, m.sha2.sha512, {
    domain: (data, ctx, phflag) => Buffer.concat([Buffer.from('SigEd25519 no Ed25519 collisions', 'ascii'), Buffer.of(phflag ? 1 : 0, ctx.length), ctx, data]),
    prehash: Object.assign((d) => { if (d.length !== 64) throw new RangeError('digest length'); return d; }, { outputLen: 64 }),
    adjustScalarBytes: (b) => { b[0] &= 248; b[31] &= 127; b[31] |= 64; return b; },
  });
  const sets = { ml_dsa44: m.mlDsa.ml_dsa44, ml_dsa65: m.mlDsa.ml_dsa65, ml_dsa87: m.mlDsa.ml_dsa87 };
  const falseOnThrow = (f) => { try { return f(); } catch { return false; } };
  return {
    ecdsaSign: (j) => curves[j.curve].sign(j.data, j.key, ecdsaOptions),
    ecdsaVerify: (j) => falseOnThrow(() => curves[j.curve].verify(j.signature, j.data, j.key, ecdsaOptions)),
    ed25519phSign: (j) => ed25519ph.sign(j.data, j.key),
    ed25519phVerify: (j) => falseOnThrow(() => ed25519ph.verify(j.signature, j.data, j.key, { zip215: false })),
    mlDsaExpand: (j) => {
      if (j.key.length !== 32) throw new Error('seed length');
      const { secretKey, publicKey } = sets[j.set].keygen(j.key);
      return { secretKey, publicKey };
    },
    mlDsaSign: (j) => j.externalMu ? sets[j.set].internal.sign(j.data, j.key, { externalMu: true }) : sets[j.set].sign(j.data, j.key, {}),
    mlDsaVerify: (j) => falseOnThrow(() => j.externalMu
      ? sets[j.set].internal.verify(j.signature, j.data, j.key, { externalMu: true })
      : sets[j.set].verify(j.signature, j.data, j.key)),
  };
})();
ready.catch(() => {});
parentPort.on('message', async (j) => {
  let out;
  try {
    const ops = await ready;
    out = ops[j.op](j);
    parentPort.postMessage({ id: j.id, out });
  } catch {
    parentPort.postMessage({ id: j.id, failed: true });
  } finally {
    // Private inputs and the expanded secret key are this thread's copies: zero them.
    if (j.private && j.key) j.key.fill(0);
    if (out && out.secretKey) out.secretKey.fill(0);
  }
});`;

function buffer(out: Uint8Array): Buffer {
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

export class NobleThreadPool implements NobleWork {
  private readonly pool: ThreadPool;

  constructor(size?: number) {
    this.pool = new ThreadPool({ source: threadSource, workerData: { modules: moduleUrls() }, name: '@noble operation', ...(size === undefined ? {} : { size }) });
  }

  async ecdsaSignDigest(curve: string, digest: Uint8Array, rawPrivate: Uint8Array): Promise<Uint8Array> {
    return buffer(await this.pool.run<Uint8Array>({ op: 'ecdsaSign', curve, data: digest, key: rawPrivate, private: true }));
  }

  ecdsaVerifyDigest(curve: string, digest: Uint8Array, rawPublic: Uint8Array, signature: Uint8Array): Promise<boolean> {
    return this.pool.run<boolean>({ op: 'ecdsaVerify', curve, data: digest, key: rawPublic, signature });
  }

  async ed25519phSign(digest: Uint8Array, seed: Uint8Array): Promise<Uint8Array> {
    return buffer(await this.pool.run<Uint8Array>({ op: 'ed25519phSign', data: digest, key: seed, private: true }));
  }

  ed25519phVerify(digest: Uint8Array, rawPublic: Uint8Array, signature: Uint8Array): Promise<boolean> {
    return this.pool.run<boolean>({ op: 'ed25519phVerify', data: digest, key: rawPublic, signature });
  }

  mlDsaExpand(set: string, seed: Uint8Array): Promise<MlDsaExpanded> {
    return this.pool.run<MlDsaExpanded>({ op: 'mlDsaExpand', set, key: seed, private: true });
  }

  async mlDsaSign(set: string, secretKey: Uint8Array, message: Uint8Array, externalMu: boolean): Promise<Uint8Array> {
    return buffer(await this.pool.run<Uint8Array>({ op: 'mlDsaSign', set, key: secretKey, data: message, externalMu, private: true }));
  }

  mlDsaVerify(set: string, publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array, externalMu: boolean): Promise<boolean> {
    return this.pool.run<boolean>({ op: 'mlDsaVerify', set, key: publicKey, data: message, signature, externalMu });
  }

  /** Threads running now (tests). */
  get threadCount(): number {
    return this.pool.threadCount;
  }

  /** Terminates one thread as if it had crashed (tests only). */
  killOneForTest(): Promise<void> {
    return this.pool.killOneForTest();
  }

  /** Stops every thread; pending operations fail. */
  close(): Promise<void> {
    return this.pool.close();
  }
}
