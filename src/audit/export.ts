/**
 * `trent audit export`: writes the trail as CloudTrail log files, gzipped `{"Records":[…]}` under
 * CloudTrail's own layout and names, so SIEM tools that ingest CloudTrail's S3 bucket ingest these
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html):
 *
 *   AWSLogs/<account>/CloudTrail/<region>/<YYYY>/<MM>/<DD>/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz
 *
 * plus `manifest.json` listing every file with its record count, seq range and SHA-256, and the
 * chain head the export ends at.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AuditStore, StoredAuditEvent } from '../storage/audit-store.js';

/** Records per log file (CloudTrail delivers files of a few minutes each; size is the bound here). */
const recordsPerFile = 1000;
const pageSize = 1000;

export interface ExportedFile {
  readonly path: string;
  readonly records: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly sha256: string;
}

export interface ExportManifest {
  readonly exportedAt: string;
  readonly records: number;
  readonly headSeq: number | null;
  readonly headHash: string | null;
  readonly files: ExportedFile[];
}

interface Group { account: string; region: string; day: string; events: StoredAuditEvent[] }

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Writes every stored event under `outDir`; returns the manifest it also wrote. */
export async function exportTrail(store: Pick<AuditStore, 'scan'>, outDir: string, nowMs: number): Promise<ExportManifest> {
  const files: ExportedFile[] = [];
  let groups = new Map<string, Group>();
  let total = 0;
  let last: StoredAuditEvent | undefined;
  const flush = (group: Group): void => {
    if (group.events.length === 0) return;
    const first = group.events[0]!;
    const t = new Date(first.eventTimeMs);
    const stamp = `${t.getUTCFullYear()}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}T${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}Z`;
    const folder = join('AWSLogs', group.account, 'CloudTrail', group.region, ...group.day.split('-'));
    const name = `${group.account}_CloudTrail_${group.region}_${stamp}_trent${String(first.seq).padStart(11, '0')}.json.gz`;
    // Records are the stored JSON texts, byte for byte: what was hashed is what is exported.
    const body = gzipSync(`{"Records":[${group.events.map((e) => e.json).join(',')}]}`);
    mkdirSync(join(outDir, folder), { recursive: true });
    writeFileSync(join(outDir, folder, name), body);
    files.push({
      path: join(folder, name).split('\\').join('/'), records: group.events.length, firstSeq: first.seq,
      lastSeq: group.events.at(-1)!.seq, sha256: createHash('sha256').update(body).digest('hex'),
    });
    group.events = [];
  };
  for (let page = await store.scan(0, pageSize); page.length > 0; page = await store.scan(last!.seq, pageSize)) {
    for (const event of page) {
      const record = JSON.parse(event.json) as { recipientAccountId?: string; awsRegion?: string; eventTime?: string };
      const account = record.recipientAccountId ?? 'unknown';
      const region = record.awsRegion ?? 'unknown';
      const day = (record.eventTime ?? new Date(event.eventTimeMs).toISOString()).slice(0, 10);
      const id = `${account}/${region}/${day}`;
      let group = groups.get(id);
      if (group === undefined) {
        group = { account, region, day, events: [] };
        groups.set(id, group);
      }
      group.events.push(event);
      if (group.events.length >= recordsPerFile) flush(group);
      total += 1;
      last = event;
    }
    if (groups.size > 64) {
      for (const group of groups.values()) flush(group);
      groups = new Map();
    }
  }
  for (const group of groups.values()) flush(group);
  const manifest: ExportManifest = {
    exportedAt: new Date(nowMs).toISOString(), records: total,
    headSeq: last?.seq ?? null, headHash: last?.hash ?? null, files,
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
