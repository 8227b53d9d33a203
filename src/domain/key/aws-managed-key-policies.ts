/**
 * The key policy AWS writes on each AWS managed key, one entry per predefined alias of
 * aws-managed-keys.ts. They differ by service (statement names, actions, extra statements for the
 * service principal, ACM's grant-only statements), so each is written out. Pure data.
 *
 * Source: the policies GetKeyPolicy returned for these keys in a reference account in us-east-1,
 * published by Fog Security's "AWS Managed KMS Keys Tracker" (FogSecurity/aws-managed-kms-keys,
 * reference_key_policies/<service>.json, periodic update of 2025-03-16), here with that account and
 * Region as parameters. Cross-checked where AWS documents one: the Secrets Manager and DynamoDB
 * user guides ("Key policy of the AWS managed key"; their examples show older Ids, auto-…-1), the
 * EBS example in the community.aws kms_key_info module docs (auto-ebs-2). What they have in common:
 * use only through the named service (kms:ViaService) by principals of the account
 * (kms:CallerAccount), metadata (Describe*, Get*, List*) to the account directly ("Key policies for
 * AWS managed keys", Developer Guide).
 * https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key
 * https://www.fogsecurity.io/blog/encryption-aws-managed-kms-keys
 */
import type { PolicyJson } from '../policy/policy-layout.js';

/** One policy: its statements for the key's account and Region. */
export type AwsManagedKeyPolicy = (accountId: string, region: string) => { readonly Id: string; readonly Statement: readonly PolicyJson[] };

const useActions = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'];
const useActionsNoGrant = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];
const metadataActions = ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant'];
const readActions = ['kms:Describe*', 'kms:Get*', 'kms:List*'];

/** "Allow access through <name> for all principals in the account that are authorized to use <name>". */
const through = (name: string): string => `Allow access through ${name} for all principals in the account that are authorized to use ${name}`;

/** The use statement: any principal of the account, only through the service. */
function use(sid: string, actions: PolicyJson, accountId: string, viaService: string): PolicyJson {
  return {
    Sid: sid, Effect: 'Allow', Principal: { AWS: '*' }, Action: actions, Resource: '*',
    Condition: { StringEquals: { 'kms:CallerAccount': accountId, 'kms:ViaService': viaService } },
  };
}

/** The same, for every Region of the service (`StringLike` on `<service>.*.amazonaws.com`). */
function useAnyRegion(sid: string, actions: PolicyJson, accountId: string, service: string): PolicyJson {
  return {
    Sid: sid, Effect: 'Allow', Principal: { AWS: '*' }, Action: actions, Resource: '*',
    Condition: { StringEquals: { 'kms:CallerAccount': accountId }, StringLike: { 'kms:ViaService': `${service}.*.amazonaws.com` } },
  };
}

/** "Allow direct access to key metadata to the account". */
function metadata(accountId: string, actions: PolicyJson = metadataActions): PolicyJson {
  return { Sid: 'Allow direct access to key metadata to the account', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: actions, Resource: '*' };
}

/** The service principal may read the key itself (DynamoDB, OpenSearch, X-Ray). */
function serviceReads(sid: string, servicePrincipal: string): PolicyJson {
  return { Sid: sid, Effect: 'Allow', Principal: { Service: servicePrincipal }, Action: readActions, Resource: '*' };
}

const via = (service: string, region: string): string => `${service}.${region}.amazonaws.com`;

/** ACM: grants for its own resources only, Decrypt through ACM, and the owner's read and revoke. */
const acm: AwsManagedKeyPolicy = (a, r) => {
  const grantFor = (sid: string, operations: PolicyJson): PolicyJson => ({
    Sid: sid, Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:CreateGrant', Resource: '*',
    Condition: {
      StringEquals: { 'kms:CallerAccount': a, 'kms:ViaService': via('acm', r) },
      'ForAllValues:StringEquals': { 'kms:GrantOperations': operations },
      Bool: { 'kms:GrantIsForAWSResource': 'true' },
    },
  });
  const statements: PolicyJson[] = [
    grantFor('Allow creation of decryption grants', 'Decrypt'),
    grantFor('Allow creation of encryption grant', ['Encrypt', 'ReEncryptFrom', 'ReEncryptTo']),
    {
      Sid: 'Allowed operations for the key owner', Effect: 'Allow', Principal: { AWS: '*' },
      Action: ['kms:DescribeKey', 'kms:ListGrants', 'kms:RevokeGrant', 'kms:GetKeyPolicy'], Resource: '*',
      Condition: { StringEquals: { 'kms:CallerAccount': a } },
    },
    {
      Sid: 'Deny re-encryption to any other key', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:ReEncrypt*', Resource: '*',
      Condition: { Bool: { 'kms:ReEncryptOnSameKey': 'false' } },
    },
    {
      Sid: 'Allow decrypt', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*',
      Condition: { StringEquals: { 'kms:CallerAccount': a, 'kms:ViaService': via('acm', r) } },
    },
  ];
  return { Id: 'auto-acm-4', Statement: statements };
};

const sns: AwsManagedKeyPolicy = (a, r) => ({
  Id: 'auto-sns-2',
  Statement: [
    use(through('SNS'), ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:ListGrants', 'kms:DescribeKey'], a, via('sns', r)),
    metadata(a),
    {
      Sid: 'Allow SNS to decrypt archived messages', Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'kms:Decrypt', Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': a }, ArnLike: { 'aws:SourceArn': `arn:*:sns:${r}:${a}:*` } },
    },
  ],
});

const secretsManager: AwsManagedKeyPolicy = (a, r) => ({
  Id: 'auto-secretsmanager-2',
  Statement: [
    use(through('AWS Secrets Manager'), ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:CreateGrant', 'kms:DescribeKey'], a, via('secretsmanager', r)),
    useAnyRegion(through('AWS Secrets Manager'), 'kms:GenerateDataKey*', a, 'secretsmanager'),
    metadata(a),
  ],
});

/** Policies by alias suffix (`alias/aws/<suffix>`). */
export const awsManagedKeyPolicies = {
  acm,
  dynamodb: (a) => ({
    Id: 'auto-dynamodb-3',
    Statement: [
      useAnyRegion(through('Amazon DynamoDB'), useActions, a, 'dynamodb'),
      metadata(a),
      serviceReads('Allow DynamoDB to directly describe the key', 'dynamodb.amazonaws.com'),
    ],
  }),
  ebs: (a, r) => ({ Id: 'auto-ebs-2', Statement: [use(through('EBS'), useActions, a, via('ec2', r)), metadata(a)] }),
  elasticfilesystem: (a, r) => ({
    Id: 'auto-elasticfilesystem-1',
    Statement: [use('Allow access to EFS for all principals in the account that are authorized to use EFS', useActions, a, via('elasticfilesystem', r)), metadata(a)],
  }),
  es: (a, r) => ({
    Id: 'auto-es-2',
    Statement: [
      use(through('OpenSearch Service'), useActions, a, via('es', r)),
      metadata(a),
      serviceReads('Allow OpenSearch service principals to describe the key directly', 'es.amazonaws.com'),
    ],
  }),
  glue: (a, r) => ({ Id: 'auto-glue-1', Statement: [use(through('Glue'), useActions, a, via('glue', r)), metadata(a)] }),
  kinesisvideo: (a, r) => ({ Id: 'auto-kinesisvideo-1', Statement: [use(through('Kinesis Video Streams'), useActions, a, via('kinesisvideo', r)), metadata(a)] }),
  // Lambda's Id carries no revision number in the reference account.
  lambda: (a, r) => ({ Id: 'auto-awslambda', Statement: [use(through('AWS Lambda'), useActions, a, via('lambda', r)), metadata(a)] }),
  rds: (a, r) => ({
    Id: 'auto-rds-2',
    Statement: [use(through('RDS'), ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:ListGrants', 'kms:DescribeKey'], a, via('rds', r)), metadata(a)],
  }),
  redshift: (a, r) => ({
    Id: 'auto-redshift-3',
    Statement: [
      use(through('RedShift'), useActions, a, via('redshift', r)),
      use(through('RedShift-Serverless'), useActions, a, via('redshift-serverless', r)),
      metadata(a),
    ],
  }),
  s3: (a, r) => ({ Id: 'auto-s3-2', Statement: [use(through('S3'), useActionsNoGrant, a, via('s3', r)), metadata(a, readActions)] }),
  secretsmanager: secretsManager,
  sns,
  sqs: (a, r) => ({
    Id: 'auto-sqs-1',
    Statement: [use('Allow access through Simple Queue Service (SQS) for all principals in the account that are authorized to use SQS', useActions, a, via('sqs', r)), metadata(a)],
  }),
  ssm: (a, r) => ({ Id: 'auto-ssm-1', Statement: [use(through('SSM'), useActionsNoGrant, a, via('ssm', r)), metadata(a, readActions)] }),
  xray: (a, r) => ({
    Id: 'auto-xray-1',
    Statement: [
      use(through('X-Ray'), useActions, a, via('xray', r)),
      metadata(a),
      serviceReads('Allow X-Ray Service with service principal name xray.amazonaws.com to describe the key directly', 'xray.amazonaws.com'),
    ],
  }),
} satisfies Record<string, AwsManagedKeyPolicy>;
