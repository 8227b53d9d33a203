/**
 * The session tokens AssumeRole issues (service/sts/session-credentials.ts): base64 like AWS's, with
 * a fixed 16-character prefix by which dev mode tells a token of ours whose session was deleted
 * (refused) from a stranger's (the dev-mode root).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { systemRandom } from '../../../src/platform/random.js';
import { isIssuedSession, newSessionToken } from '../../../src/service/sts/session-credentials.js';

test('newSessionToken: base64 of the 12-byte mark and 96 random bytes; two tokens share only the prefix', () => {
  const a = newSessionToken(systemRandom);
  const b = newSessionToken(systemRandom);
  assert.match(a, /^[A-Za-z0-9+/]{144}$/);
  const bytes = Buffer.from(a, 'base64');
  assert.equal(bytes.length, 108);
  assert.equal(bytes.subarray(0, 12).toString('utf8'), 'trent-sts-v1');
  assert.equal(a.slice(0, 16), b.slice(0, 16));
  assert.notEqual(a.slice(16), b.slice(16));
});

test('isIssuedSession: an ASIA key with our token; not a long-term key, not a foreign token', () => {
  const token = newSessionToken(systemRandom);
  assert.equal(isIssuedSession('ASIAEXAMPLE000000001', token), true);
  assert.equal(isIssuedSession('AKIAEXAMPLE000000001', token), false);
  assert.equal(isIssuedSession('ASIAEXAMPLE000000001', 'IQoJb3JpZ2luX2VjEXAMPLE'), false);
  assert.equal(isIssuedSession('ASIAEXAMPLE000000001', token.slice(1)), false);
});
