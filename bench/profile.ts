/**
 * CPU profile of one Trent worker under load (issue 16 item 3): starts the compiled server
 * (`npm run build` first) with `--cpu-prof`, replays one signed request on 64 connections, stops the
 * server so it writes its profile, and prints where the `.cpuprofile` files are (open them in
 * Chrome DevTools, or aggregate their samples by function).
 *
 *   node --import tsx bench/profile.ts [Encrypt|Sign] [seconds] [--realistic-policy] [--audit-off]
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchTrent } from './launch.js';
import { measure } from './load.js';
import { call, signedHeaders } from './signing.js';
import { benchUser, realisticKeyPolicy, realisticPolicyArgs } from './realistic-policy.js';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const operation = args[0] ?? 'Encrypt';
const seconds = Number(args[1] ?? 8);
const realistic = process.argv.includes('--realistic-policy');
const out = mkdtempSync(join(tmpdir(), 'trent-profile-'));
const trent = await launchTrent({
  workers: 1, compiled: true, nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${out}`],
  extraArgs: [...(realistic ? realisticPolicyArgs() : []), ...(process.argv.includes('--audit-off') ? ['--audit', 'off'] : [])],
});
const admin = trent.credentials;
const user = realistic ? benchUser : admin;
const policy = realistic ? { Policy: realisticKeyPolicy() } : {};
let body: string;
if (operation === 'Sign') {
  const keyId = (await call(trent.endpoint, 'CreateKey', { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY', ...policy }, admin)).KeyMetadata.Arn;
  body = JSON.stringify({ KeyId: keyId, Message: Buffer.alloc(32, 1).toString('base64'), MessageType: 'RAW', SigningAlgorithm: 'RSASSA_PSS_SHA_256' });
} else {
  const keyId = (await call(trent.endpoint, 'CreateKey', policy, admin)).KeyMetadata.Arn;
  body = JSON.stringify({ KeyId: keyId, Plaintext: Buffer.alloc(32, 0x5a).toString('base64'), EncryptionContext: { purpose: 'bench', tenant: 'tenant-0042' } });
}
const m = await measure(trent.endpoint, { headers: await signedHeaders(trent.endpoint, operation, body, user), body }, 64, seconds);
await trent.stop();
console.log(`${operation}: ${Math.round(m.reqPerSec)} req/s, p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms, ${m.failures} failed`);
console.log(`profiles (main thread first): ${readdirSync(out).sort().map((f) => join(out, f)).join(' ')}`);
