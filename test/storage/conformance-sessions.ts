/**
 * Conformance, part 5: STS role sessions (createSession, getSession, deleteExpiredSessions).
 * Registered by runRepositoryConformance in conformance.ts; not a test file on its own.
 */
import assert from 'node:assert/strict';
import type { RepoTest } from './conformance-helpers.js';
import { makeSession, t0Ms } from './records.js';

/** Registers the session tests. */
export function sessionConformance(it: RepoTest): void {
  it('createSession stores a session and getSession returns it field for field', async ({ repo }) => {
    const session = makeSession('ASIAEXAMPLE000000001');
    await repo.createSession(session);
    assert.deepEqual(await repo.getSession('ASIAEXAMPLE000000001'), session);
    assert.equal(await repo.getSession('ASIAEXAMPLE000000002'), undefined);
  });

  it('createSession with a taken access key id rejects and keeps the first session', async ({ repo }) => {
    const first = makeSession('ASIAEXAMPLE000000001');
    await repo.createSession(first);
    await assert.rejects(repo.createSession(makeSession('ASIAEXAMPLE000000001', { sessionName: 'other' })));
    assert.deepEqual(await repo.getSession('ASIAEXAMPLE000000001'), first);
  });

  it('deleteExpiredSessions deletes exactly the sessions expired at or before the time', async ({ repo }) => {
    await repo.createSession(makeSession('ASIAEXAMPLE000000001', { expiresMs: t0Ms + 10 }));
    await repo.createSession(makeSession('ASIAEXAMPLE000000002', { expiresMs: t0Ms + 20 }));
    await repo.createSession(makeSession('ASIAEXAMPLE000000003', { expiresMs: t0Ms + 30 }));
    assert.equal(await repo.deleteExpiredSessions(t0Ms + 20), 2);
    assert.equal(await repo.getSession('ASIAEXAMPLE000000002'), undefined);
    assert.ok(await repo.getSession('ASIAEXAMPLE000000003'));
    assert.equal(await repo.deleteExpiredSessions(t0Ms + 20), 0);
  });

  it('deleteExpiredSessions grows dataVersion when it deletes, and leaves it as it was when nothing is expired', async ({ repo }) => {
    // The scheduler prunes on every run in every process (jobs/scheduler.ts): an empty prune must
    // not tell every worker's cache that the data changed.
    await repo.createSession(makeSession('ASIAEXAMPLE000000001', { expiresMs: t0Ms + 10 }));
    const before = await repo.dataVersion();
    assert.equal(await repo.deleteExpiredSessions(t0Ms + 9), 0);
    assert.equal(await repo.dataVersion(), before);
    assert.equal(await repo.deleteExpiredSessions(t0Ms + 10), 1);
    assert.ok(await repo.dataVersion() > before);
  });

  it('dataVersion grows after createSession; a stored secret is not changed by mutating the record', async ({ repo }) => {
    const before = await repo.dataVersion();
    const session = makeSession('ASIAEXAMPLE000000001');
    await repo.createSession(session);
    assert.ok(await repo.dataVersion() > before);
    (session.sealedSecret as Uint8Array).fill(0);
    assert.deepEqual((await repo.getSession('ASIAEXAMPLE000000001'))?.sealedSecret, makeSession('x').sealedSecret);
  });

  it('sessions survive a reopen', async (opened, t) => {
    if (opened.reopen === undefined) {
      t.skip('this backend does not persist');
      return;
    }
    const session = makeSession('ASIAEXAMPLE000000001');
    await opened.repo.createSession(session);
    const again = await opened.reopen();
    assert.deepEqual(await again.getSession('ASIAEXAMPLE000000001'), session);
  });
}
