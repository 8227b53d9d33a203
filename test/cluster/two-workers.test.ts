/**
 * Issue 16 items 1 and 2 on a real `trent serve --workers 2` child: every worker serves the one
 * database, and what one worker writes the other sees on its very next request, although both
 * cache key records and aliases (docs/workers.md). Each test holds one keep-alive connection to each
 * worker and checks the `x-trent-worker` header of every reply, so "the other worker" is a fact,
 * not a hope. Then: concurrent CreateAlias of one name through both workers, and a worker killed
 * with SIGKILL is replaced while the server keeps answering.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { spawnServer, type SpawnedServer } from '../helpers/spawn-server.js';
import { connectionsToWorkers, readyWorkers, untilWorkerReady, type WorkerConnection } from '../helpers/workers.js';

let server: SpawnedServer;
let one: WorkerConnection;
let two: WorkerConnection;

before(async () => {
  server = await spawnServer({ dev: true, args: ['--workers', '2'] });
  const [first, second] = await connectionsToWorkers(server.endpoint, [1, 2]);
  one = first!;
  two = second!;
});

after(async () => {
  one?.close();
  two?.close();
  await server?.close();
});

const plaintext = Buffer.from('across workers').toString('base64');

async function createKey(via: WorkerConnection): Promise<string> {
  const reply = await via.send('CreateKey', { Description: 'two workers' });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body.KeyMetadata.Arn as string;
}

test('/healthz and the start-up line report 2 workers', async () => {
  assert.match(server.stderr(), /listening on http:\/\/127\.0\.0\.1:\d+ \(dev mode, any credentials accepted; 2 workers; data in /);
  const health = await (await fetch(`${server.endpoint}/healthz`)).json() as { workers: number; worker: number };
  assert.equal(health.workers, 2);
  assert.ok([1, 2].includes(health.worker));
  assert.deepEqual([...readyWorkers(server).keys()].sort(), [1, 2]);
});

test('a key disabled through worker 1 is refused by the next Encrypt on worker 2, and re-enabled through 2 works on 1', async () => {
  const arn = await createKey(one);
  // Both workers have the key cached before the change.
  assert.equal((await two.send('Encrypt', { KeyId: arn, Plaintext: plaintext })).status, 200);
  assert.equal((await one.send('Encrypt', { KeyId: arn, Plaintext: plaintext })).status, 200);
  assert.equal((await one.send('DisableKey', { KeyId: arn })).status, 200);
  const refused = await two.send('Encrypt', { KeyId: arn, Plaintext: plaintext });
  assert.equal(refused.status, 400);
  assert.deepEqual(refused.body, { __type: 'DisabledException', message: `${arn} is disabled.` });
  assert.equal((await two.send('EnableKey', { KeyId: arn })).status, 200);
  assert.equal((await one.send('Encrypt', { KeyId: arn, Plaintext: plaintext })).status, 200);
});

test('an alias re-pointed through one worker resolves to the new key on the other at once', async () => {
  const [first, second] = [await createKey(one), await createKey(two)];
  const AliasName = `alias/moving-${Date.now()}`;
  assert.equal((await one.send('CreateAlias', { AliasName, TargetKeyId: first })).status, 200);
  assert.equal((await two.send('DescribeKey', { KeyId: AliasName })).body.KeyMetadata.Arn, first);
  assert.equal((await one.send('UpdateAlias', { AliasName, TargetKeyId: second })).status, 200);
  assert.equal((await two.send('DescribeKey', { KeyId: AliasName })).body.KeyMetadata.Arn, second);
  const encrypted = await two.send('Encrypt', { KeyId: AliasName, Plaintext: plaintext });
  assert.equal(encrypted.body.KeyId, second);
  assert.equal((await one.send('DeleteAlias', { AliasName })).status, 200);
  const gone = await two.send('DescribeKey', { KeyId: AliasName });
  assert.equal(gone.body.__type, 'NotFoundException');
});

test('tags and a description changed through one worker are what the other worker reports next', async () => {
  const arn = await createKey(two);
  assert.deepEqual((await one.send('ListResourceTags', { KeyId: arn })).body.Tags, []);
  assert.equal((await two.send('TagResource', { KeyId: arn, Tags: [{ TagKey: 'team', TagValue: 'blue' }] })).status, 200);
  assert.deepEqual((await one.send('ListResourceTags', { KeyId: arn })).body.Tags, [{ TagKey: 'team', TagValue: 'blue' }]);
  assert.equal((await one.send('UpdateKeyDescription', { KeyId: arn, Description: 'renamed' })).status, 200);
  assert.equal((await two.send('DescribeKey', { KeyId: arn })).body.KeyMetadata.Description, 'renamed');
});

test('CreateAlias of one name sent through both workers at once succeeds exactly once, ten times over', async () => {
  const arn = await createKey(one);
  for (let round = 0; round < 10; round++) {
    const AliasName = `alias/race-${Date.now()}-${round}`;
    const replies = await Promise.all([one, two].map((via) => via.send('CreateAlias', { AliasName, TargetKeyId: arn })));
    const statuses = replies.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 400], `round ${round}: ${JSON.stringify(replies)}`);
    const loser = replies.find((r) => r.status === 400)!;
    assert.deepEqual(loser.body, {
      __type: 'AlreadyExistsException',
      message: `An alias with the name arn:aws:kms:us-east-1:111122223333:${AliasName} already exists`,
    });
  }
});

test('a worker killed with SIGKILL is replaced, and the server keeps answering on both workers', async () => {
  const arn = await createKey(one);
  const pid = readyWorkers(server).get(1)!;
  one.close();
  process.kill(pid, 'SIGKILL');
  // node:cluster numbers the replacement 3.
  await untilWorkerReady(server, 3);
  one = (await connectionsToWorkers(server.endpoint, [3]))[0]!;
  const viaReplacement = await one.send('Encrypt', { KeyId: arn, Plaintext: plaintext });
  assert.equal(viaReplacement.status, 200);
  const decrypted = await two.send('Decrypt', { CiphertextBlob: viaReplacement.body.CiphertextBlob });
  assert.equal(decrypted.body.Plaintext, plaintext);
  assert.match(server.stderr(), /"msg":"worker exited; starting a replacement".*"worker":1.*"signal":"SIGKILL"/);
});
