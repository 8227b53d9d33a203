/**
 * TLS settings of the KMS listener (issue 13 item 1): the certificate chain and key it serves, the
 * optional client-certificate CA (mTLS), and the one policy every server uses.
 *
 * Policy: TLS 1.2 minimum, as NIST SP 800-52 Rev. 2 §3.1 requires of servers ("shall be configured
 * to use TLS 1.2 and should be configured to use TLS 1.3"); Node's default cipher list for TLS 1.2
 * offers only (EC)DHE suites with AES-GCM, ChaCha20-Poly1305 or AES-CBC-SHA2, all in the SP 800-52r2
 * §3.3.1 list, so it is kept as is. The material is re-read on SIGHUP (`setSecureContext`), which
 * only affects handshakes started afterwards: connections already open keep theirs.
 *
 * Owns: how certificate bytes become `tls` options. Must never: log or echo key bytes.
 */
import type { SecureContextOptions, TlsOptions } from 'node:tls';

/** PEM bytes the server presents and trusts; the composition root (src/app/startup-checks.ts) reads them from the configured files. */
export interface TlsMaterial {
  /** Certificate chain, leaf first (PEM). */
  readonly cert: Buffer;
  /** Private key of the leaf certificate (PEM). */
  readonly key: Buffer;
  /** CA bundle client certificates must chain to; when set, a client certificate is required. */
  readonly clientCa?: Buffer;
}

/** NIST SP 800-52r2 §3.1: nothing older than TLS 1.2. */
export const minimumTlsVersion = 'TLSv1.2';

/** The secure-context part: what SIGHUP replaces. */
export function secureContextOptions(material: TlsMaterial): SecureContextOptions {
  return {
    cert: material.cert,
    key: material.key,
    minVersion: minimumTlsVersion,
    ...(material.clientCa !== undefined ? { ca: material.clientCa } : {}),
  };
}

/**
 * Server options: the secure context plus client-certificate verification. With a client CA, a
 * client without a certificate chaining to it fails the handshake (no HTTP request is ever read).
 */
export function tlsServerOptions(material: TlsMaterial, handshakeTimeoutMs: number): TlsOptions {
  return {
    ...secureContextOptions(material),
    // A client must finish the handshake as fast as it must send its headers (slowloris guard;
    // Node's default is 120 s).
    handshakeTimeout: handshakeTimeoutMs,
    ...(material.clientCa !== undefined ? { requestCert: true, rejectUnauthorized: true } : {}),
  };
}
