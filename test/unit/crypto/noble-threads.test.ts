/**
 * src/crypto/noble-threads.ts (issue 15 item 8): the worker-thread NobleWork gives byte-identical
 * results to the inline one (deterministic ECDSA and Ed25519ph signatures, ML-DSA key expansion),
 * agrees with it on Wycheproof vectors, and a thread that dies fails its pending operation cleanly
 * and is replaced.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { keySpecEntry, type EccKeySpecEntry, type MlDsaKeySpecEntry } from '../../../src/crypto/algorithms.js';
import { generateKeyMaterial, openKeyMaterial, openKeyMaterialOffThread, parsePublicKey } from '../../../src/crypto/key-material.js';
import { NobleThreadPool } from '../../../src/crypto/noble-threads.js';
import { inlineNoble } from '../../../src/crypto/noble-work.js';
import { hex, loadWycheproof } from '../../vectors/wycheproof.js';

const pool = new NobleThreadPool(2);
after(() => pool.close());

const curves = [['ECC_NIST_P256', 'sha256'], ['ECC_NIST_P384', 'sha384'], ['ECC_NIST_P521', 'sha512'], ['ECC_SECG_P256K1', 'sha256']] as const;

for (const [spec, hash] of curves) {
  test(`${spec}: ECDSA DIGEST on a thread is byte-identical to inline (RFC 6979) and verifies both ways`, async () => {
    const entry = keySpecEntry(spec) as EccKeySpecEntry;
    const opened = openKeyMaterial(entry, await generateKeyMaterial(entry, randomBytes));
    assert.equal(opened.kind, 'node');
    if (opened.kind !== 'node') return;
    const { rawPrivate, rawPublic } = opened.pair;
    const digest = createHash(hash).update('a message').digest();
    const threaded = await pool.ecdsaSignDigest(entry.nobleCurve, digest, rawPrivate!);
    const inline = await inlineNoble.ecdsaSignDigest(entry.nobleCurve, digest, rawPrivate!);
    assert.equal(Buffer.from(threaded).toString('hex'), Buffer.from(inline).toString('hex'));
    assert.equal(threaded[0], 0x30, 'a DER SEQUENCE');
    assert.equal(await pool.ecdsaVerifyDigest(entry.nobleCurve, digest, rawPublic!, inline), true);
    const tampered = Buffer.from(digest);
    tampered[0]! ^= 1;
    assert.equal(await pool.ecdsaVerifyDigest(entry.nobleCurve, tampered, rawPublic!, inline), false);
    assert.equal(await pool.ecdsaVerifyDigest(entry.nobleCurve, digest, rawPublic!, Buffer.of(1, 2, 3)), false, 'malformed DER answers false');
    // The caller's private key is not zeroed by the thread (only the thread's copy is).
    assert.notEqual(Buffer.from(rawPrivate!).toString('hex'), '00'.repeat(rawPrivate!.length));
  });
}

test('Ed25519ph on a thread is byte-identical to inline and verifies both ways', async () => {
  const entry = keySpecEntry('ECC_NIST_EDWARDS25519');
  const opened = openKeyMaterial(entry, await generateKeyMaterial(entry, randomBytes));
  if (opened.kind !== 'node') throw new Error('not a node key');
  const digest = createHash('sha512').update('a message').digest();
  const threaded = await pool.ed25519phSign(digest, opened.pair.rawPrivate!);
  const inline = await inlineNoble.ed25519phSign(digest, opened.pair.rawPrivate!);
  assert.equal(Buffer.from(threaded).toString('hex'), Buffer.from(inline).toString('hex'));
  assert.equal(await pool.ed25519phVerify(digest, opened.pair.rawPublic!, inline), true);
  assert.equal(await pool.ed25519phVerify(digest, opened.pair.rawPublic!, Buffer.alloc(64)), false);
});

for (const level of [44, 65, 87]) {
  test(`ML-DSA-${level}: expansion on a thread equals inline; signatures cross-verify RAW and EXTERNAL_MU`, async () => {
    const entry = keySpecEntry(`ML_DSA_${level}`) as MlDsaKeySpecEntry;
    const seed = randomBytes(32);
    const threaded = await openKeyMaterialOffThread(entry, seed, pool);
    const inline = openKeyMaterial(entry, seed);
    if (threaded.kind !== 'ml-dsa' || inline.kind !== 'ml-dsa') throw new Error('not ML-DSA');
    assert.equal(Buffer.from(threaded.pair.secretKey).toString('hex'), Buffer.from(inline.pair.secretKey).toString('hex'));
    assert.equal(threaded.pair.spki.toString('hex'), inline.pair.spki.toString('hex'));
    assert.notEqual(seed.toString('hex'), '00'.repeat(32), "the caller's seed is left to the caller");
    for (const [externalMu, message] of [[false, Buffer.from('a message')], [true, randomBytes(64)]] as const) {
      const fromThread = await pool.mlDsaSign(entry.parameterSet, inline.pair.secretKey, message, externalMu);
      const fromInline = await inlineNoble.mlDsaSign(entry.parameterSet, inline.pair.secretKey, message, externalMu);
      assert.equal(await inlineNoble.mlDsaVerify(entry.parameterSet, inline.pair.publicKey, message, fromThread, externalMu), true);
      assert.equal(await pool.mlDsaVerify(entry.parameterSet, inline.pair.publicKey, message, fromInline, externalMu), true);
      assert.equal(await pool.mlDsaVerify(entry.parameterSet, inline.pair.publicKey, message, fromInline, !externalMu), false);
    }
  });
}

test('Wycheproof ECDSA P-256 and secp256k1 DIGEST vectors: the thread answers as inline on every vector', async () => {
  let count = 0;
  for (const [file, spec] of [['ecdsa_secp256r1_sha256_test.json', 'ECC_NIST_P256'], ['ecdsa_secp256k1_sha256_test.json', 'ECC_SECG_P256K1']] as const) {
    const entry = keySpecEntry(spec) as EccKeySpecEntry;
    for (const group of loadWycheproof(file).testGroups) {
      const key = parsePublicKey(entry, hex(group['publicKeyDer']));
      const answers = await Promise.all(group.tests.map(async (v) => {
        const digest = createHash('sha256').update(hex(v['msg'])).digest();
        const sig = hex(v['sig']);
        return [v, await pool.ecdsaVerifyDigest(entry.nobleCurve, digest, key.rawPublic!, sig), await inlineNoble.ecdsaVerifyDigest(entry.nobleCurve, digest, key.rawPublic!, sig)] as const;
      }));
      for (const [v, threaded, inline] of answers) {
        assert.equal(threaded, inline, `${file} tcId ${v.tcId}`);
        assert.equal(threaded, v.result === 'valid', `${file} tcId ${v.tcId} ${v.comment}`);
        count++;
      }
    }
  }
  assert.ok(count > 900, `only ${count} vectors`);
});

test('Wycheproof ML-DSA-44 verify vectors (empty context): the thread answers as inline on every vector', async () => {
  const suite = loadWycheproof('mldsa_44_verify_test.json');
  let count = 0;
  for (const group of suite.testGroups) {
    const publicKey = hex(group['publicKey']);
    for (const v of group.tests) {
      if (String(v['ctx'] ?? '') !== '') continue;
      const threaded = await pool.mlDsaVerify('ml_dsa44', publicKey, hex(v['msg']), hex(v['sig']), false);
      const inline = await inlineNoble.mlDsaVerify('ml_dsa44', publicKey, hex(v['msg']), hex(v['sig']), false);
      assert.equal(threaded, inline, `tcId ${v.tcId}`);
      assert.equal(threaded, v.result === 'valid', `tcId ${v.tcId} ${v.comment}`);
      count++;
    }
  }
  assert.ok(count > 10, `only ${count} vectors`);
});

test('a failing operation rejects with a plain error and leaves the thread serving', async () => {
  const single = new NobleThreadPool(1);
  try {
    await assert.rejects(single.mlDsaExpand('ml_dsa44', Buffer.alloc(31)), { message: '@noble operation failed' });
    assert.equal(single.threadCount, 1);
    const expanded = await single.mlDsaExpand('ml_dsa44', Buffer.alloc(32, 7));
    assert.equal(expanded.publicKey.length, 1312); // FIPS 204 Table 2: ML-DSA-44 public key bytes
  } finally {
    await single.close();
  }
});

test('a thread that dies fails its pending operation cleanly and is replaced by the next one', async () => {
  const single = new NobleThreadPool(1);
  try {
    const entry = keySpecEntry('ML_DSA_87') as MlDsaKeySpecEntry;
    const pair = openKeyMaterial(entry, randomBytes(32));
    if (pair.kind !== 'ml-dsa') throw new Error('not ML-DSA');
    await single.mlDsaVerify('ml_dsa87', pair.pair.publicKey, Buffer.of(1), Buffer.of(1), false); // the thread is up
    const pending = single.mlDsaSign('ml_dsa87', pair.pair.secretKey, Buffer.from('m'), false);
    await single.killOneForTest();
    await assert.rejects(pending, { message: '@noble operation thread stopped' });
    assert.equal(single.threadCount, 0);
    const signature = await single.mlDsaSign('ml_dsa87', pair.pair.secretKey, Buffer.from('m'), false);
    assert.equal(single.threadCount, 1);
    assert.equal(await inlineNoble.mlDsaVerify('ml_dsa87', pair.pair.publicKey, Buffer.from('m'), signature, false), true);
  } finally {
    await single.close();
  }
});
