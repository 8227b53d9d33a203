/**
 * Signed KMS requests for the bench: the AWS SDK's own SigV4 signer over node:crypto. One signed
 * request is replayed for a whole measurement (a signature stays valid for the 5-minute clock-skew
 * window), so signing costs the load generator nothing per request.
 */
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

/** node:crypto SHA-256 / HMAC-SHA-256 in the hash-constructor shape SignatureV4 expects. */
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

export interface Credentials { readonly accessKeyId: string; readonly secretAccessKey: string }

/** Every header of a signed `POST /` of `body` as TrentService.<target>, host excluded (the client adds it). */
export async function signedHeaders(endpoint: string, target: string, body: string, credentials: Credentials): Promise<Record<string, string>> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ service: 'kms', region: 'us-east-1', credentials, sha256: NodeSha256 });
  const signed = await signer.sign({
    method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: '/',
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${target}` },
    body,
  });
  return Object.fromEntries(Object.entries(signed.headers as Record<string, string>).filter(([name]) => name !== 'host'));
}

/** Sends one signed request and returns the parsed reply; throws unless it is a 200. */
export async function call(endpoint: string, target: string, body: unknown, credentials: Credentials): Promise<any> {
  const payload = JSON.stringify(body);
  const response = await fetch(endpoint, { method: 'POST', headers: await signedHeaders(endpoint, target, payload, credentials), body: payload });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${target} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}
