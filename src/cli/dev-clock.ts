/**
 * `trent dev clock [advance <duration>] --endpoint URL`: reads or moves a dev-mode server's clock
 * through `/_trent/dev/clock` (src/admin/dev-clock.ts), printing the server's new time. Durations
 * are a whole number with a unit: `45s`, `90m`, `12h`, `30d`, `2w`; a bare number is seconds.
 */
import type { Command } from 'commander';

const unitSeconds: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3_600, d: 86_400, w: 604_800 };

/** Seconds of a duration such as `30d`; throws a one-line Error otherwise. */
export function parseDuration(text: string): number {
  const match = /^(\d+)([smhdw]?)$/.exec(text.trim());
  if (!match) throw new Error(`invalid duration '${text}': use a whole number with s, m, h, d or w (e.g. 30d)`);
  const seconds = Number(match[1]) * (unitSeconds[match[2] || 's'] ?? 1);
  if (!Number.isSafeInteger(seconds)) throw new Error(`duration '${text}' is too long`);
  return seconds;
}

/** GET (no `advanceSeconds`) or POST to the clock endpoint; resolves with the printed line. */
export async function devClockRequest(endpoint: string, advanceSeconds?: number): Promise<string> {
  const url = `${endpoint.replace(/\/+$/, '')}/_trent/dev/clock`;
  let res: Response;
  try {
    res = advanceSeconds === undefined
      ? await fetch(url)
      : await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ advanceSeconds }) });
  } catch (error) {
    throw new Error(`cannot reach ${endpoint}: ${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message}`);
  }
  if (res.status === 404) throw new Error(`${endpoint} has no dev clock: is it a Trent server started with --dev?`);
  const body = (await res.json().catch(() => ({}))) as { now?: string; jobsRun?: number; message?: string };
  if (!res.ok || body.now === undefined) throw new Error(`the server refused: ${body.message ?? `HTTP ${res.status}`}`);
  return advanceSeconds === undefined ? body.now : `${body.now} (${body.jobsRun ?? 0} due jobs run)`;
}

function fail(message: string): never {
  process.stderr.write(`trent: ${message}\n`);
  process.exit(1);
}

/** Adds `trent dev clock now|advance` to the program. */
export function addDevCommand(program: Command): void {
  const clock = program
    .command('dev')
    .description('tools for dev-mode servers')
    .command('clock')
    .description('read or move the clock of a dev-mode server (the way to test rotation, deletion and expiry)');
  clock
    .command('now')
    .description("print the server's current time")
    .requiredOption('--endpoint <url>', 'the server, e.g. http://127.0.0.1:7733')
    .action(async (options: { endpoint: string }) => {
      process.stdout.write(`${await devClockRequest(options.endpoint).catch((error: Error) => fail(error.message))}\n`);
    });
  clock
    .command('advance <duration>')
    .description('move the clock forward and run what became due, e.g. 30d, 12h, 90m, 45s, 2w')
    .requiredOption('--endpoint <url>', 'the server, e.g. http://127.0.0.1:7733')
    .action(async (duration: string, options: { endpoint: string }) => {
      let seconds = 0;
      try {
        seconds = parseDuration(duration);
      } catch (error) {
        fail((error as Error).message);
      }
      process.stdout.write(`${await devClockRequest(options.endpoint, seconds).catch((error: Error) => fail(error.message))}\n`);
    });
}
