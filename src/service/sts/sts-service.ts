/**
 * STS's GetCallerIdentity and AssumeRole (AWS STS API Reference, 2011-06-15) over the configured
 * identities and the session storage. The Query protocol (form parsing, constraint checks, XML) is
 * protocol/sts-endpoint.ts; this file decides who the caller is, whether it may assume the role,
 * and issues the session.
 *
 * Must never: keep a session only in this process (workers share the database), store a session
 * token (only its SHA-256), or return a secret anywhere but AssumeRole's Credentials.
 */
import { createHash } from 'node:crypto';
import { StsAccessDenied, StsValidationError } from '../../api/sts-errors.js';
import type { RootKey } from '../../crypto/at-rest.js';
import { contextOf, evaluateTrustPolicy } from '../../domain/policy/evaluate.js';
import { describePrincipal } from '../../domain/policy/principal.js';
import type { StsSessionRecord } from '../../domain/sts/session-record.js';
import type { Clock } from '../../platform/clock.js';
import type { Random } from '../../platform/random.js';
import type { Repository } from '../../storage/repository.js';
import type { Caller } from '../caller.js';
import type { IdentityPolicies } from '../identities.js';
import { callerUserId, roleId } from './ids.js';
import { newSessionToken, sessionSecretBinding } from './session-credentials.js';

export interface CallerIdentity {
  readonly Arn: string;
  readonly UserId: string;
  readonly Account: string;
}

export interface AssumeRoleInput {
  readonly RoleArn: string;
  readonly RoleSessionName: string;
  readonly DurationSeconds?: number;
}

export interface AssumeRoleOutput {
  readonly Credentials: {
    readonly AccessKeyId: string;
    readonly SecretAccessKey: string;
    readonly SessionToken: string;
    readonly Expiration: Date;
  };
  readonly AssumedRoleUser: { readonly Arn: string; readonly AssumedRoleId: string };
}

/** What the request adds to the trust policy's condition context. */
export interface StsRequestFacts {
  readonly sourceIp?: string;
  readonly secureTransport: boolean;
}

/** The STS operations the Query endpoint dispatches to. */
export interface StsApi {
  getCallerIdentity(caller: Caller): CallerIdentity;
  assumeRole(caller: Caller, input: AssumeRoleInput, facts: StsRequestFacts): Promise<AssumeRoleOutput>;
}

export interface StsDeps {
  readonly identities: Pick<IdentityPolicies, 'role' | 'policiesFor'>;
  readonly repository: Pick<Repository, 'createSession'>;
  readonly rootKey: Pick<RootKey, 'seal'>;
  readonly random: Pick<Random, 'bytes'>;
  /** The service's clock (the dev clock in dev mode), which session expiry is judged by too. */
  readonly clock: Clock;
  /** Re-reads the dev clock other processes may have moved. */
  readonly syncClock?: () => Promise<void>;
}

/** AssumeRole's default DurationSeconds (API Reference, AssumeRole: "defaults to one hour"). */
export const DEFAULT_DURATION_SECONDS = 3600;
/** "role chaining limits your … session to a maximum of one hour" (IAM User Guide, "Role terms and concepts"). */
const CHAINED_MAX_SECONDS = 3600;

const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `ASIA` + 16 base32 characters, the shape of AWS's temporary access key ids. */
function newSessionAccessKeyId(random: Pick<Random, 'bytes'>): string {
  return 'ASIA' + [...random.bytes(16)].map((b) => base32[b % 32]).join('');
}

/** AWS's ARN-less AccessDenied text for AssumeRole (STS API Reference, AssumeRole; IAM troubleshooting). */
function assumeRoleDenied(callerArn: string, roleArn: string): StsAccessDenied {
  return new StsAccessDenied(`User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
}

export function createStsService(deps: StsDeps): StsApi {
  return {
    getCallerIdentity(caller) {
      return { Arn: caller.principalArn, UserId: callerUserId(caller.principalArn, caller.accountId), Account: caller.accountId };
    },

    async assumeRole(caller, input, facts) {
      const principal = describePrincipal(caller.principalArn);
      // "You cannot use AWS account root user credentials to call AssumeRole" (API Reference, AssumeRole).
      if (principal.type === 'root') throw new StsAccessDenied('Roles may not be assumed by root accounts.');
      const role = deps.identities.role(input.RoleArn);
      // An unknown role is answered as a refused one: no existence oracle, as STS does.
      if (role === undefined) throw assumeRoleDenied(caller.principalArn, input.RoleArn);
      const duration = input.DurationSeconds ?? DEFAULT_DURATION_SECONDS;
      if (principal.type === 'assumed-role' && duration > CHAINED_MAX_SECONDS) {
        throw new StsValidationError('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
      }
      if (duration > role.maxSessionDurationSeconds) {
        throw new StsValidationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
      }
      if (deps.syncClock) await deps.syncClock();
      const nowMs = deps.clock.nowMs();
      const context = contextOf({
        'aws:PrincipalArn': principal.type === 'assumed-role' && principal.roleArn !== undefined ? principal.roleArn : principal.arn,
        'aws:PrincipalAccount': caller.accountId,
        'aws:CurrentTime': new Date(nowMs).toISOString(),
        'aws:SecureTransport': String(facts.secureTransport),
        'sts:RoleSessionName': input.RoleSessionName,
        ...(facts.sourceIp !== undefined ? { 'aws:SourceIp': facts.sourceIp } : {}),
        ...(principal.userName !== undefined ? { 'aws:username': principal.userName } : {}),
      });
      const decision = evaluateTrustPolicy({
        trustPolicy: role.trustPolicy, roleArn: role.arn, roleAccountId: role.accountId, principal,
        identityPolicies: deps.identities.policiesFor(principal), context,
      });
      if (!decision.allowed) throw assumeRoleDenied(caller.principalArn, role.arn);

      // Whole seconds: the Expiration STS reports has none finer, and the stored expiry must equal it.
      const expiresMs = (Math.floor(nowMs / 1000) + duration) * 1000;
      const principalArn = `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${input.RoleSessionName}`;
      const secretAccessKey = deps.random.bytes(30).toString('base64');
      const sessionToken = newSessionToken(deps.random);
      const tokenHash = createHash('sha256').update(sessionToken, 'utf8').digest('hex');
      let accessKeyId = newSessionAccessKeyId(deps.random);
      const record = (): StsSessionRecord => {
        const fields = { accessKeyId, accountId: role.accountId, principalArn, roleArn: role.arn, sessionName: input.RoleSessionName, tokenHash, expiresMs };
        return { ...fields, sealedSecret: deps.rootKey.seal(Buffer.from(secretAccessKey, 'utf8'), sessionSecretBinding(fields)), createdMs: nowMs };
      };
      try {
        await deps.repository.createSession(record());
      } catch {
        // 80 random bits collide practically never; one retry covers it, a second failure is real.
        accessKeyId = newSessionAccessKeyId(deps.random);
        await deps.repository.createSession(record());
      }
      return {
        Credentials: { AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey, SessionToken: sessionToken, Expiration: new Date(expiresMs) },
        AssumedRoleUser: { Arn: principalArn, AssumedRoleId: `${roleId(role.arn)}:${input.RoleSessionName}` },
      };
    },
  };
}
