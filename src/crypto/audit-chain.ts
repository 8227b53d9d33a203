/**
 * The primitives of the tamper-evident audit trail: the hash chain over events and the Ed25519
 * signatures over digests of its head (the role of CloudTrail's log file integrity validation,
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html).
 *
 * Must never: hash anything but exact bytes given (the stored JSON text is what is chained), or
 * return the private key other than as DER for sealing under the root key.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';

/**
 * hash_n = SHA-256("trent audit chain v1" ‖ 0x0a ‖ hash_{n-1} (hex) ‖ 0x0a ‖ json_n), hex.
 * The fixed prefix separates this use of SHA-256 from any other; the previous hash is fixed-length
 * hex, so the boundary between it and the JSON is unambiguous.
 */
export function chainHash(prevHash: string, json: string): string {
  return createHash('sha256').update('trent audit chain v1\n').update(prevHash).update('\n').update(json).digest('hex');
}

/** The exact bytes a digest signature covers. */
export function digestMessage(headSeq: number, headHash: string, timeMs: number, prevSignature: string): Buffer {
  return Buffer.from(`trent audit digest v1\n${headSeq}\n${headHash}\n${timeMs}\n${prevSignature}`, 'utf8');
}

export interface AuditSigningKeyPair {
  /** SPKI DER, base64: stored in clear beside the trail. */
  readonly publicKey: string;
  /** PKCS#8 DER: seal it under the root key at once and drop it. */
  readonly privateKeyDer: Buffer;
}

/** A fresh Ed25519 key pair (RFC 8032) for signing digests. */
export function generateAuditSigningKey(): AuditSigningKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    privateKeyDer: privateKey.export({ type: 'pkcs8', format: 'der' }),
  };
}

/** The public key (SPKI DER base64) that belongs to a PKCS#8 DER private key. */
export function publicKeyOf(privateKeyDer: Uint8Array): string {
  const privateKey = createPrivateKey({ key: Buffer.from(privateKeyDer), format: 'der', type: 'pkcs8' });
  return createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64');
}

/** A signer holding the private key as a KeyObject only. */
export function digestSigner(privateKeyDer: Uint8Array): (message: Buffer) => string {
  const key = createPrivateKey({ key: Buffer.from(privateKeyDer), format: 'der', type: 'pkcs8' });
  // Ed25519 takes no digest algorithm: null is required (RFC 8032 PureEdDSA).
  return (message) => sign(null, message, key).toString('base64');
}

/** Whether `signature` (base64) is valid for `message` under the SPKI DER base64 `publicKey`. */
export function verifyDigestSignature(publicKey: string, message: Buffer, signature: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    return verify(null, message, key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
