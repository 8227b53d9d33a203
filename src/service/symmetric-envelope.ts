/**
 * What Encrypt, Decrypt, ReEncrypt and GenerateDataKey* share: sealing bytes under a symmetric
 * key's current backing key, and opening a blob with the backing-key version it names.
 * Crypto primitives live in crypto/ciphertext-blob.ts; this module adds key lookup and AWS's rules
 * on EncryptionAlgorithm.
 * https://docs.aws.amazon.com/kms/latest/developerguide/symm-asymm-choose-key-spec.html
 */
import { IncorrectKeyException, InvalidCiphertextException, KMSInternalException } from '../api/generated/errors.js';
import { AccessDeniedException, ValidationException } from '../api/errors.js';
import { allKeyForms } from '../domain/key/identifiers.js';
import { usableStates } from '../domain/key/key-state.js';
import { ciphertextKeyNotAccessible, incorrectKey, keyMaterialUnavailable, memberMustNotBeNull } from '../domain/messages.js';
import type { KeyRecord } from '../domain/key/key-record.js';
import { invalidCiphertextMessage, openSymmetric, parseCiphertextHeader, sealSymmetric } from '../crypto/ciphertext-blob.js';
import type { ServiceDeps } from './deps.js';
import type { KeyRule, OperationContext } from './operation.js';

type Context = Record<string, string> | undefined;

/** A blob and the KeyMaterialId of the backing key that made or opened it. */
export interface SealResult { readonly blob: Buffer; readonly materialId: string }
export interface OpenResult { readonly plaintext: Buffer; readonly materialId: string }

/** Encrypts `plaintext` under the key's current backing key, binding `context` as AAD. */
export async function sealUnder(deps: ServiceDeps, key: KeyRecord, plaintext: Uint8Array, context: Context): Promise<SealResult> {
  const opened = await deps.keyring.backingKey(key);
  // The current version is written with the key (createKey is atomic), so its absence is a fault.
  if (!opened) throw new KMSInternalException(keyMaterialUnavailable);
  const blob = sealSymmetric({
    keyId: key.keyId,
    version: key.currentVersion,
    backingKey: opened.keyObject,
    plaintext,
    encryptionContext: context,
    randomBytes: (n) => deps.random.bytes(n),
  });
  return { blob, materialId: opened.materialId };
}

/**
 * The model leaves CiphertextBlob optional on Decrypt and ReEncrypt (it serves DryRunModifiers);
 * neither can work without it, so its absence is the Coral "must not be null" failure.
 */
export function requireBlob(blob: Uint8Array | undefined): Uint8Array {
  if (blob === undefined) throw new ValidationException(memberMustNotBeNull('ciphertextBlob'));
  return blob;
}

/** The key id a blob names, or InvalidCiphertextException when it is no Trent blob. */
export function blobKeyId(blob: Uint8Array): string {
  return parseCiphertextHeader(blob).keyId;
}

/**
 * Decrypts a blob that names `key`. A version that does not exist, a wrong context and any tamper
 * all give the same InvalidCiphertextException (DESIGN.md habit 2).
 */
export async function openUnder(deps: ServiceDeps, key: KeyRecord, blob: Uint8Array, context: Context): Promise<OpenResult> {
  const { keyId, version } = parseCiphertextHeader(blob);
  const opened = keyId === key.keyId ? await deps.keyring.backingKey(key, version) : undefined;
  if (!opened) throw new InvalidCiphertextException(invalidCiphertextMessage);
  const plaintext = openSymmetric({ blob, backingKey: opened.keyObject, encryptionContext: context });
  return { plaintext, materialId: opened.materialId };
}

/**
 * The KeyRule of Decrypt and ReEncrypt: the key is the one the blob's header names, in the caller's
 * scope or, when that key's policy shares it, another account's (cross-account Decrypt). A blob
 * whose key the caller cannot reach (none, deleted, another region, another account that does not
 * share it, or a key policy that gives the caller nothing: PolicyAuthorizer's `hidden`) gets AWS's
 * one AccessDeniedException for all of them, so Decrypt reveals no key's existence (issue 17
 * item 7). A blob whose key the caller may use but that fails to open stays
 * InvalidCiphertextException (openUnder).
 */
export function blobKeyRule<O extends 'Decrypt' | 'ReEncrypt'>(): KeyRule<O> {
  return {
    reference: (input) => blobKeyId(requireBlob(input.CiphertextBlob)),
    forms: ['keyId'],
    acceptedStates: usableStates,
    keyUsages: ['ENCRYPT_DECRYPT'],
    ciphertextKey: true,
    notFound: () => new AccessDeniedException(ciphertextKeyNotAccessible),
  };
}

/**
 * Decrypt's KeyId and ReEncrypt's SourceKeyId are optional; when given (in any identifier form)
 * they must name the blob's key, else IncorrectKeyException.
 */
export async function checkNamedKey(ctx: Pick<OperationContext, 'deps' | 'request'>, named: string | undefined, blobKey: KeyRecord): Promise<void> {
  if (named === undefined) return;
  const key = await ctx.deps.keys.find(ctx.request.caller, named, allKeyForms);
  if (key.keyId !== blobKey.keyId) throw new IncorrectKeyException(incorrectKey);
}
