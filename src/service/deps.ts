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

export interface ServiceDeps {
  readonly repository: Repository;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  readonly keyring: Keyring;
  readonly keys: KeyResolver;
  /**
   * Re-reads a clock that other processes can move (dev mode, src/jobs/shared-clock.ts). The
   * pipeline awaits it before operations that mutate or read the time; absent = nothing to sync.
   */
  readonly syncClock?: () => Promise<void>;
}
