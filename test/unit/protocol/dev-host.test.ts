import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptsHost } from '../../../src/protocol/dev-host.js';

test('loopback Host values are accepted with any port or none', () => {
  for (const host of ['localhost', 'Localhost:1', '127.0.0.1', '127.255.255.254:65535', '[::1]', '[::1]:7733']) {
    assert.equal(acceptsHost(host), true, host);
  }
});

test('every other Host value, and none, is refused', () => {
  for (const host of [undefined, '', 'attacker.example', 'localhost.attacker.example', '127.0.0.1.nip.io', '128.0.0.1', '127.0.0.256',
    '127.1', '0.0.0.0', '[::2]', '[::1', '[::1]x', 'localhost:', 'localhost:port', '[0:0:0:0:0:0:0:1]', '::1', ' localhost']) {
    assert.equal(acceptsHost(host), false, String(host));
  }
});
