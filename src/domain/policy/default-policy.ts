/**
 * The default key policy AWS KMS attaches to a key created through the API without a Policy: one
 * statement giving the account root `kms:*`, which lets IAM policies govern access to the key.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
 * GetKeyPolicy returns it in AWS's own pretty-printed layout (`"Key" : value`, two-space indent),
 * reproduced here byte for byte so clients comparing documents see what AWS sends.
 */
export function defaultKeyPolicy(accountId: string): string {
  return `{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::${accountId}:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}`;
}
