/**
 * README.md's access-control worked example (issue 17 "Done when") cannot go stale: this test reads
 * the files (`<!-- readme-example:file NAME -->` before a fenced block) and the console transcript
 * (`<!-- readme-example:transcript -->`) out of README.md, writes the files into a fresh folder,
 * starts a dev-mode server with the README's configuration, and runs the transcript's commands with
 * the stock AWS CLI in one bash session (so `KEY_ID=$(…)` carries over, as in the reader's shell).
 * Each `$ ` line must then print exactly the lines under it: on stdout with exit status 0, or, for
 * a line starting "An error occurred", on stderr with a non-zero status. `<key-id>` stands for the
 * key's id (the same key everywhere) and `<grant-id>` for a grant id.
 *
 * The only thing changed before running: the README's endpoint http://127.0.0.1:7733 becomes this
 * test server's. `set -o pipefail` makes `aws … | base64 -d > f` fail when aws fails.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { repoRoot } from '../helpers/spawn-server.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const readmeEndpoint = 'http://127.0.0.1:7733';

/** The files the README names, in order. */
const files = [...readme.matchAll(/<!-- readme-example:file (\S+) -->\n```\w*\n([\s\S]*?)\n```/g)].map((m) => ({ name: m[1]!, text: `${m[2]!}\n` }));

interface Step { readonly command: string; readonly expected: string }

/** The transcript: each `$ ` line and the output lines under it. */
function transcript(): Step[] {
  const m = /<!-- readme-example:transcript -->\n```console\n([\s\S]*?)\n```/.exec(readme);
  assert.ok(m, 'README.md has no readme-example:transcript block');
  const steps: { command: string; output: string[] }[] = [];
  for (const line of m[1]!.split('\n')) {
    if (line.startsWith('$ ')) steps.push({ command: line.slice(2), output: [] });
    else {
      assert.ok(steps.length > 0, `output before the first command: ${line}`);
      steps.at(-1)!.output.push(line);
    }
  }
  return steps.map((s) => ({ command: s.command, expected: s.output.join('\n') }));
}

const steps = transcript();
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The expected text as a whole-string pattern: `<key-id>` captures a key id, `<grant-id>` matches a grant id. */
function pattern(expected: string): RegExp {
  const parts = expected.split(/(<key-id>|<grant-id>)/).map((part) => {
    if (part === '<key-id>') return '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';
    if (part === '<grant-id>') return '[0-9a-f]{64}';
    return escape(part);
  });
  return new RegExp(`^${parts.join('')}$`);
}

interface Ran { readonly rc: number; readonly stdout: string; readonly stderr: string }

let server: TestServer;
let folder: string;
let ran: Ran[];
let keyId: string | undefined;

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'trent-readme-'));
  for (const f of files) writeFileSync(join(folder, f.name), f.text);
  server = await startTestServer({ dev: true, config: { configFile: join(folder, 'trent.yaml') } });
  const script = ['set -o pipefail', ...steps.map((s, i) => `{ ${s.command.replaceAll(readmeEndpoint, server.endpoint)}\n} >out.${i} 2>err.${i}; echo $? >rc.${i}`)].join('\n');
  writeFileSync(join(folder, 'transcript.sh'), `${script}\n`);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'], HOME: folder, AWS_CONFIG_FILE: join(folder, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(folder, 'aws-credentials'), AWS_MAX_ATTEMPTS: '1', AWS_PAGER: '',
  };
  await new Promise<void>((resolve, reject) => {
    execFile('bash', ['transcript.sh'], { cwd: folder, env, timeout: 180_000 }, (error, _out, err) => {
      if (error) reject(new Error(`transcript did not run: ${error.message}\n${err}`));
      else resolve();
    });
  });
  ran = steps.map((_s, i) => ({
    rc: Number(readFileSync(join(folder, `rc.${i}`), 'utf8').trim()),
    stdout: readFileSync(join(folder, `out.${i}`), 'utf8'),
    stderr: readFileSync(join(folder, `err.${i}`), 'utf8'),
  }));
});

after(async () => {
  await server?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

test('README.md holds the example: trent.yaml with two users, key-policy.json, a transcript with a grant, successes and failures', () => {
  assert.deepEqual(files.map((f) => f.name), ['trent.yaml', 'key-policy.json']);
  assert.equal((files[0]!.text.match(/- name: /g) ?? []).length, 2, 'two users');
  JSON.parse(files[1]!.text);
  assert.ok(steps.some((s) => s.command.includes('kms create-grant')));
  assert.ok(steps.filter((s) => s.expected.startsWith('An error occurred')).length >= 3);
  assert.ok(steps.filter((s) => s.expected !== '' && !s.expected.startsWith('An error occurred')).length >= 3);
});

describe('each README command prints what the README says', () => {
  steps.forEach((step, i) => {
    test(`$ ${step.command}`, () => {
      const r = ran[i]!;
      const fails = step.expected.startsWith('An error occurred');
      const [shown, other] = fails ? [r.stderr.trim(), r.stdout] : [r.stdout.replace(/\n$/, ''), r.stderr.trim()];
      if (fails) assert.notEqual(r.rc, 0, 'the README says this fails');
      else assert.equal(r.rc, 0, `exit ${r.rc}: ${r.stderr}`);
      assert.equal(other, '', fails ? 'nothing on stdout' : 'nothing on stderr');
      const m = pattern(step.expected).exec(shown);
      assert.ok(m, `printed:\n${shown}\nREADME says:\n${step.expected}`);
      if (m[1] !== undefined) {
        keyId ??= m[1];
        assert.equal(m[1], keyId, 'every <key-id> is the same key');
      }
    });
  });
});
