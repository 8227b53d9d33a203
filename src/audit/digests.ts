/**
 * Signed digests of the chain head and retention pruning (issue 18 items 4 and 8), after
 * CloudTrail's digest files (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html).
 *
 * The audit signing key is an Ed25519 key pair made once per data folder: the public key is stored
 * in clear and the private key only sealed under the root key (crypto/at-rest.ts), both in ONE meta
 * value so that two processes starting together cannot store halves of different pairs.
 *
 * Must never: keep the private key other than as a KeyObject inside the signer, or prune events
 * that no signed digest covers (the digest is what anchors the pruned prefix).
 */
import type { RootKey, SealBinding } from '../crypto/at-rest.js';
import { digestMessage, digestSigner, generateAuditSigningKey, publicKeyOf } from '../crypto/audit-chain.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { Repository } from '../storage/repository.js';
import type { AuditDigest, AuditStore, ChainHead } from '../storage/audit-store.js';

export const signingKeyMetaName = 'audit-signing-key';
const binding: SealBinding = { purpose: 'audit-signing-key', id: 'trent', version: 1 };

interface StoredSigningKey { readonly publicKey: string; readonly sealed: string }

/** The stored public key, or undefined before the first server start. */
export async function storedAuditPublicKey(repository: Pick<Repository, 'getMeta'>): Promise<StoredSigningKey | undefined> {
  const text = await repository.getMeta(signingKeyMetaName);
  return text === undefined ? undefined : JSON.parse(text) as StoredSigningKey;
}

/** Whether the sealed private key opens under `rootKey` and belongs to the stored public key. */
export function signingKeyMatches(stored: StoredSigningKey, rootKey: RootKey): boolean {
  try {
    const der = rootKey.open(Buffer.from(stored.sealed, 'base64'), binding);
    try {
      return publicKeyOf(der) === stored.publicKey;
    } finally {
      der.fill(0);
    }
  } catch {
    return false;
  }
}

export interface DigestSigner {
  readonly publicKey: string;
  sign(head: ChainHead, previous: AuditDigest | undefined, timeMs: number): Omit<AuditDigest, 'digestSeq'>;
}

/** Loads the audit signing key, creating it on first use. */
export async function loadDigestSigner(repository: Pick<Repository, 'putMetaIfAbsent'>, rootKey: RootKey): Promise<DigestSigner> {
  const fresh = generateAuditSigningKey();
  const candidate: StoredSigningKey = { publicKey: fresh.publicKey, sealed: Buffer.from(rootKey.seal(fresh.privateKeyDer, binding)).toString('base64') };
  fresh.privateKeyDer.fill(0);
  const stored = JSON.parse(await repository.putMetaIfAbsent(signingKeyMetaName, JSON.stringify(candidate))) as StoredSigningKey;
  const der = rootKey.open(Buffer.from(stored.sealed, 'base64'), binding);
  try {
    if (publicKeyOf(der) !== stored.publicKey) throw new Error('the stored audit signing key does not match its public key');
    const signMessage = digestSigner(der);
    return {
      publicKey: stored.publicKey,
      sign(head, previous, timeMs) {
        const prevSignature = previous?.signature ?? '';
        return { headSeq: head.seq, headHash: head.hash, timeMs, prevSignature, signature: signMessage(digestMessage(head.seq, head.hash, timeMs, prevSignature)) };
      },
    };
  } finally {
    der.fill(0);
  }
}

export interface DigestScheduleOptions {
  readonly store: Pick<AuditStore, 'writeDigest' | 'prune'>;
  readonly signer: DigestSigner;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly intervalMs: number;
  /** Events older than this are pruned (after a digest anchors them); undefined: keep everything. */
  readonly retentionMs?: number;
}

/** One round: sign the head if it moved, then prune what retention allows. */
export async function digestRound(options: DigestScheduleOptions): Promise<void> {
  const { store, signer, clock } = options;
  await store.writeDigest((head, previous) => signer.sign(head, previous, clock.nowMs()));
  if (options.retentionMs !== undefined) {
    const pruned = await store.prune(clock.nowMs() - options.retentionMs);
    if (pruned > 0) options.logger.log('info', 'audit events past the retention period pruned', { pruned });
  }
}

/** Runs `digestRound` every `intervalMs`; `stop()` runs a last round (shutdown) and ends the timer. */
export function scheduleDigests(options: DigestScheduleOptions): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const round = (): void => {
    running = running.then(() => digestRound(options)).catch((error: unknown) => {
      options.logger.log('error', 'audit digest round failed', { errorMessage: error instanceof Error ? error.message : String(error) });
    });
  };
  const timer = setInterval(round, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      round();
      await running;
    },
  };
}
