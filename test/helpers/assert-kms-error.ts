/**
 * Asserts that an SDK call failed with exactly this AWS error name and message: for an
 * AWS-compatible server the message is part of the contract (DESIGN.md habit 12).
 */
import assert from 'node:assert/strict';

export async function assertKmsError(promise: Promise<unknown>, name: string, message: string): Promise<void> {
  let error: unknown;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  assert.ok(error, `expected ${name} but the call succeeded`);
  const { name: actualName, message: actualMessage } = error as { name?: string; message?: string };
  assert.deepEqual({ name: actualName, message: actualMessage }, { name, message });
}
