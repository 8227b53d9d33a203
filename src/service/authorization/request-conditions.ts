/**
 * The condition context of one request, built ONCE per request by the pipeline (issue 17 item 4):
 * the caller's global keys (aws:PrincipalArn, aws:PrincipalAccount, aws:username, kms:CallerAccount,
 * aws:SourceIp, aws:SecureTransport, aws:CurrentTime), kms:RequestAlias, and the operation's row of
 * condition-keys.ts. Keys of the resource (kms:KeySpec, aws:ResourceTag/…, kms:ResourceAliases) are
 * laid over it per key by `forKey`, since one request may touch several keys (ReEncrypt, aliases).
 * Values are stored under lower-case names: "condition key names are not case-sensitive" (IAM User
 * Guide, "IAM JSON policy elements: Condition").
 * kms:ViaService is never set: it "limits use of a KMS key to requests from specified AWS services"
 * (Developer Guide, kms:ViaService), and every request Trent serves comes straight from the caller,
 * with no AWS service between. A policy that requires it (the key policy of an AWS managed key,
 * domain/key/aws-managed-keys.ts) therefore never allows a call; a `Null` test of it sees it absent.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
 */
import type { OperationName } from '../../api/generated/operations.js';
import type { KeyRecord } from '../../domain/key/key-record.js';
import type { ConditionContext } from '../../domain/policy/conditions.js';
import type { PrincipalInfo } from '../../domain/policy/principal.js';
import type { RequestInfo } from '../kms-service.js';
import { conditionRow, type ConditionValues } from './condition-keys.js';

type Values = Map<string, readonly string[]>;

function put(map: Values, values: ConditionValues): void {
  for (const [key, value] of Object.entries(values)) {
    map.set(key.toLowerCase(), typeof value === 'string' ? [value] : typeof value === 'boolean' || typeof value === 'number' ? [String(value)] : value);
  }
}

/** kms:RequestAlias: the alias name the request's KeyId used, when it used one ("alias/…" or an alias ARN). */
function requestAlias(reference: string | undefined): string | undefined {
  if (reference === undefined) return undefined;
  if (reference.startsWith('alias/')) return reference;
  const at = reference.indexOf(':alias/');
  return reference.startsWith('arn:') && at >= 0 ? reference.slice(at + 1) : undefined;
}

/**
 * Values are computed when a policy first asks for them, not up front: most statements that apply
 * to a request have no Condition at all, so most requests never pay for a context (issue 17,
 * Speed). Once computed, a value is kept for the rest of the request.
 */
export class RequestConditions {
  private base: Values | undefined;
  private readonly byAction = new Map<string, Values>();

  constructor(
    private readonly request: RequestInfo,
    private readonly principal: PrincipalInfo,
    private readonly operation: OperationName,
    private readonly input: unknown,
    private readonly nowMs: () => number,
    private readonly keyReference: string | undefined,
  ) {}

  /** The caller's global keys and kms:RequestAlias, the same for every action of the request. */
  private baseValues(): Values {
    if (this.base !== undefined) return this.base;
    const { request, principal } = this;
    const b: Values = new Map();
    b.set('aws:principalarn', [principal.arn]);
    b.set('aws:principalaccount', [principal.accountId]);
    b.set('kms:calleraccount', [request.caller.accountId]);
    if (principal.userName !== undefined) b.set('aws:username', [principal.userName]);
    if (request.sourceIp !== undefined) b.set('aws:sourceip', [request.sourceIp.replace(/^::ffff:/, '')]);
    b.set('aws:securetransport', [String(request.secureTransport === true)]);
    const now = this.nowMs();
    b.set('aws:currenttime', [new Date(now).toISOString()]);
    b.set('aws:epochtime', [String(Math.floor(now / 1000))]);
    const alias = requestAlias(this.keyReference);
    if (alias !== undefined) b.set('kms:requestalias', [alias]);
    this.base = b;
    return b;
  }

  /** The operation's row of condition-keys.ts for `action`, computed once per action. */
  private rowValues(action: string): Values {
    let values = this.byAction.get(action);
    if (values === undefined) {
      values = new Map();
      const row = conditionRow(this.operation);
      if (row) put(values, row.values(this.input as never, action));
      this.byAction.set(action, values);
    }
    return values;
  }

  /** A request-level value of `action`: the operation's row first, then the global keys. */
  private value(action: string, name: string): readonly string[] | undefined {
    return this.rowValues(action).get(name) ?? this.baseValues().get(name);
  }

  /** The encryption context grant constraints apply to, for `action`. */
  encryptionContext(action: string): Readonly<Record<string, string>> | undefined {
    return conditionRow(this.operation)?.encryptionContext?.(this.input as never, action);
  }

  /** The context of `action` on no resource (CreateKey, ListKeys …) or on an alias. */
  forRequest(action: string): ConditionContext {
    return { get: (name) => this.value(action, name) };
  }

  /** The context of `action` on `key`: the request's values plus the key's own. */
  forKey(action: string, key: KeyRecord, aliases: readonly string[] | undefined): ConditionContext {
    return {
      get: (name) => {
        const own = this.value(action, name);
        if (own !== undefined) return own;
        switch (name) {
          case 'kms:keyspec': return [key.keySpec];
          case 'kms:keyusage': return [key.keyUsage];
          case 'kms:keyorigin': return [key.origin];
          case 'kms:keymanager': return [key.keyManager];
          case 'kms:multiregion': return [String(key.multiRegion)];
          case 'kms:resourcealiases': return aliases && aliases.length > 0 ? aliases : undefined;
          default: break;
        }
        if (name.startsWith('aws:resourcetag/')) {
          const tagKey = name.slice('aws:resourcetag/'.length);
          const tag = key.tags.find((t) => t.TagKey.toLowerCase() === tagKey);
          return tag === undefined ? undefined : [tag.TagValue];
        }
        return undefined;
      },
    };
  }
}
