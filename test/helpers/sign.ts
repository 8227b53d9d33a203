/**
 * Signs raw KMS requests with the AWS SDK's own SigV4 signer (@smithy/signature-v4), so tests can
 * send hand-made bodies and headers exactly as a real client would sign them.
 */
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

/** node:crypto SHA-256 / HMAC-SHA-256 in the `Checksum` shape the signer expects. */
type Source = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: Source): string | Uint8Array =>
  typeof data === 'string' ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);

export class NodeSha256 {
  private readonly hash;
  constructor(secret?: Source) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: Source): void { this.hash.update(bytes(data)); }
  async digest(): Promise<Uint8Array> { return this.hash.digest(); }
  reset(): void {}
}

export interface SignOptions {
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly signingDate?: Date;
}

/** Returns the headers of a signed `POST /` to `endpoint` carrying `body` for `target`. */
export async function signKmsRequest(endpoint: string, target: string, body: string | Uint8Array, options: SignOptions): Promise<Record<string, string>> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({
    service: 'kms',
    region: options.region,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey, ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}) },
    sha256: NodeSha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: '/',
    headers: {
      host: url.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': target.includes('.') ? target : `TrentService.${target}`,
    },
    body,
  }, options.signingDate ? { signingDate: options.signingDate } : {});
  return signed.headers as Record<string, string>;
}

/**
 * Returns the headers of a signed STS Query call (`POST /`, form-encoded `body`, signing name `sts`),
 * as the AWS CLI and boto3 sign it: no X-Amz-Target, which is what makes it a Query request.
 */
export async function signStsRequest(endpoint: string, body: string, options: SignOptions): Promise<Record<string, string>> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({
    service: 'sts',
    region: options.region,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey, ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}) },
    sha256: NodeSha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: '/',
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  }, options.signingDate ? { signingDate: options.signingDate } : {});
  return signed.headers as Record<string, string>;
}
