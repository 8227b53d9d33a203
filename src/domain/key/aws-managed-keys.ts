/**
 * AWS managed keys: the predefined `alias/aws/<service>` aliases AWS lists in every account and
 * Region, and what the key AWS creates behind one looks like. ONE table: ListAliases, key creation
 * and the key policy all read it. Pure: no I/O.
 *
 * - ListAliases "includes … predefined aliases [that] are not associated with a KMS key (no
 *   TargetKeyId) until the service first uses it" (ListAliases API Reference, Response syntax).
 * - DescribeKey: "If you call the DescribeKey operation on a predefined AWS alias, that is, an AWS
 *   alias with no key ID, AWS KMS creates an AWS managed key. Then, it associates the alias with the
 *   new KMS key" (DescribeKey API Reference).
 * - "AWS KMS automatically rotates AWS managed keys every year (approximately 365 days)" (Developer
 *   Guide, AWS managed keys; Rotating AWS KMS keys).
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ListAliases.html
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key
 */
import { reservedAliasPrefix } from '../alias/alias-name.js';

/** One predefined alias: `alias/aws/<suffix>`. */
export interface AwsManagedAlias {
  /** The part after `alias/aws/` (also the key policy's Id: `auto-<suffix>-1`). */
  readonly suffix: string;
  /** The service's endpoint prefix in `kms:ViaService` (`<prefix>.<region>.amazonaws.com`). */
  readonly viaService: string;
  /** The service as the key policy's first statement names it ("Allow access through …"). */
  readonly serviceName: string;
  /** What the key protects in its Description: "Default key that protects my <this> when no other key is defined". */
  readonly protects: string;
}

/**
 * The aliases ListAliases shows in a new account (alias/aws/acm … alias/aws/xray), plus those of
 * services that create theirs on first use (sns, sqs). Descriptions are the texts DescribeKey
 * returns for these keys in real accounts ("Default key that protects my S3 objects when no other
 * key is defined", "… my RDS database volumes …", "… my SSM parameters …", "… my EFS filesystems …").
 * Sorted by suffix, which is ListAliases' order.
 */
export const awsManagedAliases: readonly AwsManagedAlias[] = [
  { suffix: 'acm', viaService: 'acm', serviceName: 'AWS Certificate Manager', protects: 'ACM private keys' },
  { suffix: 'dynamodb', viaService: 'dynamodb', serviceName: 'Amazon DynamoDB', protects: 'DynamoDB data' },
  { suffix: 'ebs', viaService: 'ec2', serviceName: 'EBS', protects: 'EBS volumes' },
  { suffix: 'elasticfilesystem', viaService: 'elasticfilesystem', serviceName: 'EFS', protects: 'EFS filesystems' },
  { suffix: 'es', viaService: 'es', serviceName: 'Amazon Elasticsearch Service', protects: 'Elasticsearch data' },
  { suffix: 'glue', viaService: 'glue', serviceName: 'AWS Glue', protects: 'Glue data' },
  { suffix: 'kinesisvideo', viaService: 'kinesisvideo', serviceName: 'Amazon Kinesis Video Streams', protects: 'Kinesis Video Streams data' },
  { suffix: 'lambda', viaService: 'lambda', serviceName: 'AWS Lambda', protects: 'Lambda functions' },
  { suffix: 'rds', viaService: 'rds', serviceName: 'RDS', protects: 'RDS database volumes' },
  { suffix: 'redshift', viaService: 'redshift', serviceName: 'Amazon Redshift', protects: 'Redshift data' },
  { suffix: 's3', viaService: 's3', serviceName: 'Amazon S3', protects: 'S3 objects' },
  { suffix: 'secretsmanager', viaService: 'secretsmanager', serviceName: 'AWS Secrets Manager', protects: 'Secrets Manager data' },
  { suffix: 'sns', viaService: 'sns', serviceName: 'Amazon SNS', protects: 'SNS data' },
  { suffix: 'sqs', viaService: 'sqs', serviceName: 'Amazon SQS', protects: 'SQS messages' },
  { suffix: 'ssm', viaService: 'ssm', serviceName: 'AWS Systems Manager', protects: 'SSM parameters' },
  { suffix: 'xray', viaService: 'xray', serviceName: 'AWS X-Ray', protects: 'X-Ray data' },
];

/** Full alias names (`alias/aws/s3`), sorted as ListAliases sorts (byte order). */
export const awsManagedAliasNames: readonly string[] = awsManagedAliases.map((a) => `${reservedAliasPrefix}${a.suffix}`);

/** The table row for a full alias name, or undefined when it is not a predefined alias. */
export function awsManagedAlias(aliasName: string): AwsManagedAlias | undefined {
  if (!aliasName.startsWith(reservedAliasPrefix)) return undefined;
  const suffix = aliasName.slice(reservedAliasPrefix.length);
  return awsManagedAliases.find((a) => a.suffix === suffix);
}

/** DescribeKey's Description of the AWS managed key behind `alias`. */
export function awsManagedKeyDescription(alias: AwsManagedAlias): string {
  return `Default key that protects my ${alias.protects} when no other key is defined`;
}

/** "AWS KMS automatically rotates AWS managed keys every year" (Developer Guide, Rotating keys). */
export const awsManagedRotationDays = 365;

/**
 * The key policy AWS writes on an AWS managed key (Developer Guide, "Default key policy", key policy
 * for an AWS managed key): the service may use the key on behalf of any principal of the account
 * (`kms:ViaService` + `kms:CallerAccount`), and the account may read its metadata directly. Nothing
 * else: no principal can manage it, which is why management calls are refused (service/aws-managed-key-rule.ts).
 * In AWS's GetKeyPolicy layout (`"Key" : value`, two-space indent), as domain/policy/default-policy.ts.
 */
export function awsManagedKeyPolicy(alias: AwsManagedAlias, accountId: string, region: string): string {
  return `{
  "Version" : "2012-10-17",
  "Id" : "auto-${alias.suffix}-1",
  "Statement" : [ {
    "Sid" : "Allow access through ${alias.serviceName} for all principals in the account that are authorized to use ${alias.serviceName}",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "*"
    },
    "Action" : [ "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey" ],
    "Resource" : "*",
    "Condition" : {
      "StringEquals" : {
        "kms:CallerAccount" : "${accountId}",
        "kms:ViaService" : "${alias.viaService}.${region}.amazonaws.com"
      }
    }
  }, {
    "Sid" : "Allow direct access to key metadata to the account",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::${accountId}:root"
    },
    "Action" : [ "kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant" ],
    "Resource" : "*"
  } ]
}`;
}

/**
 * The IAM actions the AWS managed key policy allows at all: the service statement's (through the
 * service) and the metadata statement's (directly). Every other action on such a key is refused
 * with AccessDeniedException, whoever asks.
 */
export function awsManagedKeyPolicyAllows(iamAction: string): boolean {
  if (['kms:Encrypt', 'kms:Decrypt', 'kms:CreateGrant', 'kms:DescribeKey', 'kms:RevokeGrant'].includes(iamAction)) return true;
  return ['kms:ReEncrypt', 'kms:GenerateDataKey', 'kms:Describe', 'kms:Get', 'kms:List'].some((prefix) => iamAction.startsWith(prefix));
}
