/**
 * Shared pieces of the storage conformance suite: what a backend's opener returns, the test-registering
 * function each part receives, and assertion helpers.
 */
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { Repository } from '../../src/storage/repository.js';

/** What a backend's opener gives the suite: a fresh, empty repository of its own. */
export interface OpenedRepository {
  readonly repo: Repository;
  /**
   * For durable backends: closes `repo` and opens the same storage again. Called at most once per
   * test; `cleanup` then releases the reopened one.
   */
  readonly reopen?: () => Promise<Repository>;
  /** Closes whatever is open and removes the storage. */
  readonly cleanup: () => Promise<void>;
}

/** Registers one conformance test that runs against a freshly opened repository. */
export type RepoTest = (title: string, body: (opened: OpenedRepository, t: TestContext) => Promise<void>) => void;

/** Asserts that `promise` rejects with an instance of `type` whose message is exactly `message`. */
export async function rejectsWith(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => Error,
  message: string,
): Promise<void> {
  const outcome = await promise.then(
    (value: unknown) => ({ value }),
    (error: unknown) => ({ error }),
  );
  assert.ok('error' in outcome, `expected a rejection with ${type.name}, but it resolved`);
  const { error } = outcome;
  assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
  assert.equal(error.message, message);
}

/**
 * Walks a paged listing from the start, passing each page's last name as the next `after`, until a
 * page comes back empty; returns the non-empty pages. Gives up after 1,000 pages (a cursor bug loops).
 */
export async function collectPages<T>(
  fetch: (after: string | undefined) => Promise<T[]>,
  nameOf: (item: T) => string,
): Promise<T[][]> {
  const pages: T[][] = [];
  let after: string | undefined;
  for (let i = 0; i < 1_000; i++) {
    const page = await fetch(after);
    const last = page.at(-1);
    if (last === undefined) return pages;
    pages.push(page);
    after = nameOf(last);
  }
  assert.fail('paging did not terminate within 1000 pages');
}
