import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileDurably } from '../../../src/platform/durable-file.js';

function folder(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'trent-durable-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('writes the content with the given mode and leaves no temporary file', (t) => {
  const dir = folder(t);
  const path = join(dir, 'secret');
  writeFileDurably(path, 'one\n', 0o600);
  assert.equal(readFileSync(path, 'utf8'), 'one\n');
  assert.equal(statSync(path).mode & 0o777, 0o600);
  writeFileDurably(path, 'two\n', 0o600);
  assert.equal(readFileSync(path, 'utf8'), 'two\n');
  assert.deepEqual(readdirSync(dir), ['secret']);
});

test('exclusive never replaces an existing file: EEXIST, the old content stays, no temporary file', (t) => {
  const dir = folder(t);
  const path = join(dir, 'root.key');
  writeFileSync(path, 'first');
  assert.throws(() => writeFileDurably(path, 'second', 0o600, { exclusive: true }), { code: 'EEXIST' });
  assert.equal(readFileSync(path, 'utf8'), 'first');
  assert.deepEqual(readdirSync(dir), ['root.key']);
});

test('a folder that does not exist fails cleanly', (t) => {
  const dir = folder(t);
  assert.throws(() => writeFileDurably(join(dir, 'missing', 'file'), 'x', 0o600), { code: 'ENOENT' });
});

test('the temporary file has a random name: a file named after this PID (another process\'s) is neither used nor deleted', (t) => {
  const dir = folder(t);
  const path = join(dir, 'admin.credentials');
  const theirs = `${path}.${process.pid}.tmp`;
  writeFileSync(theirs, 'another process with the same PID is writing this');
  writeFileDurably(path, 'mine\n', 0o600);
  writeFileDurably(path, 'mine again\n', 0o600);
  assert.equal(readFileSync(path, 'utf8'), 'mine again\n');
  assert.equal(readFileSync(theirs, 'utf8'), 'another process with the same PID is writing this');
  assert.deepEqual(readdirSync(dir).sort(), ['admin.credentials', `admin.credentials.${process.pid}.tmp`]);
});
