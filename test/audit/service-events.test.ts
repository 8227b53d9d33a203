/**
 * Issue 18 item 2: what Trent does on its own is recorded as AwsServiceEvent records through the
 * hook the running server exposes (`serviceEvents`), into the same chain as API calls. The lifecycle
 * scheduler (rotation, deletion, expiry of imported material) calls this hook.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditTools } from '../../src/app.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { allRecords, auditOf } from './helpers.js';

let server: TestServer;
let tools: AuditTools;
before(async () => {
  server = await startTestServer();
  tools = await auditOf(server.dataDir);
});
after(async () => {
  await tools.close();
  await server.close();
});

test('RotateKey, DeleteKey and DeleteExpiredKeyMaterial service events join the chain, and it still verifies', async () => {
  const key = (await server.raw('CreateKey', {})).body.KeyMetadata;
  const hook = server.trent.serviceEvents!;
  const stored = { arn: key.Arn as string, accountId: server.accountId, region: server.region };
  await hook.recordServiceEvent({ eventName: 'RotateKey', key: stored, additionalEventData: { keyMaterialId: 'new-material' } });
  await hook.recordServiceEvent({ eventName: 'DeleteExpiredKeyMaterial', key: stored });
  await hook.recordServiceEvent({ eventName: 'DeleteKey', key: stored, responseElements: { keyId: key.Arn } });
  const records = await allRecords(tools);
  const service = records.filter((r) => r['eventType'] === 'AwsServiceEvent');
  assert.deepEqual(service.map((r) => r['eventName']), ['RotateKey', 'DeleteExpiredKeyMaterial', 'DeleteKey']);
  for (const record of service) {
    assert.deepEqual(record['userIdentity'], { accountId: server.accountId, invokedBy: 'AWS Internal' });
    assert.deepEqual(record['resources'], [{ accountId: server.accountId, type: 'AWS::KMS::Key', ARN: key.Arn }]);
    assert.equal(record['readOnly'], false);
  }
  assert.deepEqual(service[2]!['responseElements'], { keyId: key.Arn });
  assert.equal((await tools.verify()).ok, true);
});
