/**
 * The one function that renders `ValidationFailure[]` as AWS's ValidationException text
 * (DESIGN.md habit 4). Every fact used here is in docs/research/aws-kms-messages.md §4; where
 * nothing was recorded, the choice is marked at the line.
 *
 * Must never: echo the value of a sensitive member (recorded: "Value at 'plaintext' failed to
 * satisfy constraint: …"), or be bypassed by hand-typed validation texts elsewhere.
 */
import type { ValidationFailure } from './validate.js';

/**
 * Enum orders AWS was recorded printing (research §4: "the order is not alphabetical"; it is the
 * iteration order of AWS's internal set). The generated model is sorted, so these override it.
 * Values the model has gained since a recording (KEY_AGREEMENT, ML_DSA_*, …) follow in model order:
 * that tail is our guess, the recorded prefix is not.
 */
const recordedEnumOrder: Readonly<Record<string, readonly string[]>> = {
  // CreateKey KeySpec='HMAC_random' (LS-SNAP create-hmac-key-invalid-spec, 2023-04-13)
  KeySpec: ['RSA_2048', 'ECC_NIST_P384', 'ECC_NIST_P256', 'ECC_NIST_P521', 'HMAC_384', 'RSA_3072', 'ECC_SECG_P256K1',
    'RSA_4096', 'SYMMETRIC_DEFAULT', 'HMAC_256', 'HMAC_224', 'HMAC_512'],
  // CreateKey KeyUsage='RANDOM' (LS-SNAP create-hmac-key-invalid-key-usage)
  KeyUsageType: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC'],
  // GenerateMac/VerifyMac MacAlgorithm='INVALID' (LS-SNAP test_invalid_generate_mac)
  MacAlgorithmSpec: ['HMAC_SHA_384', 'HMAC_SHA_256', 'HMAC_SHA_224', 'HMAC_SHA_512'],
};

function enumDisplayOrder(shape: string, values: readonly string[]): readonly string[] {
  const recorded = recordedEnumOrder[shape];
  if (recorded === undefined) return values;
  const head = recorded.filter((v) => values.includes(v));
  return [...head, ...values.filter((v) => !head.includes(v))];
}

/**
 * A value as Coral prints it inside the quotes. Strings and numbers verbatim (recorded:
 * `Value '0'`, full 257-character tag values). Lists and maps as Java's `toString` (`[a, b]`,
 * `{k=v}`): our choice, nothing recorded for KMS.
 */
function renderPlain(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(renderPlain).join(', ')}]`;
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).map((k) => `${k}=${renderPlain((value as Record<string, unknown>)[k])}`).join(', ')}}`;
  }
  return String(value);
}

/** `Value 'x' at`, `Value null at`, or, for sensitive members and blobs, `Value at`. */
function subject(f: ValidationFailure): string {
  if (f.kind === 'required') return 'Value null';
  // Recorded for the sensitive `plaintext`: the value is omitted entirely, no quotes.
  if (f.sensitive) return 'Value';
  // Blobs are never echoed, sensitive or not: our choice, following the (unrecorded) local-kms text
  // "Value at 'ciphertextBlob' failed to satisfy constraint" for an empty CiphertextBlob.
  if (f.kind === 'length' && f.value instanceof Uint8Array) return 'Value';
  return `Value '${renderPlain(f.value)}'`;
}

function constraint(f: ValidationFailure): string {
  switch (f.kind) {
    case 'required':
      return 'Member must not be null';
    case 'length':
      return f.min !== undefined
        ? `Member must have length greater than or equal to ${f.min}`
        : `Member must have length less than or equal to ${f.max}`;
    case 'range':
      return f.min !== undefined
        ? `Member must have value greater than or equal to ${f.min}`
        : `Member must have value less than or equal to ${f.max}`;
    case 'pattern':
      // The model's pattern text as written (Java syntax), not our compiled JS form.
      return `Member must satisfy regular expression pattern: ${f.pattern}`;
    case 'enum':
      return `Member must satisfy enum value set: [${enumDisplayOrder(f.shape, f.values).join(', ')}]`;
  }
}

/**
 * Renders failures as AWS does: "1 validation error detected: <item>" or
 * "N validation errors detected: <item>; <item>", each item being
 * "Value '<v>' at '<path>' failed to satisfy constraint: <constraint>".
 */
export function formatValidationMessage(failures: readonly ValidationFailure[]): string {
  const n = failures.length;
  const items = failures.map((f) => `${subject(f)} at '${f.path}' failed to satisfy constraint: ${constraint(f)}`);
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${items.join('; ')}`;
}
