import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UnknownOperationException } from '../../../src/api/errors.js';
import { operationNames } from '../../../src/api/generated/operations.js';
import { routeTarget, targetPrefix } from '../../../src/protocol/router.js';
import { errorBody } from '../../../src/protocol/write-error.js';

test('every modelled operation is reachable as TrentService.<Operation>', () => {
  assert.equal(operationNames.length, 54);
  for (const name of operationNames) assert.equal(routeTarget(targetPrefix + name), name);
});

function assertUnknown(target: string | undefined): void {
  assert.throws(() => routeTarget(target), (e: unknown) => {
    assert.ok(e instanceof UnknownOperationException);
    assert.equal(e.name, 'UnknownOperationException');
    assert.equal(e.message, '');
    assert.equal(e.status, 400);
    assert.equal(errorBody(e), '{"__type":"UnknownOperationException"}');
    return true;
  });
}

test('a missing X-Amz-Target is UnknownOperationException with no message', () => {
  assertUnknown(undefined);
  assertUnknown('');
});

test('an unknown operation name is UnknownOperationException', () => {
  assertUnknown('TrentService.Frobnicate');
  assertUnknown('TrentService.');
});

test('a wrong service prefix or a different case is UnknownOperationException', () => {
  assertUnknown('KMS.Encrypt');
  assertUnknown('Encrypt');
  assertUnknown('trentservice.Encrypt');
  assertUnknown('TrentService.encrypt');
  assertUnknown(' TrentService.Encrypt');
  assertUnknown('TrentService.Encrypt, TrentService.Decrypt');
});

test('Object.prototype names are not operations', () => {
  for (const n of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) assertUnknown(targetPrefix + n);
});
