/**
 * Issue 18 item 1: every API call, successful or not, produces exactly one CloudTrail record with
 * the documented fields, and no record, database page or log line holds a plaintext, data key or
 * ciphertext the calls used. Real server, real SQLite, requests over HTTP.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { operationNames, type OperationName } from '../../src/api/generated/operations.js';
import { jsonLogger } from '../../src/platform/logger.js';
import { handlers } from '../../src/service/handlers.js';
import { isImplemented } from '../../src/service/operations/not-implemented.js';
import type { AuditTools } from '../../src/app.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { allRecords, assertApiCallShape, auditOf, recordsOfRequest } from './helpers.js';
import { randomBytes } from 'node:crypto';
import { wrapForImport } from '../helpers/wrap-material.js';

let server: TestServer;
let tools: AuditTools;
const logLines: string[] = [];
/** Every secret value the calls send or receive, base64 as on the wire. */
const secrets: string[] = [];

before(async () => {
  server = await startTestServer({ logger: jsonLogger('debug', (line) => logLines.push(line)) });
  tools = await auditOf(server.dataDir);
});
after(async () => {
  await tools.close();
  await server.close();
});

const b64 = (text: string): string => Buffer.from(text).toString('base64');

/** Calls `target` and returns the reply and its one record (asserting there is exactly one). */
async function callAndRecord(target: string, body: unknown): Promise<{ reply: any; status: number; record: Record<string, any> }> {
  const response = await server.raw(target, body);
  const requestId = response.headers.get('x-amzn-requestid')!;
  const records = await recordsOfRequest(tools, requestId);
  assert.equal(records.length, 1, `${target}: exactly one record for request ${requestId}`);
  return { reply: response.body, status: response.status, record: records[0]! };
}

describe('one record per call', () => {
  test('every served operation writes exactly one record with the documented fields', async () => {
    const created = await callAndRecord('CreateKey', { Description: 'audited', Tags: [{ TagKey: 'team', TagValue: 'blue' }] });
    const keyId: string = created.reply.KeyMetadata.KeyId;
    const arn: string = created.reply.KeyMetadata.Arn;
    const other = (await callAndRecord('CreateKey', {})).reply.KeyMetadata.Arn as string;
    const plaintext = b64('audit-plaintext-4f1d');
    secrets.push(plaintext);
    const encrypted = await callAndRecord('Encrypt', { KeyId: keyId, Plaintext: plaintext, EncryptionContext: { purpose: 'audit' } });
    const blob: string = encrypted.reply.CiphertextBlob;
    secrets.push(blob);
    const calls: Array<[OperationName, unknown]> = [
      ['DescribeKey', { KeyId: keyId }],
      ['ListKeys', {}],
      ['UpdateKeyDescription', { KeyId: keyId, Description: 'renamed' }],
      ['DisableKey', { KeyId: other }],
      ['EnableKey', { KeyId: other }],
      ['Decrypt', { CiphertextBlob: blob, EncryptionContext: { purpose: 'audit' } }],
      ['ReEncrypt', { CiphertextBlob: blob, SourceEncryptionContext: { purpose: 'audit' }, DestinationKeyId: other }],
      ['GenerateDataKey', { KeyId: keyId, KeySpec: 'AES_256' }],
      ['GenerateDataKeyWithoutPlaintext', { KeyId: keyId, NumberOfBytes: 32 }],
      ['GenerateRandom', { NumberOfBytes: 32 }],
      ['CreateAlias', { AliasName: 'alias/audited', TargetKeyId: keyId }],
      ['UpdateAlias', { AliasName: 'alias/audited', TargetKeyId: other }],
      ['ListAliases', {}],
      ['DeleteAlias', { AliasName: 'alias/audited' }],
      ['TagResource', { KeyId: keyId, Tags: [{ TagKey: 'env', TagValue: 'test' }] }],
      ['UntagResource', { KeyId: keyId, TagKeys: ['env'] }],
      ['ListResourceTags', { KeyId: keyId }],
      ['GetKeyPolicy', { KeyId: keyId }],
      ['PutKeyPolicy', { KeyId: keyId, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }] }) }],
      ['ListKeyPolicies', { KeyId: keyId }],
      ['GetKeyLastUsage', { KeyId: keyId }],
    ];
    // Issue 15's key specs: a signing key, an HMAC key and a key-agreement key.
    const signing = (await server.raw('CreateKey', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })).body.KeyMetadata.Arn as string;
    const hmac = (await server.raw('CreateKey', { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })).body.KeyMetadata.Arn as string;
    const agreement = (await server.raw('CreateKey', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' })).body.KeyMetadata.Arn as string;
    const message = b64('signed message 5e2a');
    secrets.push(message);
    const signature = (await server.raw('Sign', { KeyId: signing, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' })).body.Signature as string;
    const mac = (await server.raw('GenerateMac', { KeyId: hmac, Message: message, MacAlgorithm: 'HMAC_SHA_256' })).body.Mac as string;
    const { publicKey: peer } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    secrets.push(signature, mac);
    calls.push(
      ['Sign', { KeyId: signing, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' }],
      ['Verify', { KeyId: signing, Message: message, Signature: signature, SigningAlgorithm: 'ECDSA_SHA_256' }],
      ['GetPublicKey', { KeyId: signing }],
      ['GenerateMac', { KeyId: hmac, Message: message, MacAlgorithm: 'HMAC_SHA_256' }],
      ['VerifyMac', { KeyId: hmac, Message: message, Mac: mac, MacAlgorithm: 'HMAC_SHA_256' }],
      ['GenerateDataKeyPair', { KeyId: keyId, KeyPairSpec: 'ECC_NIST_P256' }],
      ['GenerateDataKeyPairWithoutPlaintext', { KeyId: keyId, KeyPairSpec: 'ECC_NIST_P256' }],
      ['DeriveSharedSecret', { KeyId: agreement, KeyAgreementAlgorithm: 'ECDH', PublicKey: peer.export({ type: 'spki', format: 'der' }).toString('base64') }],
    );
    // Issue 14's lifecycle: rotation on `keyId`, deletion of a doomed key, import into an EXTERNAL key.
    const doomed = (await server.raw('CreateKey', {})).body.KeyMetadata.Arn as string;
    const external = (await server.raw('CreateKey', { Origin: 'EXTERNAL' })).body.KeyMetadata.Arn as string;
    const params = (await server.raw('GetParametersForImport', { KeyId: external, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })).body;
    const material = randomBytes(32);
    secrets.push(material.toString('base64'));
    const wrapped = wrapForImport('RSAES_OAEP_SHA_256', Buffer.from(params.PublicKey, 'base64'), material).toString('base64');
    calls.push(
      ['EnableKeyRotation', { KeyId: keyId, RotationPeriodInDays: 90 }],
      ['GetKeyRotationStatus', { KeyId: keyId }],
      ['RotateKeyOnDemand', { KeyId: keyId }],
      ['ListKeyRotations', { KeyId: keyId }],
      ['DisableKeyRotation', { KeyId: keyId }],
      ['ScheduleKeyDeletion', { KeyId: doomed, PendingWindowInDays: 7 }],
      ['CancelKeyDeletion', { KeyId: doomed }],
      ['GetParametersForImport', { KeyId: external, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }],
      ['ImportKeyMaterial', { KeyId: external, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }],
      ['DeleteImportedKeyMaterial', { KeyId: external }],
    );
    // Issue 17's grants: two grants on `keyId`, one retired and one revoked by the rows below.
    const grantBody = { KeyId: keyId, GranteePrincipal: 'arn:aws:iam::111122223333:user/bob', RetiringPrincipal: 'arn:aws:iam::111122223333:root', Operations: ['Decrypt'] };
    const toRetire = (await server.raw('CreateGrant', grantBody)).body.GrantId as string;
    const toRevoke = (await server.raw('CreateGrant', grantBody)).body.GrantId as string;
    calls.push(
      ['CreateGrant', grantBody],
      ['ListGrants', { KeyId: keyId }],
      ['ListRetirableGrants', { RetiringPrincipal: 'arn:aws:iam::111122223333:root' }],
      ['RetireGrant', { KeyId: keyId, GrantId: toRetire }],
      ['RevokeGrant', { KeyId: keyId, GrantId: toRevoke }],
    );
    const keyOf: Partial<Record<string, string>> = {
      UpdateAlias: other, EnableKey: other, DisableKey: other, Sign: signing, Verify: signing, GetPublicKey: signing,
      GenerateMac: hmac, VerifyMac: hmac, DeriveSharedSecret: agreement,
      ScheduleKeyDeletion: doomed, CancelKeyDeletion: doomed,
      GetParametersForImport: external, ImportKeyMaterial: external, DeleteImportedKeyMaterial: external,
    };
    const covered = new Set<string>(['CreateKey', 'Encrypt', ...calls.map(([name]) => name)]);
    const served = operationNames.filter((name) => isImplemented(handlers[name]));
    assert.deepEqual(served.filter((name) => !covered.has(name)), [], 'add a row here for every newly served operation');
    for (const [name, body] of calls) {
      if (!isImplemented(handlers[name])) continue; // a row written ahead of its operation (GenerateDataKeyPair …)
      const { reply, status, record } = await callAndRecord(name, body);
      assert.equal(status, 200, `${name}: ${JSON.stringify(reply)}`);
      for (const value of [reply?.Plaintext, reply?.CiphertextBlob, reply?.PrivateKeyPlaintext, reply?.SharedSecret, reply?.Signature, reply?.Mac]) {
        if (typeof value === 'string') secrets.push(value);
      }
      assertApiCallShape(record, { eventName: name, requestId: record['requestID'] });
      assert.equal(record['readOnly'], !handlers[name].spec.mutates, `${name} readOnly`);
      assert.deepEqual(record['userIdentity'], {
        type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333',
        accessKeyId: 'AKIDTRENTTESTKEY0001',
      });
      // RetireGrant finds its key through the grant (it may be of another account), not the resolver.
      if (!['ListKeys', 'ListAliases', 'GenerateRandom', 'DeleteAlias', 'ListRetirableGrants', 'RetireGrant'].includes(name)) {
        const arns = (record['resources'] as Array<{ ARN: string; type: string }>).map((r) => r.ARN);
        assert.ok(arns.includes(keyOf[name] ?? arn), `${name} resources ${arns}`);
      }
    }
    assertApiCallShape(created.record, { eventName: 'CreateKey', requestId: created.record['requestID'] });
    assert.equal(created.record['readOnly'], false);
  });

  test('Encrypt is recorded as in the Developer Guide example: key, context and algorithm, never the plaintext', async () => {
    const key = (await server.raw('CreateKey', {})).body.KeyMetadata;
    const { record } = await callAndRecord('Encrypt', {
      KeyId: key.Arn, Plaintext: b64('another-secret-77'), EncryptionContext: { Department: 'Engineering' }, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    });
    secrets.push(b64('another-secret-77'));
    // https://docs.aws.amazon.com/kms/latest/developerguide/ct-encrypt.html
    assert.deepEqual(record['requestParameters'], {
      encryptionContext: { Department: 'Engineering' }, encryptionAlgorithm: 'SYMMETRIC_DEFAULT', keyId: key.Arn,
    });
    assert.equal(record['responseElements'], null);
    assert.deepEqual(record['resources'], [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: key.Arn }]);
    assert.deepEqual(Object.keys(record), [
      'eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent',
      'requestParameters', 'responseElements', 'requestID', 'eventID', 'readOnly', 'resources', 'eventType',
      'managementEvent', 'recipientAccountId', 'eventCategory',
    ]);
  });

  test('CreateKey records keyMetadata in responseElements with CloudTrail\'s member names and date format', async () => {
    const { reply, record } = await callAndRecord('CreateKey', { Description: 'meta' });
    const meta = record['responseElements'].keyMetadata;
    assert.equal(meta.AWSAccountId, '111122223333');
    assert.equal(meta.keyId, reply.KeyMetadata.KeyId);
    assert.equal(meta.arn, reply.KeyMetadata.Arn);
    assert.match(meta.creationDate, /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d:\d\d [AP]M$/);
    assert.deepEqual([meta.keyUsage, meta.keyState, meta.origin, meta.keyManager, meta.enabled], ['ENCRYPT_DECRYPT', 'Enabled', 'AWS_KMS', 'CUSTOMER', true]);
    assert.deepEqual(record['requestParameters'], { description: 'meta' });
  });

  test('a failed call is one record with errorCode and errorMessage, and the key it named', async () => {
    const key = (await server.raw('CreateKey', {})).body.KeyMetadata;
    await server.raw('DisableKey', { KeyId: key.KeyId });
    const { record, status } = await callAndRecord('Encrypt', { KeyId: key.KeyId, Plaintext: b64('never-stored-99') });
    secrets.push(b64('never-stored-99'));
    assert.equal(status, 400);
    assertApiCallShape(record, { eventName: 'Encrypt', requestId: record['requestID'], errorCode: 'DisabledException' });
    assert.equal(record['errorMessage'], `${key.Arn} is disabled.`);
    assert.deepEqual(record['resources'].map((r: { ARN: string }) => r.ARN), [key.Arn]);
  });

  test('validation, routing and authentication failures are recorded too, before the service', async () => {
    const invalid = await callAndRecord('Encrypt', { KeyId: 'alias/x', Plaintext: '' });
    assertApiCallShape(invalid.record, { eventName: 'Encrypt', requestId: invalid.record['requestID'], errorCode: 'ValidationException' });
    const unknown = await callAndRecord('NoSuchOperation', {});
    assertApiCallShape(unknown.record, { eventName: 'NoSuchOperation', requestId: unknown.record['requestID'], errorCode: 'UnknownOperationException' });
    const unsigned = await server.raw('Decrypt', {}, { sign: false });
    const [record] = await recordsOfRequest(tools, unsigned.headers.get('x-amzn-requestid')!);
    assertApiCallShape(record!, { eventName: 'Decrypt', requestId: record!['requestID'], errorCode: 'MissingAuthenticationTokenException' });
    assert.deepEqual(record!['userIdentity'], { type: 'Unknown' });
  });

  test('a DryRun is recorded with DryRunOperationException', async () => {
    const key = (await server.raw('CreateKey', {})).body.KeyMetadata;
    const { record } = await callAndRecord('Encrypt', { KeyId: key.KeyId, Plaintext: b64('dry-run-secret'), DryRun: true });
    secrets.push(b64('dry-run-secret'));
    assert.equal(record['errorCode'], 'DryRunOperationException');
  });
});

describe('no secrets in the trail, the database or the log', () => {
  test('the raw database files and every log line hold none of the plaintexts, data keys or ciphertexts', async () => {
    const gdk = await callAndRecord('GenerateDataKey', { KeyId: (await server.raw('CreateKey', {})).body.KeyMetadata.KeyId, NumberOfBytes: 32 });
    secrets.push(gdk.reply.Plaintext, gdk.reply.CiphertextBlob);
    const records = JSON.stringify(await allRecords(tools));
    const files = readdirSync(server.dataDir).filter((f) => f.startsWith('trent.db')).map((f) => readFileSync(join(server.dataDir, f)));
    assert.ok(files.length >= 1);
    const logs = logLines.join('');
    assert.ok(secrets.length >= 8);
    for (const secret of secrets) {
      const raw = Buffer.from(secret, 'base64');
      for (const form of [secret, raw.toString('hex')]) {
        assert.ok(!records.includes(form), 'record holds a secret');
        assert.ok(!logs.includes(form), 'log holds a secret');
      }
      for (const file of files) {
        assert.equal(file.indexOf(raw), -1, 'database holds the raw bytes of a secret');
        assert.equal(file.indexOf(Buffer.from(secret)), -1, 'database holds the base64 of a secret');
      }
    }
  });
});
