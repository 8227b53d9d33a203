/**
 * Shared fixtures for the SigV4 tests: a signer that is the AWS SDK's own (`@smithy/signature-v4`,
 * the class SDK v3 signs every KMS request with), requests shaped like SDK v3 and the AWS CLI send
 * them, a map-backed CredentialResolver, and three requests captured on this machine from real
 * clients (`@aws-sdk/client-kms` 3.1163.0 and aws-cli 1.45.11) pointed at a local listener.
 *
 * Must never: hold real credentials. The secret is AWS's documented example secret.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { RawRequest } from '../../../src/protocol/authenticator.js';
import type { CredentialResolver, ResolvedAccessKey } from '../../../src/service/caller.js';

export const ACCESS_KEY_ID = 'AKIDEXAMPLE';
export const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
export const ACCOUNT_ID = '111122223333';
export const PRINCIPAL_ARN = 'arn:aws:iam::111122223333:user/alice';
export const REGION = 'eu-west-1';
export const HOST = 'kms.eu-west-1.amazonaws.com';
/** 2015-11-20T20:23:46Z, the "now" of AWS's skew example in NOTES.md §2. */
export const NOW_MS = Date.UTC(2015, 10, 20, 20, 23, 46);

/** A resolver over a mutable map, so tests can rotate a secret. */
export function mapResolver(entries: Record<string, ResolvedAccessKey>): CredentialResolver & { calls: number } {
  const resolver = {
    calls: 0,
    async resolve(accessKeyId: string): Promise<ResolvedAccessKey | undefined> {
      resolver.calls++;
      return Object.hasOwn(entries, accessKeyId) ? entries[accessKeyId] : undefined;
    },
  };
  return resolver;
}

/** The default identity: AKIDEXAMPLE belongs to alice in 111122223333. */
export function defaultResolver(): CredentialResolver & { calls: number } {
  return mapResolver({ [ACCESS_KEY_ID]: { secretAccessKey: SECRET, accountId: ACCOUNT_ID, principalArn: PRINCIPAL_ARN } });
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** node:crypto wrapped to the SDK's `Checksum` interface (hash, or HMAC when given a secret). */
class NodeSha256 {
  private state: Hash | Hmac;
  constructor(private readonly secret?: SourceData) { this.state = this.fresh(); }
  update(data: SourceData): void { this.state.update(toBuffer(data)); }
  async digest(): Promise<Uint8Array> { return new Uint8Array(this.state.digest()); }
  reset(): void { this.state = this.fresh(); }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }
}

/** What to sign; every field has the SDK v3 default. */
export interface SignSpec {
  readonly style?: 'sdk-v3' | 'cli';
  readonly target?: string;
  readonly body?: string;
  readonly signingMs?: number;
  readonly accessKeyId?: string;
  readonly secret?: string;
  readonly region?: string;
  readonly service?: string;
  readonly sessionToken?: string;
  /** Extra headers to sign (lower-case names). */
  readonly extraHeaders?: Record<string, string>;
}

/**
 * Signs a KMS `POST /` with the SDK's SignatureV4 and returns it as the server would see it.
 * `sdk-v3` sends the headers @aws-sdk/client-kms sends (and signs all but user-agent, adding
 * x-amz-content-sha256); `cli` signs only content-type;host;x-amz-date;x-amz-target, as botocore.
 */
export async function signKmsRequest(spec: SignSpec = {}): Promise<RawRequest> {
  const style = spec.style ?? 'sdk-v3';
  const body = spec.body ?? '{"KeyId":"alias/app","Plaintext":"aGk="}';
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': spec.target ?? 'TrentService.Encrypt',
    host: HOST,
    ...spec.extraHeaders,
  };
  if (style === 'sdk-v3') {
    Object.assign(headers, {
      'content-length': String(Buffer.byteLength(body)),
      'x-amz-user-agent': 'aws-sdk-js/3.1163.0',
      'user-agent': 'aws-sdk-js/3.1163.0 ua/2.1 os/linux lang/js md/nodejs#20.20.2 api/kms#3.1163.0',
      'amz-sdk-invocation-id': '621f37fd-8108-4e17-bf07-fbba962ab2f4',
      'amz-sdk-request': 'attempt=1; max=3',
    });
  }
  const signer = new SignatureV4({
    service: spec.service ?? 'kms',
    region: spec.region ?? REGION,
    credentials: {
      accessKeyId: spec.accessKeyId ?? ACCESS_KEY_ID,
      secretAccessKey: spec.secret ?? SECRET,
      ...(spec.sessionToken === undefined ? {} : { sessionToken: spec.sessionToken }),
    },
    sha256: NodeSha256,
    applyChecksum: style === 'sdk-v3',
  });
  const signable = style === 'cli'
    ? new Set(['content-type', 'host', 'x-amz-date', 'x-amz-target', ...Object.keys(spec.extraHeaders ?? {})])
    : undefined;
  const unsignable = style === 'cli' ? new Set(['content-length']) : undefined;
  const signed = await signer.sign(
    { method: 'POST', protocol: 'https:', hostname: HOST, path: '/', query: {}, headers, body },
    {
      signingDate: new Date(spec.signingMs ?? NOW_MS),
      ...(signable === undefined ? {} : { signableHeaders: signable }),
      ...(unsignable === undefined ? {} : { unsignableHeaders: unsignable }),
    },
  );
  const rawHeaders: string[] = [];
  for (const name of Object.keys(signed.headers)) rawHeaders.push(name, signed.headers[name]!);
  return { method: 'POST', url: '/', rawHeaders, body: Buffer.from(body, 'utf8') };
}

/** A copy of the request with header values replaced (by lower-case name) or headers appended. */
export function withHeaders(request: RawRequest, change: { set?: Record<string, string>; append?: string[]; remove?: string[] }): RawRequest {
  const rawHeaders: string[] = [];
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i]!;
    const lower = name.toLowerCase();
    if (change.remove?.includes(lower)) continue;
    const replacement = change.set?.[lower];
    rawHeaders.push(name, replacement ?? request.rawHeaders[i + 1]!);
  }
  rawHeaders.push(...(change.append ?? []));
  return { ...request, rawHeaders };
}

/** The Authorization header value of a request. */
export function authorizationOf(request: RawRequest): string {
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    if (request.rawHeaders[i]!.toLowerCase() === 'authorization') return request.rawHeaders[i + 1]!;
  }
  throw new Error('no Authorization header');
}

/** A request captured from a real client; `nowMs` is its X-Amz-Date. */
export interface CapturedRequest {
  readonly client: string;
  readonly nowMs: number;
  readonly request: RawRequest;
}

/** Captured with a node:http listener on 127.0.0.1; secret {@link SECRET}, region eu-west-1. */
export const capturedRequests: readonly CapturedRequest[] = [
  {
    client: '@aws-sdk/client-kms 3.1163.0 ListKeys',
    nowMs: Date.UTC(2026, 10, 24, 20, 28, 30),
    request: {
      method: 'POST', url: '/', body: Buffer.from('{}'),
      rawHeaders: ['content-type', 'application/x-amz-json-1.1', 'x-amz-target', 'TrentService.ListKeys', 'content-length', '2', 'x-amz-user-agent', 'aws-sdk-js/3.1163.0', 'user-agent', 'aws-sdk-js/3.1163.0 ua/2.1 os/linux#6.18.44-fc-v657 lang/js md/nodejs#20.20.2 api/kms#3.1163.0 m/N,E,e', 'host', '127.0.0.1:18931', 'amz-sdk-invocation-id', '621f37fd-8108-4e17-bf07-fbba962ab2f4', 'amz-sdk-request', 'attempt=1; max=3', 'x-amz-date', '20261124T202830Z', 'x-amz-content-sha256', '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a', 'authorization', 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/eu-west-1/kms/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target;x-amz-user-agent, Signature=1db3cd3cca4aee5e62370acb55da204917cf26baff7d4a0c8b2425c2b8aaecb1', 'Connection', 'keep-alive'],
    },
  },
  {
    client: '@aws-sdk/client-kms 3.1163.0 Encrypt',
    nowMs: Date.UTC(2026, 10, 24, 20, 28, 30),
    request: {
      method: 'POST', url: '/', body: Buffer.from('{"KeyId":"alias/x","Plaintext":"aGk="}'),
      rawHeaders: ['content-type', 'application/x-amz-json-1.1', 'x-amz-target', 'TrentService.Encrypt', 'content-length', '38', 'x-amz-user-agent', 'aws-sdk-js/3.1163.0', 'user-agent', 'aws-sdk-js/3.1163.0 ua/2.1 os/linux#6.18.44-fc-v657 lang/js md/nodejs#20.20.2 api/kms#3.1163.0 m/N,E,e', 'host', '127.0.0.1:18931', 'amz-sdk-invocation-id', '9460ed8f-9401-4a8f-a3b8-e36856d73669', 'amz-sdk-request', 'attempt=1; max=3', 'x-amz-date', '20261124T202830Z', 'x-amz-content-sha256', '9e94d98dc0442077ed2df996918ac13504743380ec8dc29e814b25adba4d515b', 'authorization', 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/eu-west-1/kms/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target;x-amz-user-agent, Signature=60c1bada04a5c5b65416f6aaecc666c280b8e30eb0802f5580fa3f1535163b00', 'Connection', 'keep-alive'],
    },
  },
  {
    client: 'aws-cli 1.45.11 (botocore 1.43.11) kms list-keys',
    nowMs: Date.UTC(2026, 10, 24, 20, 28, 31),
    request: {
      method: 'POST', url: '/', body: Buffer.from('{}'),
      rawHeaders: ['Host', '127.0.0.1:18931', 'Accept-Encoding', 'identity', 'X-Amz-Target', 'TrentService.ListKeys', 'Content-Type', 'application/x-amz-json-1.1', 'User-Agent', 'aws-cli/1.45.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v657 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/N,D,C,g,Z,b cfg/retry-mode#legacy botocore/1.43.11', 'X-Amz-Date', '20261124T202831Z', 'Authorization', 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/eu-west-1/kms/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=b7dfe790286ac9116c808c1d43c9dc7941cbfc8af10c87652f8cdc8348e125dd', 'amz-sdk-invocation-id', 'a5140533-09e5-4fb6-9b57-792eb698268a', 'amz-sdk-request', 'attempt=1', 'Content-Length', '2'],
    },
  },
];
