/**
 * platform/background-thread.ts: RSA key generation on a thread of lowered priority (issue 15
 * item 8). The key must be a valid RSA key of the asked size with e = 65537, and, on Linux, the
 * thread that made it must run 10 nice levels lower while the rest of the process keeps its priority.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { generateRsaPkcs8 } from '../../../src/platform/background-thread.js';

/** The nice value of each thread of this process (proc(5): field 19 of /proc/PID/task/TID/stat). */
function threadNiceValues(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[16]); // field 19 overall = the 17th after pid and comm
  });
}

describe('RSA key generation on the low-priority thread', () => {
  it('returns a PKCS#8 RSA key of the asked size with e = 65537', async () => {
    for (const bits of [2048, 3072]) {
      const der = await generateRsaPkcs8(bits);
      const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
      assert.equal(key.asymmetricKeyType, 'rsa');
      assert.equal(key.asymmetricKeyDetails?.modulusLength, bits);
      assert.equal(key.asymmetricKeyDetails?.publicExponent, 65537n);
    }
  });

  it('two keys are different', async () => {
    const [a, b] = await Promise.all([generateRsaPkcs8(2048), generateRsaPkcs8(2048)]);
    assert.notDeepEqual(a, b);
  });

  it('runs 10 nice levels below the process (at most 19) while the main thread keeps its own', { skip: process.platform !== 'linux' }, async () => {
    await generateRsaPkcs8(2048); // the thread exists from now on
    const nice = threadNiceValues();
    const main = Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')[16]);
    assert.equal(nice.filter((n) => n === Math.min(19, main + 10)).length >= 1, true, `thread nice values: ${nice.join(', ')}`);
    assert.equal(nice.filter((n) => n === main).length >= 1, true);
  });
});
