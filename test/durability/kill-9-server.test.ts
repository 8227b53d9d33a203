/**
 * Issue 3 item 6: "a write that was acknowledged survives kill -9 of the server", with a real
 * process. Eight concurrent writers create keys, aliases and description updates through the SDK;
 * the server is SIGKILLed while writes are in flight; a new server on the same data folder must
 * have every acknowledged write, and every key it lists must be whole (usable for Encrypt).
 * Run with one process and with `--workers 2` (issue 16), where the writes go through both workers
 * and every process of the server (workers first, then the primary) is SIGKILLed at once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, EncryptCommand, KMSClient, ListKeysCommand, UpdateKeyDescriptionCommand,
} from '@aws-sdk/client-kms';
import { spawnServer } from '../helpers/spawn-server.js';
import { readyWorkers } from '../helpers/workers.js';

function clientFor(endpoint: string): KMSClient {
  return new KMSClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
}

for (const workerCount of [1, 2]) {
  test(`every write acknowledged before kill -9 is there after a restart, and nothing is half-written (${workerCount} worker${workerCount > 1 ? 's' : ''})`, { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'trent-kill9-'));
    try {
      const first = await spawnServer({ dev: true, dataDir, args: ['--workers', String(workerCount)] });
      const workerPids = workerCount > 1 ? [...readyWorkers(first).values()] : [];
      assert.equal(workerPids.length, workerCount > 1 ? workerCount : 0);
      const kms = clientFor(first.endpoint);
      // What each key's state was at its last acknowledgement, and the write in flight after it (if
      // any): a write that was sent but not acknowledged may or may not have landed.
      const acknowledged = new Map<string, { description: string; alias: string | undefined; inFlight?: string }>();
      let stop = false;
      const worker = async (w: number) => {
        for (let i = 0; !stop; i++) {
          let keyId: string | undefined;
          try {
            const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: `w${w}-${i}` }));
            keyId = KeyMetadata!.KeyId!;
            acknowledged.set(keyId, { description: `w${w}-${i}`, alias: undefined, inFlight: `w${w}-${i}-updated` });
            await kms.send(new UpdateKeyDescriptionCommand({ KeyId: keyId, Description: `w${w}-${i}-updated` }));
            acknowledged.set(keyId, { description: `w${w}-${i}-updated`, alias: undefined });
            await kms.send(new CreateAliasCommand({ AliasName: `alias/w${w}-${i}`, TargetKeyId: keyId }));
            acknowledged.set(keyId, { description: `w${w}-${i}-updated`, alias: `alias/w${w}-${i}` });
          } catch {
            return; // the server died mid-request: that request was never acknowledged
          }
        }
      };
      const workers = Array.from({ length: 8 }, (_, w) => worker(w));
      while (acknowledged.size < 150) await new Promise((r) => setTimeout(r, 10));
      for (const pid of workerPids) process.kill(pid, 'SIGKILL');
      first.kill('SIGKILL');
      stop = true;
      const exit = await first.exited;
      assert.equal(exit.signal, 'SIGKILL');
      await Promise.all(workers);
      kms.destroy();

      const second = await spawnServer({ dev: true, dataDir });
      const after = clientFor(second.endpoint);
      try {
        for (const [keyId, expected] of acknowledged) {
          const { KeyMetadata } = await after.send(new DescribeKeyCommand({ KeyId: keyId }));
          const allowed = [expected.description, ...(expected.inFlight ? [expected.inFlight] : [])];
          assert.ok(allowed.includes(KeyMetadata!.Description!), `${keyId}: ${KeyMetadata!.Description} not in ${allowed.join(', ')}`);
          if (expected.alias) {
            const viaAlias = await after.send(new DescribeKeyCommand({ KeyId: expected.alias }));
            assert.equal(viaAlias.KeyMetadata!.KeyId, keyId);
          }
        }
        // Nothing half-written: every key the restarted server lists has its key material.
        const { Keys } = await after.send(new ListKeysCommand({ Limit: 1000 }));
        assert.ok(Keys!.length >= acknowledged.size);
        for (const { KeyId } of Keys!) {
          await after.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from('still whole') }));
        }
      } finally {
        after.destroy();
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}
