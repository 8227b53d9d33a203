/**
 * Issue 15, Tests → "Real clients": two npm packages people use with KMS signing keys, driven as
 * their READMEs show, against a real Trent over HTTP.
 *   - jwt-on-kms: JWTs signed with RSASSA_PSS_SHA_256 (its default) on an RSA_2048 SIGN_VERIFY key,
 *     verified by the package offline from GetPublicKey and, independently, by node:crypto.
 *   - @rumblefishdev/eth-signer-kms: an ethers v6 Signer over an ECC_SECG_P256K1 key (Sign with
 *     MessageType DIGEST, ECDSA_SHA_256; it turns KMS's DER signature into r, s, v). ethers recovers
 *     the signer's address from each signature, so a wrong digest handling, a non-DER signature or a
 *     wrong public key would fail here.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify as cryptoVerify, constants } from 'node:crypto';
import { CreateKeyCommand, GetPublicKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import * as jwtOnKms from 'jwt-on-kms';
import { KMSSigner, getEthAddressFromKMS } from '@rumblefishdev/eth-signer-kms';
import { Transaction, computeAddress, hexlify, verifyMessage, verifyTypedData } from 'ethers';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** jwt-on-kms prints each signed message with console.log; keep the test report readable. */
async function quietly<T>(run: () => Promise<T>): Promise<T> {
  const log = console.log;
  console.log = () => {};
  try {
    return await run();
  } finally {
    console.log = log;
  }
}

describe('third-party KMS signers against Trent', () => {
  let server: TestServer;
  let kms: KMSClient;
  before(async () => {
    server = await startTestServer();
    kms = server.client();
  });
  after(async () => server.close());

  describe('jwt-on-kms (RSASSA_PSS_SHA_256 JWTs)', () => {
    let keyId: string;
    before(async () => {
      const created = await kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }));
      keyId = created.KeyMetadata!.KeyId!;
      jwtOnKms.setClient(kms);
    });

    it('signs a JWT that the package verifies offline from the public key', async () => {
      const token = await quietly(() => jwtOnKms.sign({ sub: 'alice', scope: 'read' }, keyId, { expiresIn: 600 }));
      const result = await jwtOnKms.verify(token, keyId);
      assert.equal(result.error, undefined);
      assert.equal(result.isValid, true);
      assert.equal(result.payload?.['sub'], 'alice');
    });

    it('the JWT signature is RSA-PSS with a 32-byte salt, as node:crypto checks it', async () => {
      const token = await quietly(() => jwtOnKms.sign({ hello: 'world' }, keyId));
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const { PublicKey } = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
      const publicKey = createPublicKey({ key: Buffer.from(PublicKey!), format: 'der', type: 'spki' });
      const ok = cryptoVerify('sha256', Buffer.from(`${header}.${payload}`), {
        key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32,
      }, Buffer.from(signature, 'base64url'));
      assert.equal(ok, true);
    });

    it('a token whose payload was changed does not verify', async () => {
      const token = await quietly(() => jwtOnKms.sign({ role: 'reader' }, keyId));
      const [header, , signature] = token.split('.');
      const forged = `${header}.${Buffer.from(JSON.stringify({ role: 'admin' })).toString('base64url')}.${signature}`;
      const result = await jwtOnKms.verify(forged, keyId);
      assert.deepEqual({ isValid: result.isValid, error: result.error }, { isValid: false, error: 'Invalid signature' });
    });
  });

  describe('@rumblefishdev/eth-signer-kms (ethers v6 Signer, secp256k1 DIGEST signing)', () => {
    let keyId: string;
    let signer: KMSSigner;
    before(async () => {
      const created = await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_SECG_P256K1', KeyUsage: 'SIGN_VERIFY' }));
      keyId = created.KeyMetadata!.KeyId!;
      // Signing needs no chain: the provider is only used to send transactions.
      // (typed through the package's own signature: it sees ethers' CommonJS build, this file the ESM one).
      signer = await KMSSigner.create(null as unknown as Parameters<typeof KMSSigner.create>[0], keyId, kms);
    });

    it('derives the address of the key\'s public point', async () => {
      const { PublicKey } = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
      // The SPKI of a secp256k1 key ends with the 65-byte uncompressed point (SEC 1 §2.3.3).
      const point = Buffer.from(PublicKey!).subarray(-65);
      assert.equal(point[0], 0x04);
      const expected = computeAddress(hexlify(point));
      assert.equal(await getEthAddressFromKMS({ keyId, kmsInstance: kms }), expected);
      assert.equal(await signer.getAddress(), expected);
    });

    it('signMessage (EIP-191): ethers recovers the key\'s address', async () => {
      for (const message of ['hello from Trent', 'a second message, another digest']) {
        const signature = await signer.signMessage(message);
        assert.equal(verifyMessage(message, signature), signer.address);
      }
    });

    it('signTypedData (EIP-712): ethers recovers the key\'s address', async () => {
      const domain = { name: 'Trent', version: '1', chainId: 1, verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC' };
      const types = { Mail: [{ name: 'from', type: 'address' }, { name: 'contents', type: 'string' }] };
      const value = { from: signer.address, contents: 'Hello, Bob!' };
      const signature = await signer.signTypedData(domain, types, value);
      assert.equal(verifyTypedData(domain, types, value, signature), signer.address);
    });

    it('signTransaction (EIP-1559): the signed transaction is from the key\'s address', async () => {
      const serialized = await signer.signTransaction({
        type: 2, chainId: 11155111, nonce: 7, to: '0x000000000000000000000000000000000000dEaD', value: 1_000_000_000n,
        gasLimit: 21_000n, maxFeePerGas: 30_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n,
      });
      const parsed = Transaction.from(serialized);
      assert.equal(parsed.from, signer.address);
      assert.equal(parsed.nonce, 7);
      // Ethereum requires low-s signatures (EIP-2); ethers normalises KMS's s and picks v to match.
      assert.ok(BigInt(parsed.signature!.s) <= 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n);
    });
  });
});
