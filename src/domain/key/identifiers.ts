/**
 * Parsing of the four ways a request can name a key (NOTES.md §1; AWS API Reference, "KeyId"
 * parameter of DescribeKey): key id, key ARN, alias name, alias ARN. Pure: no I/O.
 * https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id
 */

/** A key reference as the request wrote it, classified. */
export type KeyReference =
  | { readonly kind: 'keyId'; readonly keyId: string }
  | { readonly kind: 'keyArn'; readonly region: string; readonly accountId: string; readonly keyId: string }
  | { readonly kind: 'aliasName'; readonly aliasName: string }
  | { readonly kind: 'aliasArn'; readonly region: string; readonly accountId: string; readonly aliasName: string }
  | { readonly kind: 'invalid'; readonly text: string };

/** The forms an operation accepts (DescribeKey: all four; EnableKey: key id or key ARN). */
export type KeyReferenceForm = KeyReference['kind'];

// A multi-Region key id is `mrk-` and 32 lowercase hex digits. Trent creates none yet, but a
// well-formed one is a key id that names no key: AWS answers NotFoundException `Key '<arn>' does
// not exist` for it (RECORDED, LS-SNAP `Key '<mrk-key-arn>' does not exist`), not `Invalid keyId`.
const keyIdPattern = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
// Partition `aws` only: Trent answers as a commercial-partition endpoint, so an `aws-cn` or
// `aws-us-gov` ARN names no key here.
const arnPattern = /^arn:aws:kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/;

/** True when `text` is a KMS key id (a lowercase RFC 4122 UUID as Trent issues them, or a multi-Region `mrk-` id). */
export function isKeyId(text: string): boolean {
  return keyIdPattern.test(text);
}

/** Classifies a KeyId parameter value. */
export function parseKeyReference(text: string): KeyReference {
  if (text.startsWith('alias/')) return { kind: 'aliasName', aliasName: text };
  if (keyIdPattern.test(text)) return { kind: 'keyId', keyId: text };
  const arn = arnPattern.exec(text);
  if (arn) {
    const [, region, accountId, type, rest] = arn as unknown as [string, string, string, string, string];
    if (type === 'key' && keyIdPattern.test(rest)) return { kind: 'keyArn', region, accountId, keyId: rest };
    if (type === 'alias') return { kind: 'aliasArn', region, accountId, aliasName: `alias/${rest}` };
  }
  return { kind: 'invalid', text };
}

/** `arn:aws:kms:<region>:<account>:key/<keyId>` */
export function keyArn(region: string, accountId: string, keyId: string): string {
  return `arn:aws:kms:${region}:${accountId}:key/${keyId}`;
}

/** `arn:aws:kms:<region>:<account>:alias/<name>` for an alias name `alias/<name>`. */
export function aliasArn(region: string, accountId: string, aliasName: string): string {
  return `arn:aws:kms:${region}:${accountId}:${aliasName}`;
}

/** `arn:aws:iam::<account>:root`, the account's root principal. */
export function accountRootArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

/** Every identifier form: what DescribeKey, Encrypt, GenerateDataKey… accept. */
export const allKeyForms: readonly KeyReferenceForm[] = ['keyId', 'keyArn', 'aliasName', 'aliasArn'];
/** Key id or key ARN only: what management operations (EnableKey, TagResource…) accept. */
export const keyIdOrArn: readonly KeyReferenceForm[] = ['keyId', 'keyArn'];
