import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { handlers } from '../../src/service/handlers.js';
import { operationNames } from '../../src/api/generated/operations.js';
import { assertHandlersComplete } from '../../src/service/pipeline.js';

let server: TestServer;
before(async () => { server = await startTestServer(); });
after(() => server.close());

test('every one of the 54 modelled operations has a registry entry, and the start-up check refuses gaps and extras', () => {
  assert.deepEqual(Object.keys(handlers).sort(), [...operationNames].sort());
  assert.throws(() => assertHandlersComplete({ ...handlers, Bogus: handlers.Encrypt }), /unknown \[Bogus\]/);
  const { Encrypt: _, ...withoutEncrypt } = handlers;
  assert.throws(() => assertHandlersComplete(withoutEncrypt), /missing \[Encrypt\]/);
});

test('an operation Trent does not serve yet answers a 400 UnsupportedOperationException that names it', async () => {
  const res = await server.raw('ConnectCustomKeyStore', { CustomKeyStoreId: 'cks-1234567890abcdef0' });
  assert.deepEqual({ status: res.status, body: res.body }, {
    status: 400,
    body: { __type: 'UnsupportedOperationException', message: 'Trent does not support ConnectCustomKeyStore yet.' },
  });
});
