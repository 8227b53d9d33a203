/**
 * The one entry point the protocol layer calls: run operation `name` with an already decoded and
 * validated input on behalf of `caller`. Implemented by service/pipeline.ts.
 */
import type { OperationInput, OperationName, OperationOutput } from '../api/generated/operations.js';
import type { Caller } from './caller.js';

export interface RequestInfo {
  readonly requestId: string;
  readonly caller: Caller;
  /** Client address and user agent, for the audit trail (a later issue). */
  readonly sourceIp?: string;
  readonly userAgent?: string;
  /** True when the request arrived over TLS (aws:SecureTransport); unknown behind a TLS-terminating proxy. */
  readonly secureTransport?: boolean;
}

export interface KmsService {
  execute<O extends OperationName>(name: O, input: OperationInput<O>, request: RequestInfo): Promise<OperationOutput<O>>;
}
