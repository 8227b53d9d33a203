/**
 * Import tokens (GetParametersForImport → ImportKeyMaterial). A token is self-contained, so any
 * Trent process on the database accepts it and nothing is stored:
 *
 *     "TIT1" ‖ uint64 expiresMs ‖ uint8 len ‖ WrappingAlgorithm ‖ uint8 len ‖ WrappingKeySpec
 *       ‖ RootKey.seal(wrapping private key, DER PKCS#8)
 *
 * The seal's binding (purpose `import-token`) covers the key ARN, the expiry, the algorithm and the
 * key spec, so a token edited anywhere, or presented for another key, fails to open
 * (InvalidImportTokenException); a token that opens but is past its 24 hours is
 * ExpiredImportTokenException. The private key is opened only inside ImportKeyMaterial.
 */
import { ExpiredImportTokenException, InvalidImportTokenException } from '../api/generated/errors.js';
import { expiredImportToken, invalidImportToken } from '../domain/messages-lifecycle.js';
import type { Keyring } from './keyring.js';

const magic = Buffer.from('TIT1', 'ascii');

export interface ImportTokenContents {
  readonly expiresMs: number;
  readonly wrappingAlgorithm: string;
  readonly wrappingKeySpec: string;
  /** DER PKCS#8; the caller zeroes it after use. */
  readonly privateKeyDer: Buffer;
}

function bindingId(keyArn: string, expiresMs: number, algorithm: string, spec: string): string {
  return `${keyArn}\u0000${expiresMs}\u0000${algorithm}\u0000${spec}`;
}

function short(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.of(bytes.length), bytes]);
}

export function sealImportToken(keyring: Keyring, keyArn: string, contents: ImportTokenContents): Buffer {
  const { expiresMs, wrappingAlgorithm, wrappingKeySpec, privateKeyDer } = contents;
  const expiry = Buffer.alloc(8);
  expiry.writeBigUInt64BE(BigInt(expiresMs));
  const sealed = keyring.sealImportSecret(bindingId(keyArn, expiresMs, wrappingAlgorithm, wrappingKeySpec), privateKeyDer);
  return Buffer.concat([magic, expiry, short(wrappingAlgorithm), short(wrappingKeySpec), sealed]);
}

/** Opens a token presented for `keyArn` at `nowMs`; the AWS errors for a foreign, edited or old one. */
export function openImportToken(keyring: Keyring, keyArn: string, token: Uint8Array, nowMs: number): ImportTokenContents {
  const bytes = Buffer.from(token.buffer, token.byteOffset, token.byteLength);
  const invalid = () => new InvalidImportTokenException(invalidImportToken);
  if (bytes.length < 14 || !bytes.subarray(0, 4).equals(magic)) throw invalid();
  const expiresMs = Number(bytes.readBigUInt64BE(4));
  let at = 12;
  const readShort = (): string => {
    const length = bytes[at];
    if (length === undefined || at + 1 + length > bytes.length) throw invalid();
    const text = bytes.subarray(at + 1, at + 1 + length).toString('utf8');
    at += 1 + length;
    return text;
  };
  const wrappingAlgorithm = readShort();
  const wrappingKeySpec = readShort();
  const privateKeyDer = keyring.openImportSecret(bindingId(keyArn, expiresMs, wrappingAlgorithm, wrappingKeySpec), bytes.subarray(at));
  if (!privateKeyDer) throw invalid();
  if (nowMs >= expiresMs) {
    privateKeyDer.fill(0);
    throw new ExpiredImportTokenException(expiredImportToken);
  }
  return { expiresMs, wrappingAlgorithm, wrappingKeySpec, privateKeyDer };
}
