/**
 * `trent audit verify`: walks the stored chain from its start (genesis, or the pruning anchor) and
 * checks every event and every signed digest. The first problem found, in chain order, is reported
 * with the seq and eventID of the event it concerns.
 *
 * What each tampering looks like here:
 *   - an event changed in place: its content no longer hashes to its stored hash (or the stored
 *     hash no longer links to the next event);
 *   - an event removed: a gap in seq, or (renumbered) the next event's prevHash does not link;
 *   - events reordered or inserted: prevHash links break at the first displaced event;
 *   - the tail removed or the whole chain rewritten: a signed digest names a head that is gone or
 *     has another hash, and nobody without the root key can sign a new one.
 */
import { chainHash, digestMessage, verifyDigestSignature } from '../crypto/audit-chain.js';
import { genesisHash, type AuditStore, type StoredAuditEvent } from '../storage/audit-store.js';

export interface VerifyReport {
  readonly ok: boolean;
  readonly events: number;
  readonly digests: number;
  readonly firstSeq?: number;
  readonly lastSeq?: number;
  /** Events after the newest digest: chained, not yet signed. */
  readonly unsignedTail: number;
  /** What is wrong, naming the event: set when !ok. */
  readonly problem?: string;
  readonly badSeq?: number;
  readonly badEventId?: string;
}

const pageSize = 1000;

function describe(e: StoredAuditEvent): string {
  return `event ${e.seq} (eventID ${e.eventId})`;
}

/** Index columns must say what the hashed JSON says (lookups read the columns). */
function columnsMatch(e: StoredAuditEvent): boolean {
  let record: { eventID?: unknown; eventName?: unknown; errorCode?: unknown };
  try {
    record = JSON.parse(e.json) as typeof record;
  } catch {
    return false;
  }
  return record.eventID === e.eventId && record.eventName === e.eventName && (record.errorCode ?? null) === e.errorCode;
}

/** Checks the chain and every digest against `publicKey` (SPKI DER, base64). */
export async function verifyTrail(store: Pick<AuditStore, 'anchor' | 'digests' | 'scan'>, publicKey: string | undefined): Promise<VerifyReport> {
  const anchor = await store.anchor();
  const digests = await store.digests();
  const fail = (problem: string, event?: StoredAuditEvent, counts?: { events: number }): VerifyReport => ({
    ok: false, events: counts?.events ?? 0, digests: digests.length, unsignedTail: 0, problem,
    ...(event ? { badSeq: event.seq, badEventId: event.eventId } : {}),
  });
  if (digests.length > 0 && publicKey === undefined) return fail('digests exist but the audit signing key is missing from the database');
  let previousSignature = '';
  for (const d of digests) {
    if (d.prevSignature !== previousSignature) return fail(`digest ${d.digestSeq} does not follow digest ${d.digestSeq - 1}: a digest was removed or replaced`);
    if (!verifyDigestSignature(publicKey!, digestMessage(d.headSeq, d.headHash, d.timeMs, d.prevSignature), d.signature)) {
      return fail(`digest ${d.digestSeq} (head event ${d.headSeq}) has an invalid signature`);
    }
    previousSignature = d.signature;
  }
  if (anchor !== undefined && !digests.some((d) => d.headSeq === anchor.seq && d.headHash === anchor.hash)) {
    return fail(`the pruned prefix (up to event ${anchor.seq}) is not anchored by a signed digest`);
  }
  const bySeq = new Map(digests.map((d) => [d.headSeq, d]));
  let expectedSeq = (anchor?.seq ?? 0) + 1;
  let prevHash = anchor?.hash ?? genesisHash;
  let previous: StoredAuditEvent | undefined;
  let count = 0;
  let firstSeq: number | undefined;
  for (let page = await store.scan(expectedSeq - 1, pageSize); page.length > 0; page = await store.scan(expectedSeq - 1, pageSize)) {
    for (const e of page) {
      firstSeq ??= e.seq;
      const after = previous ? ` after ${describe(previous)}` : '';
      if (e.seq !== expectedSeq) {
        return fail(`event ${expectedSeq} is missing: ${describe(e)} comes next${after}; an event was removed`, e, { events: count });
      }
      if (e.prevHash !== prevHash) {
        const predecessor = previous ? describe(previous) : 'the start of the trail';
        return fail(`${describe(e)} does not follow ${predecessor}: an event before it was changed, removed, inserted or reordered`, e, { events: count });
      }
      if (chainHash(prevHash, e.json) !== e.hash || !columnsMatch(e)) {
        return fail(`${describe(e)} was changed: its content does not match its hash`, e, { events: count });
      }
      const digest = bySeq.get(e.seq);
      if (digest !== undefined && digest.headHash !== e.hash) {
        return fail(`${describe(e)} differs from what signed digest ${digest.digestSeq} recorded`, e, { events: count });
      }
      prevHash = e.hash;
      previous = e;
      expectedSeq += 1;
      count += 1;
    }
  }
  const lastSeq = expectedSeq - 1;
  const beyond = digests.find((d) => d.headSeq > lastSeq);
  if (beyond !== undefined) {
    return fail(`event ${beyond.headSeq}, signed in digest ${beyond.digestSeq}, is missing: events were removed from the end of the trail`, undefined, { events: count });
  }
  const lastDigest = digests.at(-1);
  return {
    ok: true, events: count, digests: digests.length, unsignedTail: lastSeq - Math.max(lastDigest?.headSeq ?? 0, anchor?.seq ?? 0),
    ...(firstSeq !== undefined ? { firstSeq, lastSeq } : {}),
  };
}
