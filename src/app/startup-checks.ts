/**
 * The checks every start makes before it opens the data folder (issue 13): dev mode on loopback
 * only, no plain HTTP off loopback, TLS files that form a usable context, a valid identities file.
 * Each failure is a StartupError that names what to fix. The TLS loading here also serves the
 * running server's TLS reload (SIGHUP, app.ts), so a reload is checked exactly as a start is.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { ServeConfig } from '../config/serve-config.js';
import { isLoopback } from '../config/serve-config.js';
import { IdentityConfigError, loadIdentityConfig, type IdentityConfig } from '../config/identities.js';
import { secureContextOptions, type TlsMaterial } from '../protocol/tls.js';
import { StartupError } from './startup-types.js';

/**
 * Reads the TLS files named in `config` and checks they form a usable context (a key matching the
 * certificate, PEM that parses); undefined without TLS. Errors name the file, never its content.
 */
export function loadTlsMaterial(config: ServeConfig): TlsMaterial | undefined {
  if (config.tlsCertFile === undefined || config.tlsKeyFile === undefined) return undefined;
  const read = (what: string, path: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new StartupError(`cannot read the TLS ${what} file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    }
  };
  const material = {
    cert: read('certificate', config.tlsCertFile),
    key: read('key', config.tlsKeyFile),
    ...(config.tlsClientCaFile !== undefined ? { clientCa: read('client CA', config.tlsClientCaFile) } : {}),
  };
  try {
    createSecureContext(secureContextOptions(material));
  } catch (error) {
    throw tlsFailure(error);
  }
  return material;
}

/** OpenSSL's reason for refusing a certificate or key, without anything of the files' contents. */
export function tlsFailure(error: unknown): StartupError {
  const reason = (error as { reason?: string }).reason ?? (error as NodeJS.ErrnoException).code ?? 'unusable';
  return new StartupError(`cannot use the TLS certificate and key: ${reason}`);
}

/**
 * Issue 13 item 1: outside dev mode, plaintexts and signed requests must not cross a network in
 * the clear; loopback is the only network that stays on the machine.
 */
function checkTransport(config: ServeConfig): void {
  if (config.dev || config.tlsCertFile !== undefined || config.allowPlainHttp || isLoopback(config.host)) return;
  throw new StartupError(`refusing to serve plain HTTP on ${config.host}, which is not a loopback address: pass --tls-cert-file and --tls-key-file, or --allow-plain-http behind a TLS-terminating proxy`);
}

/** The identities file (`--config`), validated; none configured = no identities. */
export function readIdentities(config: ServeConfig): IdentityConfig {
  if (config.configFile === undefined) return { accounts: [] };
  try {
    return loadIdentityConfig(config.configFile);
  } catch (error) {
    if (error instanceof IdentityConfigError) throw new StartupError(error.message);
    throw error;
  }
}

/** The checks no start may skip: dev mode on loopback only, no plain HTTP off loopback, usable TLS files. */
export function checkConfig(config: ServeConfig): TlsMaterial | undefined {
  if (config.dev && !isLoopback(config.host)) {
    throw new StartupError(`dev mode accepts any credentials, so it listens on loopback only; ${config.host} is not a loopback address`);
  }
  checkTransport(config);
  return loadTlsMaterial(config);
}
