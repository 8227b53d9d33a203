/**
 * Issue 18 item 4: change, delete, reorder or insert one event directly in the database, and
 * `trent audit verify` (the real CLI, as a child process) exits 1 naming it; untouched, it exits 0.
 * Each case works on its own copy of one trail written by a real server.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { chainHash, generateAuditSigningKey } from '../../src/crypto/audit-chain.js';
import { runTrent } from '../helpers/spawn-server.js';
import { startTestServer } from '../helpers/server.js';

let pristine: string;
const copies: string[] = [];

before(async () => {
  const server = await startTestServer();
  const kms = server.raw.bind(server);
  const key = (await kms('CreateKey', { Description: 'tamper' })).body.KeyMetadata;
  for (let i = 0; i < 4; i++) await kms('Encrypt', { KeyId: key.KeyId, Plaintext: Buffer.from(`p${i}`).toString('base64') });
  await kms('DescribeKey', { KeyId: key.KeyId });
  await kms('DescribeKey', { KeyId: 'alias/missing' });
  await kms('ListKeys', {});
  // Closing signs a last digest over the head: the trail has 8 events, all covered.
  await server.trent.close();
  pristine = mkdtempSync(join(tmpdir(), 'trent-tamper-'));
  cpSync(server.dataDir, pristine, { recursive: true });
  await server.close();
});
after(() => {
  for (const dir of [pristine, ...copies]) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the trail with `change` applied to its database. */
function tampered(change: (db: Database.Database) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'trent-tamper-copy-'));
  copies.push(dir);
  cpSync(pristine, dir, { recursive: true });
  const db = new Database(join(dir, 'trent.db'));
  try {
    change(db);
  } finally {
    db.close();
  }
  return dir;
}

function eventId(db: Database.Database, seq: number): string {
  return (db.prepare('SELECT event_id FROM audit_events WHERE seq = ?').get(seq) as { event_id: string }).event_id;
}

async function verify(dir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runTrent(['audit', 'verify', '--data-dir', dir]);
}

describe('trent audit verify', () => {
  test('an untouched trail passes: exit 0, every event and digest checked, signing key checked under the dev root key', async () => {
    const run = await verify(pristine);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^audit trail OK: 8 events \(events 1-8\), 1 signed digests, 0 newest events not yet in a digest; signing key checked under the root key\n$/);
  });

  test('an event changed in place is named', async () => {
    let id = '';
    const dir = tampered((db) => {
      id = eventId(db, 5);
      db.prepare(`UPDATE audit_events SET json = replace(json, '"readOnly":true', '"readOnly":false') WHERE seq = 5`).run();
    });
    const run = await verify(dir);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, `trent: audit trail verification FAILED: event 5 (eventID ${id}) was changed: its content does not match its hash\n`);
  });

  test('an event changed and re-hashed is caught at the next event, which names it', async () => {
    let id = '';
    const dir = tampered((db) => {
      id = eventId(db, 3);
      const row = db.prepare('SELECT prev_hash, json FROM audit_events WHERE seq = 3').get() as { prev_hash: string; json: string };
      const json = row.json.replace('"Encrypt"', '"Decrypt"');
      db.prepare('UPDATE audit_events SET json = ?, event_name = ?, hash = ? WHERE seq = 3').run(json, 'Decrypt', chainHash(row.prev_hash, json));
    });
    const run = await verify(dir);
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`^trent: audit trail verification FAILED: event 4 \\(eventID [0-9a-f-]+\\) does not follow event 3 \\(eventID ${id}\\)`));
  });

  test('a deleted event is named by its seq', async () => {
    const dir = tampered((db) => { db.prepare('DELETE FROM audit_events WHERE seq = 4').run(); });
    const run = await verify(dir);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /FAILED: event 4 is missing: event 5 \(eventID [0-9a-f-]+\) comes next after event 3 /);
  });

  test('a deleted event with the rest renumbered is caught where the links break', async () => {
    let next = '';
    const dir = tampered((db) => {
      next = eventId(db, 5);
      db.prepare('DELETE FROM audit_events WHERE seq = 4').run();
      db.prepare('UPDATE audit_events SET seq = seq + 1000 WHERE seq > 4').run();
      db.prepare('UPDATE audit_events SET seq = seq - 1001 WHERE seq > 1000').run();
    });
    const run = await verify(dir);
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`FAILED: event 4 \\(eventID ${next}\\) does not follow event 3 `));
  });

  test('two events swapped are named', async () => {
    let moved = '';
    const dir = tampered((db) => {
      moved = eventId(db, 6);
      db.prepare('UPDATE audit_events SET seq = 1000 WHERE seq = 3').run();
      db.prepare('UPDATE audit_events SET seq = 3 WHERE seq = 6').run();
      db.prepare('UPDATE audit_events SET seq = 6 WHERE seq = 1000').run();
    });
    const run = await verify(dir);
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`FAILED: event 3 \\(eventID ${moved}\\) does not follow event 2 `));
  });

  test('an inserted event, correctly chained to its predecessor, is named as the one the next event does not follow', async () => {
    const forgedId = '00000000-0000-4000-8000-000000000000';
    const dir = tampered((db) => {
      const prev = db.prepare('SELECT hash, json FROM audit_events WHERE seq = 3').get() as { hash: string; json: string };
      const json = prev.json.replace(/"eventID":"[^"]+"/, `"eventID":"${forgedId}"`);
      db.prepare('UPDATE audit_events SET seq = seq + 1000 WHERE seq >= 4').run();
      db.prepare('UPDATE audit_events SET seq = seq - 999 WHERE seq > 1000').run();
      db.prepare(`INSERT INTO audit_events (seq, event_id, event_time_ms, event_name, principal_arn, access_key_id, error_code, prev_hash, hash, json)
        SELECT 4, ?, event_time_ms, event_name, principal_arn, access_key_id, error_code, ?, ?, ? FROM audit_events WHERE seq = 3`)
        .run(forgedId, prev.hash, chainHash(prev.hash, json), json);
    });
    const run = await verify(dir);
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`FAILED: event 5 \\(eventID [0-9a-f-]+\\) does not follow event 4 \\(eventID ${forgedId}\\)`));
  });

  test('the newest event removed is caught by the digest that signed it', async () => {
    const dir = tampered((db) => { db.prepare('DELETE FROM audit_events WHERE seq = 8').run(); });
    const run = await verify(dir);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, 'trent: audit trail verification FAILED: event 8, signed in digest 1, is missing: events were removed from the end of the trail\n');
  });

  test('a signing key swapped for another is refused: its private half was not sealed under the root key', async () => {
    const dir = tampered((db) => {
      const other = generateAuditSigningKey();
      db.prepare("UPDATE meta SET value = ? WHERE name = 'audit-signing-key'").run(JSON.stringify({ publicKey: other.publicKey, sealed: 'AAAA' }));
    });
    const run = await verify(dir);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, 'trent: audit trail verification FAILED: the audit signing key stored in the database was not made under this root key: it was replaced\n');
  });

  test('without the root key the digests are checked against the stored public key, and a forged one fails', async () => {
    const dir = tampered((db) => {
      const other = generateAuditSigningKey();
      db.prepare("UPDATE meta SET value = ? WHERE name = 'audit-signing-key'").run(JSON.stringify({ publicKey: other.publicKey, sealed: 'AAAA' }));
    });
    rmSync(join(dir, 'root.key'));
    const run = await verify(dir);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, 'trent: audit trail verification FAILED: digest 1 (head event 8) has an invalid signature\n');
  });
});
