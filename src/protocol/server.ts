/**
 * The AWS JSON 1.1 HTTP(S) listener: `POST /` with a capped body, a request id per request, then
 * authenticate the headers → read the body → verify the signature over it → route → decode →
 * validate → `service.execute` → encode, and every failure through write-error.ts. Also TLS (plain
 * HTTP or HTTPS from the same options, tls.ts), the connection cap and graceful shutdown.
 *
 * `createKmsServer` only builds the server; whoever owns the socket listens (app.ts in one process;
 * a cluster worker shares its primary's listening socket the same way, as node:cluster hands the
 * handle to `listen`), so nothing here assumes it owns the port.
 *
 * Owns: bytes, headers, body limits, timeouts, connection lifetime.
 * Must never: buffer an unbounded body, compile a regex or parse JSON more than once per request,
 * know anything about keys (no domain/, crypto/, storage/ imports), or crash on a client abort.
 */
import type { RequestArrivals } from '../platform/request-arrivals.js';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { AccessDeniedException, RequestEntityTooLargeException, UnknownOperationException, ValidationException } from '../api/errors.js';
import type { OperationInput, OperationName } from '../api/generated/operations.js';
import type { Logger } from '../platform/logger.js';
import type { Random } from '../platform/random.js';
import type { KmsService, RequestInfo } from '../service/kms-service.js';
import type { Caller } from '../service/caller.js';
import type { AuditRecorder } from '../service/audit-recorder.js';
import { internalFailure } from '../api/errors.js';
import type { Authenticator, BodyCheck } from './authenticator.js';
import { acceptsHost, foreignHostMessage } from './dev-host.js';
import { routeTarget } from './router.js';
import { decodeOperationInput, encodeOperationOutput } from './serde.js';
import type { ValidationFailure } from './validate.js';
import { formatValidationMessage } from './validation-message.js';
import { errorReply } from './write-error.js';
import { handleSts, type StsEndpoint, type StsIo } from './sts-endpoint.js';
import { stsErrorReply } from './sts-errors.js';
import { isQueryRequest } from './sts-query.js';
import { secureContextOptions, tlsServerOptions, type TlsMaterial } from './tls.js';

/** The listener: plain HTTP, or HTTPS when TLS material is given. */
export type KmsServer = HttpServer | HttpsServer;

/** Server timeouts in milliseconds. */
export interface ServerTimeouts {
  /** Time to receive the request headers (slowloris guard). */
  readonly headersMs: number;
  /** Time to receive a whole request, body included. */
  readonly requestMs: number;
  /** Idle time a keep-alive connection is held open between requests. */
  readonly keepAliveMs: number;
}

/** Defaults: headers and body of a ≤ 256 KiB KMS request arrive in well under these on any link. */
export const defaultTimeouts: ServerTimeouts = { headersMs: 15_000, requestMs: 30_000, keepAliveMs: 5_000 };

/** What the server needs; all of it injected by app.ts (DESIGN.md §2 rule 6). */
export interface KmsServerOptions {
  readonly service: KmsService;
  readonly authenticate: Authenticator;
  readonly logger: Logger;
  readonly random: Pick<Random, 'uuid'>;
  /** Largest accepted request body; larger ones get 413 RequestEntityTooLargeException. */
  readonly maxBodyBytes: number;
  /** Non-AWS routes (GET /healthz …): returns true when it handled the request. Runs first. */
  readonly admin?: (req: IncomingMessage, res: ServerResponse) => boolean;
  readonly timeouts?: Partial<ServerTimeouts>;
  /**
   * Records the calls that fail before they reach the service (authentication, routing, decoding,
   * validation): the service records all the others. Absent: nothing is recorded here.
   */
  readonly audit?: Pick<AuditRecorder, 'recordCall'>;
  /** Serve HTTPS with this material; plain HTTP without it. */
  readonly tls?: TlsMaterial;
  /** Open connections beyond this are closed on accept (per process); default {@link defaultMaxConnections}. */
  readonly maxConnections?: number;
  /**
   * Answer only requests whose Host header is loopback (dev mode: a browser page on another origin
   * could otherwise reach the dev server through DNS rebinding, whose Host is the attacker's name).
   */
  readonly loopbackHostOnly?: boolean;
  /**
   * This process's worker id, sent as `x-trent-worker` on every API reply so operators and tests can
   * tell which worker answered (docs/workers.md). Not an AWS header; SDKs ignore it.
   */
  readonly workerId?: number;
  /**
   * Told of every request as it arrives, before anything of it is looked up: the record cache reuses
   * one change-counter read only until the next arrival (platform/request-arrivals.ts).
   */
  readonly arrivals?: Pick<RequestArrivals, 'note'>;
  /** STS's Query endpoint on the same port (form-encoded requests without X-Amz-Target); absent: none. */
  readonly sts?: StsEndpoint;
}

/**
 * Concurrent connections per process. With the body limit and no body read before the headers
 * authenticate, the worst case is this many authenticated clients each mid-body: 1024 × 256 KiB =
 * 256 MiB; unauthenticated ones hold only their headers (≤ 16 KiB, Node's limit) until headersMs.
 */
export const defaultMaxConnections = 1024;

const contentType = 'application/x-amz-json-1.1';
/** How long a connection that sent an oversized body may keep sending (discarded) after the 413. */
const oversizeLingerMs = 2_000;

const tooLarge = Symbol('too large');
const aborted = Symbol('aborted');

/**
 * Reads the body into one Buffer (a single chunk is used as is; several are concatenated once),
 * stopping at `max` bytes. Resolves `tooLarge` as soon as the cap is crossed (further data is
 * discarded, never kept), `aborted` when the client goes away mid-body.
 */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | typeof tooLarge | typeof aborted> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: Buffer | typeof tooLarge | typeof aborted): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onAbort);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > max) { chunks.length = 0; settle(tooLarge); return; }
      chunks.push(chunk);
    };
    const onEnd = (): void => settle(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    const onAbort = (): void => settle(aborted);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onAbort); // after 'end' this is a no-op; before it, the client went away
    req.on('error', onAbort);
  });
}

/** Built only on the failure path: an Error captures a stack, too costly to make per request. */
function bodyTooLarge(max: number): RequestEntityTooLargeException {
  return new RequestEntityTooLargeException(`Request body exceeds the limit of ${max} bytes.`);
}

function pathOf(url: string | undefined): string {
  if (url === undefined) return '';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** What the per-request functions below share: the injected dependencies plus the server itself. */
interface RequestContext {
  readonly server: KmsServer;
  readonly service: KmsService;
  readonly authenticate: Authenticator;
  readonly logger: Logger;
  readonly random: Pick<Random, 'uuid'>;
  readonly maxBodyBytes: number;
  readonly admin: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
  readonly audit: Pick<AuditRecorder, 'recordCall'> | undefined;
  readonly loopbackHostOnly: boolean;
  readonly workerId: string | undefined;
  readonly sts: StsEndpoint | undefined;
  readonly secure: boolean;
}

/** Writes one JSON reply, unless the client is already gone. `close` ends the connection after it. */
function send(
  ctx: RequestContext, req: IncomingMessage, res: ServerResponse, status: number, body: string, requestId: string, close = false,
  type = contentType,
): void {
  if (res.headersSent || res.destroyed) return; // the client is gone; nothing to write to
  const headers: Record<string, string | number> = {
    'Content-Type': type,
    'x-amzn-RequestId': requestId,
    'Content-Length': Buffer.byteLength(body),
  };
  if (ctx.workerId !== undefined) headers['x-trent-worker'] = ctx.workerId;
  // While shutting down, finish this request and let the client reconnect elsewhere.
  if (close || !ctx.server.listening) headers['Connection'] = 'close';
  res.writeHead(status, headers);
  res.end(body);
  if (close) {
    // Node half-closes after a `Connection: close` reply and discards what the client still
    // sends; a client that never stops sending is cut off after a short grace period.
    res.once('finish', () => setTimeout(() => req.socket.destroy(), oversizeLingerMs).unref());
  }
}

/** Writes `error` as an AWS error reply (write-error.ts decides status, `__type` and message). */
function sendError(
  ctx: RequestContext, req: IncomingMessage, res: ServerResponse, error: unknown, requestId: string, close = false,
): void {
  const reply = errorReply(error, requestId, ctx.logger);
  send(ctx, req, res, reply.status, reply.body, requestId, close);
}

/**
 * One API request: the dev-mode Host check, admin routes, method/path and declared-size checks,
 * then the header phase of authentication, and only then the body (issue 13 item 4: a request the
 * headers condemn makes the server buffer nothing; Node discards its unread body after the reply).
 */
async function handle(ctx: RequestContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (ctx.loopbackHostOnly && !acceptsHost(req.headers.host)) {
    sendError(ctx, req, res, new AccessDeniedException(foreignHostMessage(req.headers.host)), ctx.random.uuid(), true);
    return;
  }
  if (ctx.admin !== undefined && ctx.admin(req, res)) return;
  const requestId = ctx.random.uuid();
  if (req.method !== 'POST' || pathOf(req.url) !== '/') {
    sendError(ctx, req, res, new UnknownOperationException(
      'Trent serves the AWS KMS API only as POST / with an X-Amz-Target header.'), requestId);
    return;
  }
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > ctx.maxBodyBytes) {
    sendError(ctx, req, res, bodyTooLarge(ctx.maxBodyBytes), requestId, true);
    return;
  }
  if (ctx.sts !== undefined && isQueryRequest(req.headers['content-type'], req.headers['x-amz-target'])) {
    await handleSts(ctx.sts, stsIo(ctx, req, res, requestId), req, requestId);
    return;
  }
  let checkBody: BodyCheck;
  try {
    // handle() admitted only POST, so the method is known here.
    checkBody = await ctx.authenticate.headers({ method: 'POST', url: req.url ?? '/', rawHeaders: req.rawHeaders });
  } catch (error) {
    // A body still on its way is not read: the connection is closed after the reply, so a client
    // that failed authentication cannot keep it (and its slot) busy by trickling bytes.
    await refuse(ctx, req, res, error, requestId, {}, !req.complete);
    return;
  }
  const body = await readBody(req, ctx.maxBodyBytes);
  if (body === aborted) return;
  if (body === tooLarge) {
    sendError(ctx, req, res, bodyTooLarge(ctx.maxBodyBytes), requestId, true);
    return;
  }
  await execute(ctx, req, res, checkBody, body, requestId);
}

/** What the STS endpoint borrows from the server: the capped body reader and the reply writer. */
function stsIo(ctx: RequestContext, req: IncomingMessage, res: ServerResponse, requestId: string): StsIo {
  return {
    logger: ctx.logger,
    secure: ctx.secure,
    async readBody(): Promise<Buffer | undefined> {
      const body = await readBody(req, ctx.maxBodyBytes);
      if (body === aborted) return undefined;
      if (body === tooLarge) {
        const reply = stsErrorReply(bodyTooLarge(ctx.maxBodyBytes), requestId, ctx.logger);
        send(ctx, req, res, reply.status, reply.body, requestId, true, 'text/xml');
        return undefined;
      }
      return body;
    },
    send(status, body, type, close = false): void {
      send(ctx, req, res, status, body, requestId, close, type);
    },
  };
}

/** `Credential=AKID/20240101/us-east-1/kms/aws4_request` → the access key id and region, if present. */
function credentialOf(authorization: string | undefined): { accessKeyId?: string; region?: string } {
  const m = authorization === undefined ? null : /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\//.exec(authorization);
  return m ? { accessKeyId: m[1]!, region: m[2]! } : {};
}

/** What is known of a call that failed before the service saw it. */
interface EarlyFailure {
  readonly caller?: Caller;
  readonly name?: OperationName;
  readonly input?: unknown;
}

/**
 * Replies to a call that failed before it reached the service (authentication, routing, decoding,
 * validation), writing its audit event first: the service never saw it. Fails closed as the service
 * would: no event, no answer but InternalFailure.
 */
async function refuse(
  ctx: RequestContext, req: IncomingMessage, res: ServerResponse, error: unknown, requestId: string, known: EarlyFailure,
  close = false,
): Promise<void> {
  if (ctx.audit !== undefined) {
    const { caller, name, input } = known;
    const sourceIp = req.socket.remoteAddress;
    const userAgent = req.headers['user-agent'];
    const target = req.headers['x-amz-target'];
    const named = typeof target === 'string' ? target.slice(target.lastIndexOf('.') + 1).slice(0, 128) : '';
    const credential = caller === undefined ? credentialOf(req.headers['authorization']) : {};
    try {
      await ctx.audit.recordCall({
        request: {
          requestId,
          ...(caller !== undefined ? { caller, region: caller.region } : credential),
          ...(sourceIp !== undefined ? { sourceIp } : {}),
          ...(userAgent !== undefined ? { userAgent } : {}),
        },
        eventName: name ?? (named === '' ? 'UnknownOperation' : named),
        ...(name !== undefined ? { operation: name, input } : {}),
        error,
        keys: [],
      });
    } catch {
      sendError(ctx, req, res, internalFailure(), requestId, close);
      return;
    }
  }
  sendError(ctx, req, res, error, requestId, close);
}

/** signature over the body → route → decode → validate → `service.execute` → encode; any failure is replied. */
async function execute(
  ctx: RequestContext, req: IncomingMessage, res: ServerResponse, checkBody: BodyCheck, body: Buffer, requestId: string,
): Promise<void> {
  const sourceIp = req.socket.remoteAddress;
  const userAgent = req.headers['user-agent'];
  let caller: Caller | undefined;
  let name: OperationName | undefined;
  let input: unknown;
  let request: RequestInfo;
  try {
    caller = checkBody(body);
    const target = req.headers['x-amz-target'];
    name = routeTarget(typeof target === 'string' ? target : undefined);
    // One generated pass decodes and validates (serde.ts); the decoded input is kept even when a
    // constraint fails, for the audit record of the refused call.
    const failures: ValidationFailure[] = [];
    input = decodeOperationInput(name, body, failures);
    if (failures.length > 0) throw new ValidationException(formatValidationMessage(failures));
    request = {
      requestId,
      caller,
      secureTransport: (req.socket as { encrypted?: boolean }).encrypted === true,
      ...(sourceIp !== undefined ? { sourceIp } : {}),
      ...(userAgent !== undefined ? { userAgent } : {}),
    };
  } catch (error) {
    await refuse(ctx, req, res, error, requestId, {
      ...(caller !== undefined ? { caller } : {}), ...(name !== undefined ? { name, input } : {}),
    });
    return;
  }
  try {
    const output = await ctx.service.execute(name, input as OperationInput<typeof name>, request);
    send(ctx, req, res, 200, encodeOperationOutput(name, output), requestId);
  } catch (error) {
    sendError(ctx, req, res, error, requestId);
  }
}

/**
 * Builds the KMS API server (not listening). Only `POST /` is the API. Any other method or path gets
 * UnknownOperationException (400) with a message saying so: our choice, AWS's answer is not recorded.
 */
export function createKmsServer(options: KmsServerOptions): KmsServer {
  const { service, authenticate, logger, random, maxBodyBytes, admin, audit } = options;
  const workerId = options.workerId === undefined ? undefined : String(options.workerId);
  const timeouts = { ...defaultTimeouts, ...options.timeouts };
  const httpOptions = {
    keepAlive: true, // TCP keep-alive probes on accepted sockets
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    // How often Node checks the two timeouts above (default 30 s would make them coarse).
    connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs),
  };
  const server: KmsServer = options.tls === undefined
    ? createServer(httpOptions)
    : createHttpsServer({ ...httpOptions, ...tlsServerOptions(options.tls, timeouts.headersMs) });
  server.keepAliveTimeout = timeouts.keepAliveMs;
  // A client may half-close (send FIN) right after its request, as HTTP/1.1 allows. By default Node
  // then ends the socket at once and drops a reply still being prepared; a reply waits for its
  // audit event's commit (a later turn of the loop), so keep the socket until the reply is written,
  // then end it (node:http's socketOnEnd marks the last reply instead of ending).
  (server as unknown as { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  server.maxConnections = options.maxConnections ?? defaultMaxConnections;
  const ctx: RequestContext = {
    server, service, authenticate, logger, random, maxBodyBytes, admin, audit, loopbackHostOnly: options.loopbackHostOnly ?? false, workerId,
    sts: options.sts, secure: options.tls !== undefined,
  };
  if (options.tls !== undefined) {
    // A failed handshake (wrong CA, no client certificate, plain HTTP on the TLS port) is the
    // client's problem: log it at debug, never as an error, and never with certificate contents.
    server.on('tlsClientError', (error: NodeJS.ErrnoException) => {
      logger.log('debug', 'TLS handshake failed', { code: error.code ?? 'unknown' });
    });
  }

  const arrivals = options.arrivals;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    arrivals?.note();
    handle(ctx, req, res).catch((error: unknown) => {
      // Only reachable if writing the reply itself failed; keep the process alive.
      logger.log('error', 'request handler failed', { errorMessage: error instanceof Error ? error.message : String(error) });
      res.destroy();
    });
  });
  return server;
}

/**
 * Graceful shutdown: stop accepting, close idle keep-alive connections now, let in-flight requests
 * finish (their replies carry `Connection: close`), and force-close whatever is left after
 * `timeoutMs`. Resolves once the server is fully closed.
 */
export function closeGracefully(server: KmsServer, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * Replaces the certificate, key and client CA of an HTTPS server (SIGHUP). Handshakes after the call
 * use the new material; open connections are untouched. Throws, leaving the old context in place,
 * when the material does not form a valid context (e.g. a key that does not match the certificate).
 */
export function reloadTls(server: KmsServer, material: TlsMaterial): void {
  if (!('setSecureContext' in server)) throw new Error('this server does not serve TLS');
  server.setSecureContext(secureContextOptions(material));
}
