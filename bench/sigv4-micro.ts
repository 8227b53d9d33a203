/**
 * Micro-benchmark of SigV4 verification alone (issue 16 item 3): one realistic Encrypt request, signed
 * by the AWS SDK's own signer (@smithy/signature-v4) with the headers @aws-sdk/client-kms sends
 * (x-amz-content-sha256 included) and an encryption context in the body, is verified N times (default
 * 200,000) through both phases of the authenticator, exactly as protocol/server.ts calls them:
 * `headers(head)` then the body check. Prints wall-clock and CPU ns per verification. The signing
 * key is cached after the first request, as it is for every client after its first request of the day.
 *
 *   node --import tsx bench/sigv4-micro.ts [iterations] [--cli]
 *
 * `--cli` signs the request the way the AWS CLI does (content-type;host;x-amz-date;x-amz-target).
 * Speed lives here, never in a test: nothing is asserted but that every verification succeeds.
 */
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { ManualClock } from '../src/platform/clock.js';
import { createSigV4Authenticator } from '../src/protocol/sigv4.js';
import type { RequestHead } from '../src/protocol/authenticator.js';

const iterations = Number(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 200_000);
const cliStyle = process.argv.includes('--cli');
const SIGNING_MS = Date.UTC(2026, 11, 2, 12, 0, 0);
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/** node:crypto in the hash-constructor shape SignatureV4 expects. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    const key = secret === undefined || typeof secret === 'string' ? secret
      : ArrayBuffer.isView(secret) ? Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength) : Buffer.from(secret);
    this.hash = key === undefined ? createHash('sha256') : createHmac('sha256', key);
  }
  update(data: string | Uint8Array): void { this.hash.update(data); }
  async digest(): Promise<Uint8Array> { return this.hash.digest(); }
  reset(): void {}
}

const body = JSON.stringify({
  KeyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  Plaintext: Buffer.alloc(32, 0x5a).toString('base64'),
  EncryptionContext: { purpose: 'bench', tenant: 'tenant-0042' },
});
const headers: Record<string, string> = {
  'content-type': 'application/x-amz-json-1.1',
  'x-amz-target': 'TrentService.Encrypt',
  host: '127.0.0.1:8080',
};
if (!cliStyle) {
  Object.assign(headers, {
    'content-length': String(Buffer.byteLength(body)),
    'x-amz-user-agent': 'aws-sdk-js/3.1163.0',
    'user-agent': 'aws-sdk-js/3.1163.0 ua/2.1 os/linux#6.1.0 lang/js md/nodejs#20.20.2 api/kms#3.1163.0 m/N,E,e',
    'amz-sdk-invocation-id': '9460ed8f-9401-4a8f-a3b8-e36856d73669',
    'amz-sdk-request': 'attempt=1; max=3',
  });
}
const signer = new SignatureV4({ service: 'kms', region: 'us-east-1', credentials, sha256: NodeSha256, applyChecksum: !cliStyle });
const signed = await signer.sign(
  { method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 8080, path: '/', query: {}, headers, body },
  { signingDate: new Date(SIGNING_MS), ...(cliStyle ? { signableHeaders: new Set(['content-type', 'host', 'x-amz-date', 'x-amz-target']) } : {}) },
);
// As Node hands them over: names as sent, plus the connection header every keep-alive client adds.
const rawHeaders: string[] = [];
for (const [name, value] of Object.entries(signed.headers as Record<string, string>)) rawHeaders.push(name, value);
rawHeaders.push('Connection', 'keep-alive');
const head: RequestHead = { method: 'POST', url: '/', rawHeaders };
const bodyBytes = Buffer.from(body, 'utf8');

const identity = { secretAccessKey: credentials.secretAccessKey, accountId: '111122223333', principalArn: 'arn:aws:iam::111122223333:user/bench' };
const authenticate = createSigV4Authenticator({
  clock: new ManualClock(SIGNING_MS + 1000), mode: 'verify',
  credentials: { resolve: async (id) => (id === credentials.accessKeyId ? identity : undefined) },
});

async function run(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const checkBody = await authenticate.headers(head);
    if (checkBody(bodyBytes).accountId !== '111122223333') throw new Error('verification returned the wrong caller');
  }
}

await run(Math.min(20_000, iterations)); // warm-up: JIT and the signing-key cache
const started = process.hrtime.bigint();
const cpuStarted = process.cpuUsage();
await run(iterations);
const elapsedNs = Number(process.hrtime.bigint() - started);
const cpu = process.cpuUsage(cpuStarted);
// CPU time as well as wall time: on a shared 2-core box other processes stretch the wall clock.
const cpuNs = (cpu.user + cpu.system) * 1000;
console.log(`sigv4 verify (${cliStyle ? 'CLI-style' : 'SDK v3-style'} Encrypt, ${rawHeaders.length / 2} headers, ${bodyBytes.length} B body): ` +
  `${Math.round(elapsedNs / iterations)} ns/op wall, ${Math.round(cpuNs / iterations)} ns/op CPU, over ${iterations} iterations`);
