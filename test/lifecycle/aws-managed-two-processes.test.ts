/**
 * The AWS managed key behind a predefined alias exists exactly once even when two Trent processes on
 * one SQLite file get their first DescribeKey at the same moment (issue 14 item 8): the key and the
 * alias are written in one transaction that writes nothing when the alias already exists
 * (Repository.createKeyWithAlias).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DescribeKeyCommand, KMSClient, ListAliasesCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { spawnServer, type SpawnedServer } from '../helpers/spawn-server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'trent-awsmanaged-'));
const servers: SpawnedServer[] = [];
after(async () => {
  for (const s of servers) await s.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const client = (endpoint: string): KMSClient =>
  new KMSClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

test('two processes, concurrent first DescribeKeys of alias/aws/s3 and alias/aws/ebs: one key each', async () => {
  const [a, b] = await Promise.all([spawnServer({ dev: true, dataDir }), spawnServer({ dev: true, dataDir })]);
  servers.push(a!, b!);
  const kmsA = client(a!.endpoint);
  const kmsB = client(b!.endpoint);
  const calls = [];
  for (let i = 0; i < 6; i++) {
    for (const alias of ['alias/aws/s3', 'alias/aws/ebs']) {
      calls.push(kmsA.send(new DescribeKeyCommand({ KeyId: alias })).then((r) => [alias, r.KeyMetadata!.KeyId!] as const));
      calls.push(kmsB.send(new DescribeKeyCommand({ KeyId: alias })).then((r) => [alias, r.KeyMetadata!.KeyId!] as const));
    }
  }
  const results = await Promise.all(calls);
  const s3 = new Set(results.filter(([alias]) => alias === 'alias/aws/s3').map(([, id]) => id));
  const ebs = new Set(results.filter(([alias]) => alias === 'alias/aws/ebs').map(([, id]) => id));
  assert.equal(s3.size, 1, 'one AWS managed key for alias/aws/s3');
  assert.equal(ebs.size, 1, 'one AWS managed key for alias/aws/ebs');
  const keys = (await kmsB.send(new ListKeysCommand({}))).Keys!.map((k) => k.KeyId);
  assert.deepEqual(keys.sort(), [...s3, ...ebs].sort(), 'no orphan key was stored by the loser');
  const aliases = (await kmsA.send(new ListAliasesCommand({}))).Aliases!;
  assert.equal(aliases.find((x) => x.AliasName === 'alias/aws/s3')!.TargetKeyId, [...s3][0]);
  assert.equal(aliases.find((x) => x.AliasName === 'alias/aws/ebs')!.TargetKeyId, [...ebs][0]);
});
