import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PooledRandom } from '../../../src/platform/random.js';

test('pooled random bytes are never handed out twice, across refills', () => {
  const random = new PooledRandom();
  const seen = new Set<string>();
  // 5,000 × 44 bytes spans several 64 KiB refills; a repeated 44-byte value would mean reuse.
  for (let i = 0; i < 5_000; i++) {
    const value = random.bytes(44).toString('hex');
    assert.ok(!seen.has(value));
    seen.add(value);
  }
});

test('each call returns a buffer of its own of the asked size, small or large', () => {
  const random = new PooledRandom();
  const a = random.bytes(32);
  const b = random.bytes(32);
  a.fill(0);
  assert.equal(b.length, 32);
  assert.notDeepEqual(b, Buffer.alloc(32));
  assert.equal(random.bytes(1024).length, 1024);
  assert.equal(random.bytes(0).length, 0);
});

test('the bytes look uniformly random (byte frequencies within a wide bound)', () => {
  const random = new PooledRandom();
  const counts = new Array<number>(256).fill(0);
  for (let i = 0; i < 1_000; i++) for (const byte of random.bytes(256)) counts[byte]!++;
  // 256,000 bytes: each value expected 1,000 times; ±25% is a > 7σ bound.
  for (const count of counts) assert.ok(count > 750 && count < 1250, String(count));
});

test('bytes and uuid work when passed around as plain functions', () => {
  const { bytes, uuid } = new PooledRandom();
  assert.equal(bytes(16).length, 16);
  assert.match(uuid(), /^[0-9a-f-]{36}$/);
});
