/**
 * The narrow dependencies operations receive (DESIGN.md habit 11). app.ts builds the one instance;
 * tests build their own with a memory repository, a ManualClock and so on.
 */
import type { Repository } from '../storage/repository.js';
import type { Clock } from '../platform/clock.js';
import type { Random } from '../platform/random.js';
import type { Logger } from '../platform/logger.js';
import type { Keyring } from './keyring.js';
import type { KeyResolver } from './key-resolver.js';
import type { AuditRecorder } from './audit-recorder.js';
import type { RsaPrivate } from '../crypto/sign.js';
import type { NobleWork } from '../crypto/noble-work.js';

export interface ServiceDeps {
  readonly repository: Repository;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  readonly keyring: Keyring;
  readonly keys: KeyResolver;
  /**
   * The audit trail (issue 18). The pipeline records every call through it and fails closed when it
   * cannot; absent only in unit tests of the service and in the benchmark's audit-off comparison.
   */
  readonly audit?: AuditRecorder;
  /**
   * RSA private-key operations without an asynchronous node:crypto form (raw RSASP1 for DIGEST
   * signing, OAEP decryption); app.ts passes worker threads (platform/rsa-threads.ts). When absent
   * (in-process unit tests) they run inline.
   */
  readonly rsa?: RsaPrivate;
  /**
   * The @noble work of Sign and Verify (ECDSA DIGEST, Ed25519ph, ML-DSA); app.ts passes worker
   * threads (crypto/noble-threads.ts). When absent (in-process unit tests) it runs inline.
   */
  readonly noble?: NobleWork;
  /**
   * Re-reads a clock that other processes can move (dev mode, src/jobs/shared-clock.ts). The
   * pipeline awaits it before operations that mutate or read the time; absent = nothing to sync.
   */
  readonly syncClock?: () => Promise<void>;
}
