import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InternalFailure, MissingAuthenticationTokenException, ValidationException } from '../../../src/api/errors.js';
import { InvalidCiphertextException, KMSInternalException, NotFoundException } from '../../../src/api/generated/errors.js';
import type { Logger, LogLevel } from '../../../src/platform/logger.js';
import { errorReply } from '../../../src/protocol/write-error.js';

function capturingLogger(): Logger & { lines: { level: LogLevel; msg: string; fields: Record<string, unknown> }[] } {
  const lines: { level: LogLevel; msg: string; fields: Record<string, unknown> }[] = [];
  return { lines, log: (level, msg, fields = {}) => { lines.push({ level, msg, fields }); } };
}

test('a KmsServiceError answers with its own status, __type and lowercase message', () => {
  const logger = capturingLogger();
  const reply = errorReply(new NotFoundException("Key 'arn:aws:kms:us-east-1:111122223333:key/x' does not exist"), 'req-1', logger);
  assert.equal(reply.status, 400);
  assert.deepEqual(JSON.parse(reply.body), {
    __type: 'NotFoundException', message: "Key 'arn:aws:kms:us-east-1:111122223333:key/x' does not exist",
  });
  assert.equal(logger.lines.length, 0);
});

test('an error with an empty message has no message member (InvalidCiphertextException as AWS sends it)', () => {
  const reply = errorReply(new InvalidCiphertextException(), 'req-1', capturingLogger());
  assert.equal(reply.status, 400);
  assert.equal(reply.body, '{"__type":"InvalidCiphertextException"}');
});

test('non-modelled front-end errors keep their status (400 MissingAuthenticationToken)', () => {
  const reply = errorReply(new MissingAuthenticationTokenException('Missing Authentication Token'), 'r', capturingLogger());
  assert.equal(reply.status, 400);
  assert.equal(reply.body, '{"__type":"MissingAuthenticationTokenException","message":"Missing Authentication Token"}');
  const v = errorReply(new ValidationException('1 validation error detected: x'), 'r', capturingLogger());
  assert.equal(v.status, 400);
  assert.equal(v.body, '{"__type":"ValidationException","message":"1 validation error detected: x"}');
});

test('a plain Error becomes InternalFailure 500 without its text, and is logged with the request id and stack', () => {
  const logger = capturingLogger();
  const reply = errorReply(new Error('boom: secret detail'), 'req-42', logger);
  assert.equal(reply.status, 500);
  assert.equal(reply.name, 'InternalFailure');
  assert.deepEqual(JSON.parse(reply.body), { __type: 'InternalFailure', message: 'We encountered an internal error. Please try again.' });
  assert.ok(!reply.body.includes('boom'));
  assert.equal(logger.lines.length, 1);
  const line = logger.lines[0]!;
  assert.equal(line.level, 'error');
  assert.equal(line.fields['requestId'], 'req-42');
  assert.equal(line.fields['errorMessage'], 'boom: secret detail');
  assert.match(String(line.fields['stack']), /boom: secret detail\n\s+at /);
});

test('a thrown non-Error value becomes InternalFailure and is logged', () => {
  const logger = capturingLogger();
  const reply = errorReply('a string', 'req-7', logger);
  assert.equal(reply.status, 500);
  assert.ok(!reply.body.includes('a string'));
  assert.equal(logger.lines[0]?.fields['errorValue'], 'a string');
  assert.equal(logger.lines[0]?.fields['requestId'], 'req-7');
});

test('a server-fault KmsServiceError is sent as is and logged for the operator', () => {
  const logger = capturingLogger();
  const reply = errorReply(new KMSInternalException('store unavailable'), 'req-9', logger);
  assert.equal(reply.status, 500);
  assert.equal(reply.body, '{"__type":"KMSInternalException","message":"store unavailable"}');
  assert.equal(logger.lines[0]?.level, 'error');
  assert.equal(logger.lines[0]?.fields['requestId'], 'req-9');
  assert.ok(new InternalFailure('x') instanceof Error);
});
