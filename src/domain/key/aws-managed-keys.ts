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
import { awsPolicyLayout } from '../policy/policy-layout.js';
import { awsManagedKeyPolicies, type AwsManagedKeyPolicy } from './aws-managed-key-policies.js';

/** One predefined alias: `alias/aws/<suffix>`. */
export interface AwsManagedAlias {
  /** The part after `alias/aws/`. */
  readonly suffix: string;
  /** What the key protects in its Description: "Default key that protects my <this> when no other key is defined". */
  readonly protects: string;
  /** The key policy AWS writes on the key (aws-managed-key-policies.ts). */
  readonly policy: AwsManagedKeyPolicy;
}

/**
 * The aliases ListAliases shows in a new account (alias/aws/acm … alias/aws/xray), plus those of
 * services that create theirs on first use (sns, sqs). Sorted by suffix, which is ListAliases' order.
 *
 * Descriptions are the texts DescribeKey returned for these keys in real accounts, as published
 * (describe-key outputs, Terraform imports of the keys, scanners that recognise them by their
 * description). Keys created before AWS renamed "customer master keys" to "KMS keys" (2021) say
 * "Default master key that protects my …"; those created since, "Default key that protects my …"
 * (aws/rds of 2021-12, aws/sqs of 2022-06): the newer form is used for all. Where only the older
 * form was found, the row says so; aws/redshift's was not found at all (searched: "protects my
 * Redshift", "protects my Amazon Redshift", "Redshift data when no other key" in the code, docs and
 * pages corpora), so its text is the pattern's, unverified.
 */
export const awsManagedAliases: readonly AwsManagedAlias[] = [
  { suffix: 'acm', protects: 'ACM private keys', policy: awsManagedKeyPolicies.acm },
  { suffix: 'dynamodb', protects: 'DynamoDB data', policy: awsManagedKeyPolicies.dynamodb },
  { suffix: 'ebs', protects: 'EBS volumes', policy: awsManagedKeyPolicies.ebs },
  { suffix: 'elasticfilesystem', protects: 'EFS filesystems', policy: awsManagedKeyPolicies.elasticfilesystem },
  // Found only in the older "master key" form; the key policy now names "OpenSearch Service".
  { suffix: 'es', protects: 'Elasticsearch data', policy: awsManagedKeyPolicies.es },
  // Older form only.
  { suffix: 'glue', protects: 'Glue data', policy: awsManagedKeyPolicies.glue },
  // Older form only, lower case as published ("… protects my kinesis video data …").
  { suffix: 'kinesisvideo', protects: 'kinesis video data', policy: awsManagedKeyPolicies.kinesisvideo },
  { suffix: 'lambda', protects: 'Lambda functions', policy: awsManagedKeyPolicies.lambda },
  { suffix: 'rds', protects: 'RDS database volumes', policy: awsManagedKeyPolicies.rds },
  // UNVERIFIED (see above).
  { suffix: 'redshift', protects: 'Redshift data', policy: awsManagedKeyPolicies.redshift },
  { suffix: 's3', protects: 'S3 objects', policy: awsManagedKeyPolicies.s3 },
  { suffix: 'secretsmanager', protects: 'Secrets Manager data', policy: awsManagedKeyPolicies.secretsmanager },
  { suffix: 'sns', protects: 'SNS data', policy: awsManagedKeyPolicies.sns },
  { suffix: 'sqs', protects: 'SQS messages', policy: awsManagedKeyPolicies.sqs },
  { suffix: 'ssm', protects: 'SSM parameters', policy: awsManagedKeyPolicies.ssm },
  // Older form only.
  { suffix: 'xray', protects: 'X-Ray data', policy: awsManagedKeyPolicies.xray },
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
 * The key policy AWS writes on the AWS managed key behind `alias`, in AWS's GetKeyPolicy layout.
 * None lets any principal manage the key, which is why management calls are refused whoever asks.
 */
export function awsManagedKeyPolicy(alias: AwsManagedAlias, accountId: string, region: string): string {
  const { Id, Statement } = alias.policy(accountId, region);
  return awsPolicyLayout({ Version: '2012-10-17', Id, Statement });
}

/**
 * The IAM actions some AWS managed key's policy allows at all (the union over
 * aws-managed-key-policies.ts: use through the service, metadata and RevokeGrant to the account).
 * Every other action on such a key is refused with AccessDeniedException, whoever asks; the
 * authorizer then decides the rest from the key's own policy.
 */
export function awsManagedKeyPolicyAllows(iamAction: string): boolean {
  if (['kms:Encrypt', 'kms:Decrypt', 'kms:CreateGrant', 'kms:DescribeKey', 'kms:RevokeGrant'].includes(iamAction)) return true;
  return ['kms:ReEncrypt', 'kms:GenerateDataKey', 'kms:Describe', 'kms:Get', 'kms:List'].some((prefix) => iamAction.startsWith(prefix));
}
