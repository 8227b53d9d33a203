/**
 * Issue 3 item 7: key material and secrets never reach disk in plaintext. A recording Random sees
 * every backing key, data key and secret the server generates; after real traffic through the SDK
 * the raw SQLite files (database, WAL, shared memory) are searched for each of them: zero hits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateKeyCommand, DecryptCommand, EncryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { systemRandom, type Random } from '../../src/platform/random.js';
import { adminCredentialsPath } from '../helpers/spawn-server.js';
import { startTestServer } from '../helpers/server.js';

function recordingRandom(): { random: Random; generated: Buffer[] } {
  const generated: Buffer[] = [];
  return {
    generated,
    random: {
      uuid: () => systemRandom.uuid(),
      bytes(n) {
        const out = systemRandom.bytes(n);
        generated.push(Buffer.from(out));
        return out;
      },
    },
  };
}

function databaseFiles(dataDir: string): Buffer {
  const files = readdirSync(dataDir).filter((name) => name.startsWith('trent.db'));
  assert.ok(files.includes('trent.db'));
  return Buffer.concat(files.map((name) => readFileSync(join(dataDir, name))));
}

for (const dev of [true, false]) {
  test(`${dev ? 'dev' : 'secure'} mode: no backing key, data key, plaintext or access-key secret appears in the raw database files`, async () => {
    const { random, generated } = recordingRandom();
    const rootKey = 'a'.repeat(64);
    const server = await startTestServer({ dev, random, ...(dev ? {} : { rootKey }) });
    try {
      const client = dev ? server.client() : (() => {
        const text = readFileSync(adminCredentialsPath(server.dataDir), 'utf8');
        const accessKeyId = /aws_access_key_id = (\S+)/.exec(text)![1]!;
        const secretAccessKey = /aws_secret_access_key = (\S+)/.exec(text)![1]!;
        return server.client({ accessKeyId, secretAccessKey });
      })();
      const secretPlaintext = Buffer.from('the launch codes are 0000 0000');
      const keyIds: string[] = [];
      for (let i = 0; i < 3; i++) keyIds.push((await client.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!);
      const dataKeys: Buffer[] = [];
      for (const KeyId of keyIds) {
        const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId, Plaintext: secretPlaintext }));
        await client.send(new DecryptCommand({ CiphertextBlob }));
        dataKeys.push(Buffer.from((await client.send(new GenerateDataKeyCommand({ KeyId, KeySpec: 'AES_256' }))).Plaintext!));
      }
      const disk = databaseFiles(server.dataDir);
      const backingKeys = generated.filter((b) => b.length === 32);
      assert.ok(backingKeys.length >= 3 + dataKeys.length, 'the recording saw the backing keys and data keys');
      for (const secret of [...backingKeys, ...dataKeys, secretPlaintext]) {
        assert.equal(disk.indexOf(secret), -1, 'a generated secret is on disk in plaintext');
      }
      if (!dev) {
        const adminSecret = /aws_secret_access_key = (\S+)/.exec(readFileSync(adminCredentialsPath(server.dataDir), 'utf8'))![1]!;
        assert.equal(disk.indexOf(Buffer.from(adminSecret)), -1, 'the admin secret is on disk in plaintext');
      }
      // The search is meaningful: the key ids are there, in plaintext, as they should be.
      assert.notEqual(disk.indexOf(Buffer.from(keyIds[0]!)), -1);
    } finally {
      await server.close();
    }
  });
}
