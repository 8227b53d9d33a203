/**
 * Drives a dev-mode server's movable clock (`/_trent/dev/clock`) over real HTTP.
 */
import assert from 'node:assert/strict';

export const daySeconds = 86_400;

/** Moves the server's clock forward and returns its new time and the jobs it ran. */
export async function advanceClock(endpoint: string, seconds: number): Promise<{ now: Date; jobsRun: number }> {
  const res = await fetch(`${endpoint}/_trent/dev/clock`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ advanceSeconds: seconds }),
  });
  const body = (await res.json()) as { now: string; jobsRun: number; message?: string };
  assert.equal(res.status, 200, body.message);
  return { now: new Date(body.now), jobsRun: body.jobsRun };
}

/** The server's current time. */
export async function serverNow(endpoint: string): Promise<Date> {
  const res = await fetch(`${endpoint}/_trent/dev/clock`);
  assert.equal(res.status, 200);
  return new Date(((await res.json()) as { now: string }).now);
}
