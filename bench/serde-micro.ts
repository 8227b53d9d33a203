/**
 * Micro-benchmark of the wire work of one request (issue 16 item 3): decode + validate an Encrypt
 * request with an encryption context, and encode a GenerateDataKey result. "table walk" is the path
 * the server took before the generated serde (protocol/serde.ts decodeInput + protocol/validate.ts
 * validateInput + encodeOutput, kept as the reference); "generated" is the path it takes now
 * (api/generated/serde-*.ts through serde.ts's decodeOperationInput / encodeOperationOutput). Both
 * include JSON.parse of the body. The two are measured in the same process, in interleaved blocks,
 * after a warm-up, and reported in ns per operation.
 *
 * Usage: node --import tsx bench/serde-micro.ts [--iterations 200000]
 */
import { randomBytes } from 'node:crypto';
import { decodeInput, decodeOperationInput, encodeOperationOutput, encodeOutput } from '../src/protocol/serde.js';
import { validateInput, type ValidationFailure } from '../src/protocol/validate.js';

const flag = process.argv.indexOf('--iterations');
const iterations = flag === -1 ? 200_000 : Number(process.argv[flag + 1]);
if (!Number.isInteger(iterations) || iterations < 1000) throw new Error('--iterations must be an integer ≥ 1000');

const keyArn = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const encryptBody = Buffer.from(JSON.stringify({
  KeyId: keyArn,
  Plaintext: randomBytes(256).toString('base64'),
  EncryptionContext: { tenant: 'acme-corp', purpose: 'invoice-pdf', department: 'billing' },
}));
const dataKeyResult = {
  // Our symmetric blob for a 32-byte data key is about 150 bytes (docs/ciphertext-format.md).
  CiphertextBlob: randomBytes(150),
  Plaintext: randomBytes(32),
  KeyId: keyArn,
  KeyMaterialId: randomBytes(32).toString('hex'),
};

let sink = 0;

function tableWalk(part: 'decode' | 'encode' | 'both'): void {
  if (part !== 'encode') {
    const input = decodeInput('EncryptRequest', encryptBody);
    const failures = validateInput('EncryptRequest', input);
    if (failures.length > 0) throw new Error('unexpected failures');
    sink += Object.keys(input).length;
  }
  if (part !== 'decode') sink += encodeOutput('GenerateDataKeyResponse', dataKeyResult).length;
}

function generated(part: 'decode' | 'encode' | 'both'): void {
  if (part !== 'encode') {
    const failures: ValidationFailure[] = [];
    const input = decodeOperationInput('Encrypt', encryptBody, failures);
    if (failures.length > 0) throw new Error('unexpected failures');
    sink += Object.keys(input).length;
  }
  if (part !== 'decode') sink += encodeOperationOutput('GenerateDataKey', dataKeyResult).length;
}

/** Total nanoseconds of `n` calls. */
function time(fn: () => void, n: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - start);
}

// Same output from both, or the comparison means nothing.
if (encodeOutput('GenerateDataKeyResponse', dataKeyResult) !== encodeOperationOutput('GenerateDataKey', dataKeyResult)) {
  throw new Error('the two encoders disagree');
}

const blocks = 4;
const perBlock = Math.floor(iterations / blocks);
console.log(`node ${process.version}, ${blocks} interleaved blocks of ${perBlock} iterations per variant (${perBlock * blocks} in all)`);
for (const part of ['both', 'decode', 'encode'] as const) {
  const walk = (): void => tableWalk(part);
  const gen = (): void => generated(part);
  time(walk, 20_000); // warm-up: let both reach optimised code
  time(gen, 20_000);
  let walkNs = 0;
  let genNs = 0;
  for (let b = 0; b < blocks; b++) {
    walkNs += time(walk, perBlock);
    genNs += time(gen, perBlock);
  }
  const n = perBlock * blocks;
  const label = { both: 'decode+validate+encode', decode: 'decode+validate (Encrypt)', encode: 'encode (GenerateDataKey)' }[part];
  console.log(`${label.padEnd(28)} table walk ${(walkNs / n).toFixed(0).padStart(6)} ns/op   generated ${(genNs / n).toFixed(0).padStart(6)} ns/op   ` +
    `(${(walkNs / genNs).toFixed(2)}× faster)`);
}
if (sink === 0) console.log('(sink)');
