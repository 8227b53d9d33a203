/**
 * Test PKI made with the `openssl` CLI (Debian's openssl package; .ci/run installs it if missing):
 * a CA, server certificates for 127.0.0.1/localhost signed by it, a client certificate, and an
 * unrelated CA for the negative cases. node:crypto can make keys but not sign X.509 certificates.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Pem {
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: Buffer;
  readonly key: Buffer;
}

export interface TestPki {
  readonly dir: string;
  readonly ca: Pem;
  /** A CA that signed nothing the server presents. */
  readonly otherCa: Pem;
  /** Issues a server certificate for 127.0.0.1 and localhost, `name` as its CN. */
  serverCert(name: string): Pem;
  /** Issues a client certificate (extendedKeyUsage clientAuth) signed by `issuer`. */
  clientCert(name: string, issuer?: Pem): Pem;
  cleanup(): void;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function pem(dir: string, name: string): Pem {
  const certFile = join(dir, `${name}.pem`);
  const keyFile = join(dir, `${name}-key.pem`);
  return { certFile, keyFile, cert: readFileSync(certFile), key: readFileSync(keyFile) };
}

function makeCa(dir: string, name: string): Pem {
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', `/CN=${name}`, '-keyout', `${name}-key.pem`, '-out', `${name}.pem`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  return pem(dir, name);
}

function issue(dir: string, name: string, issuer: Pem, extensions: string): Pem {
  openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${name}`,
    '-keyout', `${name}-key.pem`, '-out', `${name}.csr`], dir);
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', issuer.certFile, '-CAkey', issuer.keyFile, '-CAcreateserial',
    '-days', '2', '-out', `${name}.pem`, '-extfile', `${name}.ext`], dir);
  return pem(dir, name);
}

export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'trent-pki-'));
  const ca = makeCa(dir, 'test-ca');
  const otherCa = makeCa(dir, 'other-ca');
  return {
    dir, ca, otherCa,
    serverCert: (name) => issue(dir, name, ca,
      'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n'),
    clientCert: (name, issuer = ca) => issue(dir, name, issuer, 'extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
