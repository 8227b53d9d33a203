/**
 * Evaluation cases for the Condition element: every operator family, IfExists, ForAllValues /
 * ForAnyValue, Null, and the KMS and global condition keys. Each names the AWS documentation rule.
 */
import type { EvalCase, Expect } from './eval-case.js';
import { A, B, alice, bob, carolB, rootA, allow, deny, policy, when, defaultKeyPolicy } from './eval-case.js';

const OPS = 'IAM UG, Condition operators';
const MULTI = 'IAM UG, Single-valued vs. multivalued context keys';
const KMS_KEYS = 'KMS DG, Condition keys for AWS KMS';
const GLOBAL = 'IAM UG, AWS global condition context keys';

/** Alice's identity policy allows kms:Encrypt only under `condition`; the request carries `context`. */
function c(rule: string, condition: Record<string, Record<string, unknown>>, context: Record<string, string | string[]>, allowed: boolean, action = 'kms:Encrypt'): EvalCase {
  return {
    rule, principal: alice, action, keyPolicy: defaultKeyPolicy, context,
    identity: [policy(when(allow(action), condition))], expect: allowed ? 'allow' : 'no-identity-allow',
  };
}

/** The key policy denies everyone `action` under `condition`; alice is otherwise allowed. */
function d(rule: string, condition: Record<string, Record<string, unknown>>, context: Record<string, string | string[]>, expect: Expect, action = 'kms:Decrypt'): EvalCase {
  return {
    rule, principal: alice, action, context,
    keyPolicy: policy(allow('kms:*', '*', { AWS: rootA }), when(deny(action, '*', '*'), condition)),
    identity: [policy(allow('kms:*'))], expect,
  };
}

const ec = 'kms:EncryptionContext:Department';

export const conditionCases: EvalCase[] = [
  // String operators
  c(`${OPS}: StringEquals matches the exact value`, { StringEquals: { [ec]: 'IT' } }, { [ec]: 'IT' }, true),
  c(`${OPS}: StringEquals is case-sensitive`, { StringEquals: { [ec]: 'IT' } }, { [ec]: 'it' }, false),
  c(`${OPS}: StringEquals with several values matches any of them (OR)`, { StringEquals: { [ec]: ['HR', 'IT'] } }, { [ec]: 'IT' }, true),
  c(`${OPS}: StringEquals on a missing key is false`, { StringEquals: { [ec]: 'IT' } }, {}, false),
  c(`${OPS}: StringNotEquals matches a different value`, { StringNotEquals: { [ec]: 'HR' } }, { [ec]: 'IT' }, true),
  c(`${OPS}: StringNotEquals refuses the listed value`, { StringNotEquals: { [ec]: ['HR', 'IT'] } }, { [ec]: 'IT' }, false),
  c(`${OPS}: StringNotEquals on a missing key is true`, { StringNotEquals: { [ec]: 'HR' } }, {}, true),
  c(`${OPS}: StringEqualsIgnoreCase ignores case`, { StringEqualsIgnoreCase: { [ec]: 'it' } }, { [ec]: 'IT' }, true),
  c(`${OPS}: StringEqualsIgnoreCase still compares the letters`, { StringEqualsIgnoreCase: { [ec]: 'it' } }, { [ec]: 'HR' }, false),
  c(`${OPS}: StringNotEqualsIgnoreCase refuses the value in any case`, { StringNotEqualsIgnoreCase: { [ec]: 'it' } }, { [ec]: 'It' }, false),
  c(`${OPS}: StringLike with * matches a prefix`, { StringLike: { [ec]: 'Fin*' } }, { [ec]: 'Finance' }, true),
  c(`${OPS}: StringLike with ? matches one character`, { StringLike: { [ec]: 'I?' } }, { [ec]: 'IT' }, true),
  c(`${OPS}: StringLike is case-sensitive`, { StringLike: { [ec]: 'fin*' } }, { [ec]: 'Finance' }, false),
  c(`${OPS}: StringLike anchors both ends`, { StringLike: { [ec]: 'Fin' } }, { [ec]: 'Finance' }, false),
  c(`${OPS}: StringNotLike refuses a matching value`, { StringNotLike: { [ec]: 'Fin*' } }, { [ec]: 'Finance' }, false),
  c(`${OPS}: StringNotLike accepts a missing key`, { StringNotLike: { [ec]: 'Fin*' } }, {}, true),
  c(`${OPS}: several keys in one block must all match (AND)`, { StringEquals: { [ec]: 'IT', 'kms:EncryptionContext:Project': 'x' } }, { [ec]: 'IT', 'kms:EncryptionContext:Project': 'y' }, false),
  c(`${OPS}: several operators in one Condition must all match (AND)`, { StringEquals: { [ec]: 'IT' }, StringLike: { 'kms:EncryptionContext:Project': 'p*' } }, { [ec]: 'IT', 'kms:EncryptionContext:Project': 'pluto' }, true),
  c(`${OPS}: condition key names are case-insensitive`, { StringEquals: { 'KMS:encryptioncontext:department': 'IT' } }, { [ec]: 'IT' }, true),
  c(`${OPS}: operator names are case-insensitive`, { stringequals: { [ec]: 'IT' } }, { [ec]: 'IT' }, true),
  // Numeric operators
  c(`${OPS}: NumericEquals`, { NumericEquals: { 'kms:RotationPeriodInDays': '365' } }, { 'kms:RotationPeriodInDays': '365' }, true, 'kms:EnableKeyRotation'),
  c(`${OPS}: NumericEquals compares numbers, not text`, { NumericEquals: { 'kms:RotationPeriodInDays': '365' } }, { 'kms:RotationPeriodInDays': '365.0' }, true, 'kms:EnableKeyRotation'),
  c(`${OPS}: NumericNotEquals`, { NumericNotEquals: { 'kms:RotationPeriodInDays': 90 } }, { 'kms:RotationPeriodInDays': '365' }, true, 'kms:EnableKeyRotation'),
  c(`${OPS}: NumericLessThan true`, { NumericLessThan: { 'kms:RotationPeriodInDays': 366 } }, { 'kms:RotationPeriodInDays': '365' }, true, 'kms:EnableKeyRotation'),
  c(`${OPS}: NumericLessThan false on equality`, { NumericLessThan: { 'kms:RotationPeriodInDays': 365 } }, { 'kms:RotationPeriodInDays': '365' }, false, 'kms:EnableKeyRotation'),
  c(`${OPS}: NumericLessThanEquals true on equality`, { NumericLessThanEquals: { 'kms:RotationPeriodInDays': 365 } }, { 'kms:RotationPeriodInDays': '365' }, true, 'kms:EnableKeyRotation'),
  c(`${OPS}: NumericGreaterThan`, { NumericGreaterThan: { 'kms:ScheduleKeyDeletionPendingWindowInDays': 20 } }, { 'kms:ScheduleKeyDeletionPendingWindowInDays': '30' }, true, 'kms:ScheduleKeyDeletion'),
  c(`${OPS}: NumericGreaterThanEquals false below`, { NumericGreaterThanEquals: { 'kms:ScheduleKeyDeletionPendingWindowInDays': 20 } }, { 'kms:ScheduleKeyDeletionPendingWindowInDays': '7' }, false, 'kms:ScheduleKeyDeletion'),
  c(`${OPS}: a non-numeric context value never matches a numeric operator`, { NumericLessThan: { 'kms:RotationPeriodInDays': 400 } }, { 'kms:RotationPeriodInDays': 'abc' }, false, 'kms:EnableKeyRotation'),
  c(`${OPS}: a numeric operator on a missing key is false`, { NumericLessThan: { 'kms:RotationPeriodInDays': 400 } }, {}, false, 'kms:EnableKeyRotation'),
  // Date operators
  c(`${OPS}: DateLessThan with an ISO 8601 date`, { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }, { 'aws:CurrentTime': '2026-12-02T04:00:00Z' }, true),
  c(`${OPS}: DateLessThan after the date is false`, { DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } }, { 'aws:CurrentTime': '2026-12-02T04:00:00Z' }, false),
  c(`${OPS}: DateGreaterThan with epoch seconds`, { DateGreaterThan: { 'aws:CurrentTime': '1577836800' } }, { 'aws:CurrentTime': '2026-12-02T04:00:00Z' }, true),
  c(`${OPS}: DateEquals compares instants, not text`, { DateEquals: { 'aws:CurrentTime': '2026-12-02T05:00:00+01:00' } }, { 'aws:CurrentTime': '2026-12-02T04:00:00Z' }, true),
  c(`${OPS}: DateNotEquals`, { DateNotEquals: { 'aws:CurrentTime': '2026-12-02T04:00:00Z' } }, { 'aws:CurrentTime': '2026-12-02T04:00:00Z' }, false),
  c(`${OPS}: DateLessThanEquals on the instant is true`, { DateLessThanEquals: { 'aws:CurrentTime': '2026-12-02T04:00:00Z' } }, { 'aws:CurrentTime': '2026-12-02T04:00:00Z' }, true),
  c(`${OPS}: DateGreaterThanEquals before the instant is false`, { DateGreaterThanEquals: { 'aws:CurrentTime': '2026-12-03T00:00:00Z' } }, { 'aws:CurrentTime': '2026-12-02T04:00:00Z' }, false),
  // Bool
  c(`${OPS}: Bool true`, { Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'true' }, true),
  c(`${OPS}: Bool false does not match true`, { Bool: { 'aws:SecureTransport': 'false' } }, { 'aws:SecureTransport': 'true' }, false),
  c(`${OPS}: Bool accepts a JSON boolean in the policy`, { Bool: { 'kms:GrantIsForAWSResource': false } }, { 'kms:GrantIsForAWSResource': 'false' }, true, 'kms:CreateGrant'),
  c(`${OPS}: Bool on a missing key is false`, { Bool: { 'aws:SecureTransport': 'true' } }, {}, false),
  d(`${OPS}: deny when not over TLS (Bool aws:SecureTransport false)`, { Bool: { 'aws:SecureTransport': 'false' } }, { 'aws:SecureTransport': 'false' }, 'explicit-resource-deny'),
  d(`${OPS}: the TLS deny spares HTTPS requests`, { Bool: { 'aws:SecureTransport': 'false' } }, { 'aws:SecureTransport': 'true' }, 'allow'),
  // IP address
  c(`${OPS}: IpAddress inside an IPv4 CIDR`, { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.7' }, true),
  c(`${OPS}: IpAddress outside the CIDR`, { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.114.7' }, false),
  c(`${OPS}: IpAddress with a single address`, { IpAddress: { 'aws:SourceIp': '127.0.0.1' } }, { 'aws:SourceIp': '127.0.0.1' }, true),
  c(`${OPS}: IpAddress with an IPv6 CIDR`, { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }, { 'aws:SourceIp': '2001:db8:1::5' }, true),
  c(`${OPS}: IpAddress with IPv6 outside the block`, { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }, { 'aws:SourceIp': '2001:db9::1' }, false),
  c(`${OPS}: IpAddress with an IPv4-mapped IPv6 source`, { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '::ffff:10.1.2.3' }, true),
  c(`${OPS}: IpAddress with one of several CIDRs`, { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '10.0.0.0/8'] } }, { 'aws:SourceIp': '10.9.9.9' }, true),
  c(`${OPS}: NotIpAddress outside the CIDR`, { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '192.0.2.1' }, true),
  d(`${OPS}: a NotIpAddress deny refuses requests from elsewhere`, { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '192.0.2.1' }, 'explicit-resource-deny'),
  d(`${OPS}: a NotIpAddress deny spares the listed network`, { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '10.0.0.1' }, 'allow'),
  // ARN operators
  c(`${OPS}: ArnEquals`, { ArnEquals: { 'aws:PrincipalArn': alice } }, { 'aws:PrincipalArn': alice }, true),
  c(`${OPS}: ArnLike with a wildcard in the resource part`, { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:user/a*` } }, { 'aws:PrincipalArn': alice }, true),
  c(`${OPS}: ArnLike with a wildcard account`, { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/alice' } }, { 'aws:PrincipalArn': alice }, true),
  c(`${OPS}: ArnLike does not match another service`, { ArnLike: { 'aws:PrincipalArn': `arn:aws:sts::${A}:*` } }, { 'aws:PrincipalArn': alice }, false),
  c(`${OPS}: ArnNotLike refuses a matching ARN`, { ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:user/*` } }, { 'aws:PrincipalArn': alice }, false),
  c(`${OPS}: ArnNotEquals accepts another ARN`, { ArnNotEquals: { 'aws:PrincipalArn': bob } }, { 'aws:PrincipalArn': alice }, true),
  c(`${OPS}: a non-ARN context value never matches ArnLike`, { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/*' } }, { 'aws:PrincipalArn': 'alice' }, false),
  // Null and IfExists
  c(`${OPS}: Null true when the key is absent`, { Null: { [ec]: 'true' } }, {}, true),
  c(`${OPS}: Null true refuses a present key`, { Null: { [ec]: 'true' } }, { [ec]: 'IT' }, false),
  c(`${OPS}: Null false requires the key`, { Null: { 'kms:EncryptionContextKeys': 'false' } }, { 'kms:EncryptionContextKeys': ['Department'] }, true),
  c(`${OPS}: Null false refuses a request without encryption context`, { Null: { 'kms:EncryptionContextKeys': 'false' } }, {}, false),
  c(`${OPS}: StringEqualsIfExists is true when the key is absent`, { StringEqualsIfExists: { [ec]: 'IT' } }, {}, true),
  c(`${OPS}: StringEqualsIfExists compares a present key`, { StringEqualsIfExists: { [ec]: 'IT' } }, { [ec]: 'HR' }, false),
  c(`${OPS}: NumericLessThanIfExists absent`, { NumericLessThanIfExists: { 'kms:RotationPeriodInDays': 100 } }, {}, true, 'kms:EnableKeyRotation'),
  c(`${OPS}: ArnLikeIfExists present and matching`, { ArnLikeIfExists: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/*' } }, { 'aws:PrincipalArn': alice }, true),
  c(`${OPS}: BoolIfExists absent`, { BoolIfExists: { 'aws:SecureTransport': 'true' } }, {}, true),
  c(`${OPS}: IpAddressIfExists present outside`, { IpAddressIfExists: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '192.0.2.1' }, false),
  // Multivalued keys and set operators
  c(`${MULTI}: ForAllValues true when every request value is listed`, { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['Department', 'Project'] } }, { 'kms:EncryptionContextKeys': ['Department'] }, true),
  c(`${MULTI}: ForAllValues false when one request value is not listed`, { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['Department'] } }, { 'kms:EncryptionContextKeys': ['Department', 'Owner'] }, false),
  c(`${MULTI}: ForAllValues true when the key is absent`, { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['Department'] } }, {}, true),
  c(`${MULTI}: ForAnyValue true when one request value is listed`, { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['Department'] } }, { 'kms:EncryptionContextKeys': ['Owner', 'Department'] }, true),
  c(`${MULTI}: ForAnyValue false when none is listed`, { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['Department'] } }, { 'kms:EncryptionContextKeys': ['Owner'] }, false),
  c(`${MULTI}: ForAnyValue false when the key is absent`, { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['Department'] } }, {}, false),
  c(`${MULTI}: ForAnyValue:StringLike`, { 'ForAnyValue:StringLike': { 'kms:ResourceAliases': 'alias/finance-*' } }, { 'kms:ResourceAliases': ['alias/x', 'alias/finance-key'] }, true),
  c(`${MULTI}: ForAllValues:StringLike`, { 'ForAllValues:StringLike': { 'aws:TagKeys': 'cost-*' } }, { 'aws:TagKeys': ['cost-center', 'owner'] }, false, 'kms:TagResource'),
  c(`${MULTI}: ForAllValues:StringNotEquals true when no request value is listed`, { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['owner'] } }, { 'aws:TagKeys': ['cost-center'] }, true, 'kms:TagResource'),
  c(`${MULTI}: ForAnyValue:StringNotEquals true when some request value is not listed`, { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['owner'] } }, { 'aws:TagKeys': ['owner', 'x'] }, true, 'kms:TagResource'),
  c(`${MULTI}: ForAllValues:StringEqualsIgnoreCase`, { 'ForAllValues:StringEqualsIgnoreCase': { 'kms:GrantOperations': ['decrypt', 'encrypt'] } }, { 'kms:GrantOperations': ['Decrypt'] }, true, 'kms:CreateGrant'),
  c(`${MULTI}: a plain operator on a multivalued key matches when any value does`, { StringEquals: { 'kms:GrantOperations': 'Decrypt' } }, { 'kms:GrantOperations': ['Encrypt', 'Decrypt'] }, true, 'kms:CreateGrant'),
  // KMS condition keys
  c(`${KMS_KEYS}: kms:EncryptionContext:<key> allows the listed context`, { StringEquals: { 'kms:EncryptionContext:AppName': 'ExampleApp' } }, { 'kms:EncryptionContext:AppName': 'ExampleApp' }, true, 'kms:GenerateDataKey'),
  c(`${KMS_KEYS}: kms:EncryptionContext:<key> refuses another value`, { StringEquals: { 'kms:EncryptionContext:AppName': 'ExampleApp' } }, { 'kms:EncryptionContext:AppName': 'Other' }, false, 'kms:GenerateDataKey'),
  d(`${KMS_KEYS}: an explicit deny on an encryption-context value`, { StringEquals: { [ec]: 'Secret' } }, { [ec]: 'Secret' }, 'explicit-resource-deny'),
  d(`${KMS_KEYS}: the encryption-context deny spares other values`, { StringEquals: { [ec]: 'Secret' } }, { [ec]: 'Public' }, 'allow'),
  c(`${KMS_KEYS}: kms:EncryptionContextKeys requires a context key`, { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'AppName' } }, { 'kms:EncryptionContextKeys': ['AppName'] }, true, 'kms:Decrypt'),
  c(`${KMS_KEYS}: kms:CallerAccount`, { StringEquals: { 'kms:CallerAccount': A } }, { 'kms:CallerAccount': A }, true),
  c(`${KMS_KEYS}: kms:CallerAccount of another account`, { StringEquals: { 'kms:CallerAccount': B } }, { 'kms:CallerAccount': A }, false),
  c(`${KMS_KEYS}: kms:EncryptionAlgorithm SYMMETRIC_DEFAULT`, { StringEquals: { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' } }, { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' }, true),
  c(`${KMS_KEYS}: kms:EncryptionAlgorithm refuses RSA`, { StringEquals: { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' } }, { 'kms:EncryptionAlgorithm': 'RSAES_OAEP_SHA_256' }, false),
  c(`${KMS_KEYS}: kms:SigningAlgorithm`, { StringLike: { 'kms:SigningAlgorithm': 'ECDSA_*' } }, { 'kms:SigningAlgorithm': 'ECDSA_SHA_256' }, true, 'kms:Sign'),
  c(`${KMS_KEYS}: kms:MessageType RAW only`, { StringEquals: { 'kms:MessageType': 'RAW' } }, { 'kms:MessageType': 'DIGEST' }, false, 'kms:Sign'),
  c(`${KMS_KEYS}: kms:MacAlgorithm`, { StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' } }, { 'kms:MacAlgorithm': 'HMAC_SHA_256' }, true, 'kms:GenerateMac'),
  c(`${KMS_KEYS}: kms:KeySpec on CreateKey`, { StringEquals: { 'kms:KeySpec': 'SYMMETRIC_DEFAULT' } }, { 'kms:KeySpec': 'RSA_2048' }, false, 'kms:CreateKey'),
  c(`${KMS_KEYS}: kms:KeyUsage`, { StringEquals: { 'kms:KeyUsage': 'SIGN_VERIFY' } }, { 'kms:KeyUsage': 'SIGN_VERIFY' }, true, 'kms:Sign'),
  c(`${KMS_KEYS}: kms:KeyOrigin EXTERNAL only`, { StringEquals: { 'kms:KeyOrigin': 'EXTERNAL' } }, { 'kms:KeyOrigin': 'AWS_KMS' }, false),
  c(`${KMS_KEYS}: kms:GrantOperations within a list`, { 'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Decrypt', 'Encrypt'] } }, { 'kms:GrantOperations': ['Decrypt', 'RetireGrant'] }, false, 'kms:CreateGrant'),
  c(`${KMS_KEYS}: kms:GranteePrincipal`, { StringEquals: { 'kms:GranteePrincipal': bob } }, { 'kms:GranteePrincipal': bob }, true, 'kms:CreateGrant'),
  c(`${KMS_KEYS}: kms:RetiringPrincipal`, { StringEquals: { 'kms:RetiringPrincipal': bob } }, { 'kms:RetiringPrincipal': alice }, false, 'kms:CreateGrant'),
  c(`${KMS_KEYS}: kms:GrantIsForAWSResource true refuses a direct call`, { Bool: { 'kms:GrantIsForAWSResource': 'true' } }, { 'kms:GrantIsForAWSResource': 'false' }, false, 'kms:CreateGrant'),
  c(`${KMS_KEYS}: kms:RequestAlias`, { StringEquals: { 'kms:RequestAlias': 'alias/finance' } }, { 'kms:RequestAlias': 'alias/finance' }, true),
  c(`${KMS_KEYS}: kms:RequestAlias absent when the request names the key by id`, { StringEquals: { 'kms:RequestAlias': 'alias/finance' } }, {}, false),
  c(`${KMS_KEYS}: kms:ResourceAliases ForAnyValue`, { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/finance' } }, { 'kms:ResourceAliases': ['alias/finance', 'alias/x'] }, true),
  c(`${KMS_KEYS}: kms:ResourceAliases of a key without aliases`, { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/finance' } }, {}, false),
  c(`${KMS_KEYS}: kms:BypassPolicyLockoutSafetyCheck false`, { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': 'false' } }, { 'kms:BypassPolicyLockoutSafetyCheck': 'false' }, true, 'kms:PutKeyPolicy'),
  d(`${KMS_KEYS}: a deny of BypassPolicyLockoutSafetyCheck true`, { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': 'true' } }, { 'kms:BypassPolicyLockoutSafetyCheck': 'true' }, 'explicit-resource-deny', 'kms:PutKeyPolicy'),
  c(`${KMS_KEYS}: kms:RotationPeriodInDays bound`, { NumericLessThanEquals: { 'kms:RotationPeriodInDays': 180 } }, { 'kms:RotationPeriodInDays': '365' }, false, 'kms:EnableKeyRotation'),
  d(`${KMS_KEYS}: deny a short kms:ScheduleKeyDeletionPendingWindowInDays`, { NumericLessThan: { 'kms:ScheduleKeyDeletionPendingWindowInDays': 30 } }, { 'kms:ScheduleKeyDeletionPendingWindowInDays': '7' }, 'explicit-resource-deny', 'kms:ScheduleKeyDeletion'),
  d(`${KMS_KEYS}: kms:ViaService is absent for direct calls, so a ViaService allow-only condition fails`, { StringNotEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } }, {}, 'explicit-resource-deny'),
  {
    rule: `${KMS_KEYS}: kms:ViaService: the AWS managed key policy allows only via the service`, principal: alice, action: 'kms:Decrypt', context: {},
    keyPolicy: policy(when(allow('kms:Decrypt', '*', { AWS: '*' }), { StringEquals: { 'kms:CallerAccount': A, 'kms:ViaService': 'ebs.us-east-1.amazonaws.com' } })),
    identity: [policy(allow('kms:*'))], expect: 'no-resource-allow',
  },
  // Global condition keys
  c(`${GLOBAL}: aws:PrincipalArn`, { StringEquals: { 'aws:PrincipalArn': alice } }, { 'aws:PrincipalArn': alice }, true),
  c(`${GLOBAL}: aws:PrincipalAccount`, { StringEquals: { 'aws:PrincipalAccount': A } }, { 'aws:PrincipalAccount': A }, true),
  {
    rule: `${GLOBAL}: aws:PrincipalAccount in a key policy limits a "*" principal to one account`, principal: carolB, action: 'kms:Decrypt',
    context: { 'aws:PrincipalAccount': B }, keyPolicy: policy(when(allow('kms:Decrypt', '*', '*'), { StringEquals: { 'aws:PrincipalAccount': A } })),
    identity: [policy(allow('kms:*'))], expect: 'no-resource-allow',
  },
  c(`${GLOBAL}: aws:username`, { StringEquals: { 'aws:username': 'alice' } }, { 'aws:username': 'alice' }, true),
  c(`${GLOBAL}: aws:username is absent for role sessions`, { StringEquals: { 'aws:username': 'alice' } }, {}, false),
  c(`${GLOBAL}: aws:RequestTag/<key> on CreateKey`, { StringEquals: { 'aws:RequestTag/Project': 'Alpha' } }, { 'aws:RequestTag/Project': 'Alpha' }, true, 'kms:CreateKey'),
  c(`${GLOBAL}: aws:RequestTag/<key> with another value`, { StringEquals: { 'aws:RequestTag/Project': 'Alpha' } }, { 'aws:RequestTag/Project': 'Beta' }, false, 'kms:TagResource'),
  c(`${GLOBAL}: aws:ResourceTag/<key> (ABAC)`, { StringEquals: { 'aws:ResourceTag/Project': 'Alpha' } }, { 'aws:ResourceTag/Project': 'Alpha' }, true, 'kms:Decrypt'),
  c(`${GLOBAL}: aws:ResourceTag/<key> on an untagged key`, { StringEquals: { 'aws:ResourceTag/Project': 'Alpha' } }, {}, false, 'kms:Decrypt'),
  c(`${GLOBAL}: aws:TagKeys ForAllValues`, { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['Project', 'Owner'] } }, { 'aws:TagKeys': ['Project'] }, true, 'kms:UntagResource'),
  c(`${GLOBAL}: aws:CurrentTime window`, { DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2027-01-01T00:00:00Z' } }, { 'aws:CurrentTime': '2026-12-02T04:00:00Z' }, true),
  c(`${GLOBAL}: aws:SecureTransport on plain HTTP`, { Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'false' }, false),
  c(`${GLOBAL}: aws:SourceIp`, { IpAddress: { 'aws:SourceIp': '127.0.0.0/8' } }, { 'aws:SourceIp': '127.0.0.1' }, true),
  {
    rule: `${GLOBAL}: a key policy condition on aws:PrincipalArn with a role session`, principal: `arn:aws:sts::${A}:assumed-role/app/s`, action: 'kms:Decrypt',
    context: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/app` },
    keyPolicy: policy(when(allow('kms:Decrypt', '*', { AWS: rootA }), { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/app` } })),
    identity: [policy(allow('kms:Decrypt'))], expect: 'allow',
  },
  {
    rule: `${KMS_KEYS}: a cross-account caller under a kms:CallerAccount condition`, principal: carolB, action: 'kms:Encrypt', context: { 'kms:CallerAccount': B },
    keyPolicy: policy(when(allow('kms:Encrypt', '*', { AWS: B }), { StringEquals: { 'kms:CallerAccount': B } })),
    identity: [policy(allow('kms:Encrypt'))], expect: 'allow',
  },
];
