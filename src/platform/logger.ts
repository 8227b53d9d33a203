/**
 * Structured logging: one JSON object per line on stderr. Callers pass fields, never key material or
 * request bodies (NOTES.md: key material never reaches logs). Imports nothing of ours.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * A logger writing JSON lines to `out` (stderr by default) at or above `min`. `base` fields go on
 * every line (each worker process logs its `worker` id this way).
 */
export function jsonLogger(
  min: LogLevel = 'info', out: (line: string) => void = (l) => process.stderr.write(l), base: Record<string, unknown> = {},
): Logger {
  return {
    log(level, msg, fields) {
      if (order[level] < order[min]) return;
      out(JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, ...fields }) + '\n');
    },
  };
}

/** A logger that drops everything (tests that assert on nothing logged use a capturing one instead). */
export const silentLogger: Logger = { log() {} };
