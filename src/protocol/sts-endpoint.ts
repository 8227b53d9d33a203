/**
 * STS on the KMS port (issue 17 item 2): a request that is form-encoded and has no X-Amz-Target is
 * an AWS Query call, authenticated with SigV4 for the signing name `sts` (its own authenticator, so
 * a KMS signature cannot be replayed here nor the reverse), answered in XML as STS writes it
 * (AWS STS API Reference, GetCallerIdentity and AssumeRole "Examples"). Same order as the JSON
 * path: headers authenticate before the body is read.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../platform/logger.js';
import type { Caller } from '../service/caller.js';
import type { AssumeRoleOutput, CallerIdentity, StsApi } from '../service/sts/sts-service.js';
import type { StsCallFacts } from '../service/sts/sts-audit.js';
import type { Authenticator } from './authenticator.js';
import { actionOf, assumeRoleInput, parseForm, type StsAction } from './sts-query.js';
import { STS_XMLNS, stsErrorReply } from './sts-errors.js';
import { xmlDocument, type XmlNode } from './xml.js';

/** What the STS endpoint needs; injected by app.ts. */
export interface StsEndpoint {
  readonly authenticate: Authenticator;
  readonly service: StsApi;
  /** Records one CloudTrail event (eventSource sts.amazonaws.com) per call; absent: nothing recorded. */
  readonly audit?: (call: StsAuditedCall) => Promise<void>;
}

/** One STS call's facts for its audit event: the service's shape (service/sts/sts-audit.ts), not a copy. */
export type StsAuditedCall = StsCallFacts;

/** The body reader and reply helpers the server lends (it owns the limits and the connection). */
export interface StsIo {
  readonly logger: Logger;
  readBody(req: IncomingMessage): Promise<Buffer | undefined>;
  send(status: number, body: string, contentType: string, close?: boolean): void;
  readonly secure: boolean;
}

function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function result(action: StsAction, members: readonly XmlNode[], requestId: string): string {
  return xmlDocument([`${action}Response`, [
    [`${action}Result`, members],
    ['ResponseMetadata', [['RequestId', requestId]]],
  ]], STS_XMLNS);
}

function callerIdentityXml(id: CallerIdentity): XmlNode[] {
  return [['Arn', id.Arn], ['UserId', id.UserId], ['Account', id.Account]];
}

function assumeRoleXml(out: AssumeRoleOutput): XmlNode[] {
  const c = out.Credentials;
  return [
    ['AssumedRoleUser', [['AssumedRoleId', out.AssumedRoleUser.AssumedRoleId], ['Arn', out.AssumedRoleUser.Arn]]],
    ['Credentials', [
      ['AccessKeyId', c.AccessKeyId], ['SecretAccessKey', c.SecretAccessKey], ['SessionToken', c.SessionToken],
      ['Expiration', isoSeconds(c.Expiration)],
    ]],
  ];
}

const xmlType = 'text/xml';

/** `Credential=AKID/20240101/us-east-1/sts/aws4_request` → access key id and region, for the audit of a refused call. */
function credentialOf(authorization: string | undefined): { accessKeyId?: string; region?: string } {
  const m = authorization === undefined ? null : /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\//.exec(authorization);
  return m ? { accessKeyId: m[1]!, region: m[2]! } : {};
}

/** One STS request, from the header phase of authentication to the XML reply. */
export async function handleSts(endpoint: StsEndpoint, io: StsIo, req: IncomingMessage, requestId: string): Promise<void> {
  const sourceIp = req.socket.remoteAddress;
  const userAgent = req.headers['user-agent'];
  const base = { requestId, ...(sourceIp !== undefined ? { sourceIp } : {}), ...(userAgent !== undefined ? { userAgent } : {}) };
  let caller: Caller | undefined;
  let eventName = 'UnknownOperation';
  let requestParameters: Record<string, unknown> | undefined;
  const fail = async (error: unknown, close = false): Promise<void> => {
    try {
      await endpoint.audit?.({
        ...base, eventName, error,
        ...(caller !== undefined ? { caller, region: caller.region } : credentialOf(req.headers['authorization'])),
        ...(requestParameters !== undefined ? { requestParameters } : {}),
      });
    } catch (auditError) {
      // Fail closed: no event, no answer but InternalFailure.
      const reply = stsErrorReply(auditError, requestId, io.logger);
      io.send(reply.status, reply.body, xmlType, close);
      return;
    }
    const reply = stsErrorReply(error, requestId, io.logger);
    io.send(reply.status, reply.body, xmlType, close);
  };
  let checkBody;
  try {
    checkBody = await endpoint.authenticate.headers({ method: 'POST', url: req.url ?? '/', rawHeaders: req.rawHeaders });
  } catch (error) {
    await fail(error, !req.complete);
    return;
  }
  const body = await io.readBody(req);
  if (body === undefined) return; // aborted, or already answered (too large)
  let action: StsAction;
  let output: string;
  let responseElements: Record<string, unknown> | undefined;
  try {
    caller = checkBody(body);
    const params = parseForm(body);
    action = actionOf(params);
    eventName = action;
    if (action === 'GetCallerIdentity') {
      output = result(action, callerIdentityXml(endpoint.service.getCallerIdentity(caller)), requestId);
    } else {
      const input = assumeRoleInput(params);
      requestParameters = { roleArn: input.RoleArn, roleSessionName: input.RoleSessionName, ...(input.DurationSeconds !== undefined ? { durationSeconds: input.DurationSeconds } : {}) };
      const out = await endpoint.service.assumeRole(caller, input, { ...(sourceIp !== undefined ? { sourceIp } : {}), secureTransport: io.secure });
      // CloudTrail logs AssumeRole's credentials without the secret and the token.
      responseElements = {
        credentials: { accessKeyId: out.Credentials.AccessKeyId, expiration: isoSeconds(out.Credentials.Expiration) },
        assumedRoleUser: { assumedRoleId: out.AssumedRoleUser.AssumedRoleId, arn: out.AssumedRoleUser.Arn },
      };
      output = result(action, assumeRoleXml(out), requestId);
    }
  } catch (error) {
    await fail(error);
    return;
  }
  try {
    await endpoint.audit?.({
      ...base, eventName, caller, region: caller.region,
      ...(requestParameters !== undefined ? { requestParameters } : {}), ...(responseElements !== undefined ? { responseElements } : {}),
    });
  } catch (auditError) {
    const reply = stsErrorReply(auditError, requestId, io.logger);
    io.send(reply.status, reply.body, xmlType);
    return;
  }
  io.send(200, output, xmlType);
}
