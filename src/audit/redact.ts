/**
 * requestParameters and responseElements of a CloudTrail record, from the generated schema table.
 *
 * Rules (what CloudTrail logs for KMS, https://docs.aws.amazon.com/kms/latest/developerguide/understanding-kms-entries.html):
 *   - a member whose shape is @sensitive (Plaintext, KeyStorePassword …) is never logged;
 *   - no blob is ever logged either: ciphertexts, signatures, MACs, messages, wrapped key material
 *     and public keys are bytes CloudTrail leaves out, and a blob is never safe to assume harmless;
 *   - member names are the API's, decapitalised the way CloudTrail's Java serializer does
 *     (java.beans.Introspector.decapitalize: `KeyId` → `keyId`, but `AWSAccountId` stays);
 *   - timestamps are written as CloudTrail writes them in KMS records: "Aug 10, 2022, 10:38:27 PM" (UTC);
 *   - responseElements is null unless the operation is in `loggedResponse`, which names the output
 *     members CloudTrail records for it (ct-*.md pages of the Developer Guide). A new operation needs
 *     at most one row there; its request side needs nothing.
 */
import { operations, type OperationName } from '../api/generated/operations.js';
import { schemas } from '../api/generated/schemas.js';
import type { ShapeSchema } from '../api/schema.js';

/**
 * Output members CloudTrail logs per operation (everything else: responseElements null).
 * CreateKey/ReplicateKey: ct-createkey.md; ScheduleKeyDeletion: ct-schedule-key-deletion.md;
 * CancelKeyDeletion: ct-cancel-key-deletion.md; CreateGrant: ct-creategrant.md (grantId only, never
 * the grant token); CreateCustomKeyStore: ct-create-keystore.md.
 */
export const loggedResponse: Partial<Record<OperationName, readonly string[]>> = {
  CreateKey: ['KeyMetadata'],
  ReplicateKey: ['ReplicaKeyMetadata'],
  ScheduleKeyDeletion: ['KeyId', 'DeletionDate', 'KeyState', 'PendingWindowInDays'],
  CancelKeyDeletion: ['KeyId'],
  CreateGrant: ['GrantId'],
  CreateCustomKeyStore: ['CustomKeyStoreId'],
};

/** Input members CloudTrail leaves out although they are neither sensitive nor blobs. */
const omittedRequest: Partial<Record<OperationName, readonly string[]>> = {
  // Grant tokens are bearer credentials for a grant (ct-creategrant.md logs grantId, not tokens).
  Encrypt: ['GrantTokens'], Decrypt: ['GrantTokens'], ReEncrypt: ['GrantTokens'], GenerateDataKey: ['GrantTokens'],
  GenerateDataKeyWithoutPlaintext: ['GrantTokens'], GenerateDataKeyPair: ['GrantTokens'],
  GenerateDataKeyPairWithoutPlaintext: ['GrantTokens'], Sign: ['GrantTokens'], Verify: ['GrantTokens'],
  GenerateMac: ['GrantTokens'], VerifyMac: ['GrantTokens'], DescribeKey: ['GrantTokens'], GetPublicKey: ['GrantTokens'],
  DeriveSharedSecret: ['GrantTokens'], CreateGrant: ['GrantTokens'], RetireGrant: ['GrantToken'],
};

/** java.beans.Introspector.decapitalize: lower the first letter unless the first two are capitals. */
export function decapitalize(name: string): string {
  if (name.length > 1 && name[1] === name[1]!.toUpperCase() && name[1] !== name[1]!.toLowerCase() && name[0] === name[0]!.toUpperCase()) {
    return name;
  }
  return name.charAt(0).toLowerCase() + name.slice(1);
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Aug 10, 2022, 10:38:27 PM" in UTC, the form KMS records carry for dates (ct-createkey.md). */
export function cloudTrailDate(date: Date): string {
  const h = date.getUTCHours();
  const hour12 = h % 12 === 0 ? 12 : h % 12;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${months[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}, `
    + `${hour12}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

/** The value to log for `value` of shape `shapeName`, or undefined to leave it out. */
function render(shapeName: string, value: unknown): unknown {
  const shape: ShapeSchema | undefined = schemas[shapeName];
  if (shape === undefined || value === undefined || value === null) return undefined;
  if ('sensitive' in shape && shape.sensitive) return undefined;
  switch (shape.type) {
    case 'blob':
      return undefined;
    case 'timestamp':
      return value instanceof Date ? cloudTrailDate(value) : undefined;
    case 'structure':
      return renderStructure(shapeName, value as Record<string, unknown>);
    case 'list': {
      if (!Array.isArray(value)) return undefined;
      const items = value.map((item) => render(shape.member, item)).filter((item) => item !== undefined);
      return items;
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const rendered = render(shape.value, v);
        if (rendered !== undefined) out[k] = rendered;
      }
      return out;
    }
    default:
      return value;
  }
}

function renderStructure(shapeName: string, value: Record<string, unknown>, only?: readonly string[], omit?: readonly string[]): Record<string, unknown> | undefined {
  const shape = schemas[shapeName];
  if (shape?.type !== 'structure') return undefined;
  const out: Record<string, unknown> = {};
  for (const [member, schema] of Object.entries(shape.members)) {
    if (only !== undefined && !only.includes(member)) continue;
    if (omit?.includes(member)) continue;
    const rendered = render(schema.target, value[member]);
    if (rendered !== undefined) out[decapitalize(member)] = rendered;
  }
  return out;
}

/** requestParameters for `input` of operation `name`; null when nothing is left to log. */
export function requestParameters(name: OperationName, input: unknown): Record<string, unknown> | null {
  if (input === undefined || input === null) return null;
  const out = renderStructure(operations[name].input, input as Record<string, unknown>, undefined, omittedRequest[name]);
  return out === undefined || Object.keys(out).length === 0 ? null : out;
}

/** responseElements for `output` of operation `name`: null unless `loggedResponse` lists members. */
export function responseElements(name: OperationName, output: unknown): Record<string, unknown> | null {
  const members = loggedResponse[name];
  if (members === undefined || output === undefined || output === null) return null;
  const out = renderStructure(operations[name].output, output as Record<string, unknown>, members);
  return out === undefined || Object.keys(out).length === 0 ? null : out;
}
