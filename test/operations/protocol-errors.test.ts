/**
 * Raw HTTP in → exact AWS JSON 1.1 error out, for everything the protocol layer rejects before or
 * after the service: serialization, validation, routing, authentication, internal failures.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { kms, startHarness, type Harness, type Reply } from './protocol-harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
  h.on('Encrypt', () => ({ CiphertextBlob: Buffer.from([1, 2, 3]), KeyId: 'arn:aws:kms:us-east-1:111122223333:key/k', EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' }));
  h.on('GenerateRandom', () => { throw new Error('boom'); });
});
after(() => h.close());

const requestIdPattern = /^00000000-0000-4000-8000-\d{12}$/;

function assertError(r: Reply, status: number, type: string, message?: string): void {
  assert.equal(r.status, status, r.text);
  assert.equal(r.headers.get('content-type'), 'application/x-amz-json-1.1');
  assert.match(r.headers.get('x-amzn-requestid') ?? '', requestIdPattern);
  assert.equal(r.headers.get('content-length'), String(Buffer.byteLength(r.text)));
  assert.deepEqual(r.json, message === undefined ? { __type: type } : { __type: type, message });
}

const E = 'TrentService.Encrypt';

test('Encrypt succeeds with JSON 1.1 headers and a base64 output', async () => {
  const r = await kms(h, E, { KeyId: 'k', Plaintext: 'aGk=' });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/x-amz-json-1.1');
  assert.match(r.headers.get('x-amzn-requestid') ?? '', requestIdPattern);
  assert.equal(r.headers.get('content-length'), String(Buffer.byteLength(r.text)));
  assert.equal(r.headers.get('connection'), 'keep-alive');
  assert.deepEqual(r.json, { CiphertextBlob: 'AQID', EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyId: 'arn:aws:kms:us-east-1:111122223333:key/k' });
  const call = h.calls.at(-1)!;
  assert.equal(call.name, 'Encrypt');
  assert.equal((call.input['Plaintext'] as Buffer).toString(), 'hi');
  assert.equal(call.info.caller.accountId, '111122223333');
  assert.equal(call.info.requestId, r.headers.get('x-amzn-requestid'));
  assert.equal(call.info.sourceIp, '127.0.0.1');
});

test('malformed JSON is SerializationException with no message', async () => {
  assertError(await kms(h, E, '{"KeyId": "k",'), 400, 'SerializationException');
  assertError(await kms(h, E, '[1,2]'), 400, 'SerializationException');
});

test('a number for KeyId is SerializationException', async () => {
  assertError(await kms(h, E, { KeyId: 42, Plaintext: 'aGk=' }), 400, 'SerializationException',
    'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String');
});

test('a string for NumberOfBytes is SerializationException', async () => {
  assertError(await kms(h, 'TrentService.GenerateDataKey', { KeyId: 'k', NumberOfBytes: '32' }), 400, 'SerializationException',
    'class java.lang.String can not be converted to an Integer');
});

test('an object for Plaintext is SerializationException', async () => {
  assertError(await kms(h, E, { KeyId: 'k', Plaintext: { a: 1 } }), 400, 'SerializationException',
    'Start of structure or map found where not expected.');
});

test('non-base64, junk and url-safe Plaintext are SerializationException and never echoed', async () => {
  assertError(await kms(h, E, { KeyId: 'k', Plaintext: 'hunter2' }), 400, 'SerializationException',
    'Value can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 7');
  assertError(await kms(h, E, { KeyId: 'k', Plaintext: 'aG\nk' }), 400, 'SerializationException',
    'Value can not be converted to a Blob: Invalid Base64 character');
  assertError(await kms(h, E, { KeyId: 'k', Plaintext: '-_8=' }), 400, 'SerializationException',
    'Value can not be converted to a Blob: Invalid Base64 character');
  assertError(await kms(h, E, { KeyId: 'k', Plaintext: 'aGl=' }), 400, 'SerializationException',
    'Value can not be converted to a Blob: Invalid last non-pad Base64 character dectected');
});

test('a missing KeyId is ValidationException', async () => {
  assertError(await kms(h, 'TrentService.DescribeKey', {}), 400, 'ValidationException',
    "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
});

test('an empty body is an empty input: every required member is reported at once', async () => {
  assertError(await kms(h, E, ''), 400, 'ValidationException',
    "2 validation errors detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null; "
    + "Value null at 'plaintext' failed to satisfy constraint: Member must not be null");
});

test('several failures in one message', async () => {
  assertError(await kms(h, E, { KeyId: '', Plaintext: '', EncryptionAlgorithm: 'AES' }), 400, 'ValidationException',
    "3 validation errors detected: Value 'AES' at 'encryptionAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, SM2PKE, SYMMETRIC_DEFAULT]; "
    + "Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1; "
    + "Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1");
});

test('a Plaintext over 4096 bytes is ValidationException that does not echo it', async () => {
  const secret = Buffer.alloc(4097, 'S');
  const r = await kms(h, E, { KeyId: 'k', Plaintext: secret.toString('base64') });
  assertError(r, 400, 'ValidationException',
    "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096");
  assert.ok(!r.text.includes('SSSS') && !r.text.includes(secret.toString('base64').slice(0, 16)));
});

test('enum, range and pattern failures', async () => {
  assertError(await kms(h, 'TrentService.GenerateMac', { KeyId: 'k', Message: 'bQ==', MacAlgorithm: 'INVALID' }), 400, 'ValidationException',
    "1 validation error detected: Value 'INVALID' at 'macAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [HMAC_SHA_384, HMAC_SHA_256, HMAC_SHA_224, HMAC_SHA_512]");
  assertError(await kms(h, 'TrentService.GenerateRandom', { NumberOfBytes: 1025 }), 400, 'ValidationException',
    "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024");
  assertError(await kms(h, 'TrentService.CreateAlias', { AliasName: 'alias/no spaces', TargetKeyId: 'k' }), 400, 'ValidationException',
    "1 validation error detected: Value 'alias/no spaces' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
});

test('an unknown or missing X-Amz-Target is UnknownOperationException', async () => {
  assertError(await kms(h, 'TrentService.Frobnicate', {}), 400, 'UnknownOperationException');
  assertError(await kms(h, 'KMS.Encrypt', {}), 400, 'UnknownOperationException');
  assertError(await kms(h, undefined, {}), 400, 'UnknownOperationException');
});

test('authentication runs first and its error is answered as is', async () => {
  assertError(await kms(h, 'TrentService.Frobnicate', 'not json', { 'x-test-auth': 'deny' }), 400,
    'MissingAuthenticationTokenException', 'Missing Authentication Token');
});

test("Error('boom') is a 500 InternalFailure without 'boom', logged with the request id", async () => {
  const r = await kms(h, 'TrentService.GenerateRandom', { NumberOfBytes: 16 });
  assertError(r, 500, 'InternalFailure', 'We encountered an internal error. Please try again.');
  assert.ok(!r.text.includes('boom'));
  const id = r.headers.get('x-amzn-requestid');
  const line = h.logs.find((l) => l.fields['requestId'] === id);
  assert.ok(line, 'logged with the request id');
  assert.equal(line.level, 'error');
  assert.equal(line.fields['errorMessage'], 'boom');
  assert.match(String(line.fields['stack']), /Error: boom/);
});

test('a __proto__ encryption context key reaches the service as data', async () => {
  const r = await kms(h, E, '{"KeyId":"k","Plaintext":"aGk=","EncryptionContext":{"__proto__":{"polluted":"yes"}}}');
  assertError(r, 400, 'SerializationException', 'Start of structure or map found where not expected.');
  const ok = await kms(h, E, '{"KeyId":"k","Plaintext":"aGk=","EncryptionContext":{"__proto__":"p","purpose":"t"}}');
  assert.equal(ok.status, 200);
  const ctx = h.calls.at(-1)!.input['EncryptionContext'] as Record<string, string>;
  assert.equal(Object.getPrototypeOf(ctx), null);
  assert.deepEqual(Object.entries(ctx), [['__proto__', 'p'], ['purpose', 't']]);
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
});

test('GET / and POST /other are UnknownOperationException with a clear message', async () => {
  const message = 'Trent serves the AWS KMS API only as POST / with an X-Amz-Target header.';
  for (const [method, path] of [['GET', '/'], ['POST', '/other'], ['PUT', '/']] as const) {
    const res = await fetch(new URL(path, h.url), { method, headers: { 'X-Amz-Target': E }, ...(method === 'GET' ? {} : { body: '{}' }) });
    const text = await res.text();
    assertError({ status: res.status, headers: res.headers, text, json: JSON.parse(text) as Record<string, unknown> },
      400, 'UnknownOperationException', message);
  }
});
