/**
 * `npm test`: finds test files (Node 20's `--test` cannot glob .ts files), runs them with node:test
 * in child processes (each gets tsx through execArgv), prints the spec report and a final
 * "N passed, N failed" line, and exits non-zero when anything failed or when zero tests ran.
 *
 * Usage: run-tests.ts [file-or-folder …]   (default: test/)
 *        TRENT_TEST_SKIP=clients,bench  leaves out folders by name
 */
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { availableParallelism } from 'node:os';

function findTests(path: string, out: string[]): void {
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path).sort()) findTests(join(path, entry), out);
  } else if (path.endsWith('.test.ts')) {
    out.push(path);
  }
}

const roots = process.argv.slice(2);
const files: string[] = [];
for (const root of roots.length > 0 ? roots : ['test']) findTests(root, files);
const skip = (process.env['TRENT_TEST_SKIP'] ?? '').split(',').filter(Boolean);
const selected = files.filter((f) => !skip.some((s) => relative('test', f).split('/').includes(s)));

let passed = 0;
let failed = 0;
let skipped = 0;
const stream = run({ files: selected, concurrency: Math.max(2, availableParallelism()), timeout: 5 * 60_000 });
stream.on('test:pass', (e: { skip?: unknown; todo?: unknown; details?: { type?: string } }) => {
  if (e.details?.type === 'suite') return;
  if (e.skip || e.todo) skipped++; else passed++;
});
stream.on('test:fail', (e: { details?: { type?: string; error?: { failureType?: string } } }) => {
  if (e.details?.type === 'suite' && e.details.error?.failureType === 'subtestsFailed') return;
  failed++;
});
stream.compose(spec as unknown as Parameters<typeof stream.compose>[0]).pipe(process.stdout);
stream.on('end', () => {
  setImmediate(() => {
    console.log(`\n${selected.length} test files`);
    console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
    if (passed === 0) console.log('no test ran: failing the run');
    process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
  });
});
