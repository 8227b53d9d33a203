/**
 * `trent audit verify|lookup|export --data-dir D`: read the audit trail of a data folder, also
 * while a server runs on it (SQLite WAL lets readers in beside the writer).
 *
 * Exit codes: 0 success; 1 a user error or, for verify, a trail that does not check out (the
 * message names the first bad event).
 */
import { Command, InvalidArgumentError } from 'commander';
import { openAuditTools, StartupError, type AuditTools } from '../app.js';
import { defaults, envNames } from '../config/serve-config.js';

interface CommonFlags { dataDir?: string; rootKeyFile?: string }

function fail(message: string): never {
  process.stderr.write(`trent: ${message}\n`);
  process.exit(1);
}

/** ISO 8601 (`2026-12-01T21:00:00Z`) or epoch seconds, as `aws cloudtrail lookup-events` accepts. */
export function parseTime(text: string): number {
  const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text);
  if (!Number.isFinite(ms)) throw new InvalidArgumentError('give an ISO 8601 time (2026-12-01T21:00:00Z) or epoch seconds.');
  return ms;
}

function parseMax(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new InvalidArgumentError('give a whole number, at least 1.');
  return Number(text);
}

async function withTools<T>(flags: CommonFlags, use: (tools: AuditTools) => Promise<T>): Promise<T> {
  const rootKeyFile = flags.rootKeyFile ?? process.env[envNames.rootKeyFile];
  const rootKey = process.env[envNames.rootKey];
  let tools: AuditTools;
  try {
    tools = await openAuditTools({
      dataDir: flags.dataDir ?? process.env[envNames.dataDir] ?? defaults.dataDir,
      ...(rootKeyFile ? { rootKeyFile } : {}),
      ...(rootKey ? { rootKey } : {}),
    });
  } catch (error) {
    if (error instanceof StartupError) fail(error.message);
    throw error;
  }
  try {
    return await use(tools);
  } finally {
    await tools.close();
  }
}

function common(command: Command): Command {
  return command
    .option('--data-dir <dir>', `the server's data folder (${envNames.dataDir}, default ${defaults.dataDir})`)
    .option('--root-key-file <file>', `root key, to check the digest signing key too (${envNames.rootKeyFile} or ${envNames.rootKey}; a dev folder's own root.key is found)`);
}

/** Adds `trent audit …` to the program. */
export function addAuditCommand(program: Command): void {
  const audit = program.command('audit').description('verify, search and export the audit trail (CloudTrail format)');
  common(audit.command('verify').description('check the hash chain and every signed digest; exit 1 naming the first bad event'))
    .action(async (flags: CommonFlags) => {
      const report = await withTools(flags, (tools) => tools.verify());
      if (!report.ok) fail(`audit trail verification FAILED: ${report.problem}`);
      const range = report.firstSeq !== undefined ? ` (events ${report.firstSeq}-${report.lastSeq})` : '';
      const key = report.signingKey === 'checked' ? 'signing key checked under the root key'
        : 'signing key NOT checked (no root key given): digests checked against the public key stored in the database';
      process.stdout.write(`audit trail OK: ${report.events} events${range}, ${report.digests} signed digests, `
        + `${report.unsignedTail} newest events not yet in a digest; ${key}\n`);
    });
  common(audit.command('lookup').description('print matching events as JSON lines, newest first (like aws cloudtrail lookup-events)'))
    .option('--key-id <key>', 'key id or key ARN the event names in its resources')
    .option('--event-name <name>', 'operation name, e.g. Decrypt')
    .option('--principal <arn>', "caller ARN (userIdentity.arn), e.g. arn:aws:iam::111122223333:root")
    .option('--start-time <time>', 'events at or after this time (ISO 8601 or epoch seconds)', parseTime)
    .option('--end-time <time>', 'events at or before this time', parseTime)
    .option('--max <n>', 'at most this many events (default 50)', parseMax)
    .action(async (flags: CommonFlags & { keyId?: string; eventName?: string; principal?: string; startTime?: number; endTime?: number; max?: number }) => {
      const events = await withTools(flags, (tools) => tools.lookup({
        limit: flags.max ?? 50,
        ...(flags.keyId !== undefined ? { keyArn: flags.keyId } : {}),
        ...(flags.eventName !== undefined ? { eventName: flags.eventName } : {}),
        ...(flags.principal !== undefined ? { principalArn: flags.principal } : {}),
        ...(flags.startTime !== undefined ? { startTimeMs: flags.startTime } : {}),
        ...(flags.endTime !== undefined ? { endTimeMs: flags.endTime } : {}),
      }));
      process.stdout.write(events.map((e) => JSON.stringify(e) + '\n').join(''));
    });
  common(audit.command('export').description('write gzipped CloudTrail log files ({"Records":[…]}) and manifest.json for a SIEM'))
    .requiredOption('--out <dir>', 'folder to write AWSLogs/… and manifest.json into')
    .action(async (flags: CommonFlags & { out: string }) => {
      const manifest = await withTools(flags, (tools) => tools.exportTo(flags.out));
      process.stdout.write(`exported ${manifest.records} events in ${manifest.files.length} files to ${flags.out} (manifest.json)\n`);
    });
}
