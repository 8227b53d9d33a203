/**
 * GetParametersForImport: a fresh RSA wrapping key pair (RSA_2048/3072/4096) and an import token
 * valid 24 hours, bound to this key (service/import-token.ts). Keys with imported material only
 * (UnsupportedOperationException `origin is AWS_KMS…`, RECORDED); PendingDeletion is
 * KMSInvalidStateException (table footnote [8]). The key pair is generated asynchronously, so a
 * 4096-bit request never blocks other requests. RSAES_PKCS1_V1_5 gets a clear 400 (NOTES.md §3).
 * Importable specs: symmetric, HMAC, RSA and ECC (crypto/import-wrapping.ts); RSA private keys only
 * through RSA_AES_KEY_WRAP_* (ValidationException otherwise).
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html
 */
import { ValidationException } from '../../api/errors.js';
import { UnsupportedOperationException } from '../../api/generated/errors.js';
import { generateWrappingKeyPair, canImportKeySpec, needsAesKeyWrap, wrappingAlgorithms, wrappingKeyBits } from '../../crypto/import-wrapping.js';
import { keyIdOrArn } from '../../domain/key/identifiers.js';
import { anyState } from '../../domain/key/key-state.js';
import { importTokenLifetimeMs } from '../../domain/key/lifecycle.js';
import { pkcs1WrappingUnsupported, rsaMaterialNeedsAesKeyWrap, wrappingNotSupported } from '../../domain/messages-lifecycle.js';
import { unsupportedValue } from '../../domain/messages.js';
import { sealImportToken } from '../import-token.js';
import { requireOrigin, requireState } from '../lifecycle-checks.js';
import { requireKey, type Operation } from '../operation.js';

export const importableStates = ['Enabled', 'Disabled', 'PendingImport'] as const;

export const getParametersForImport: Operation<'GetParametersForImport'> = {
  spec: {
    iamAction: 'kms:GetParametersForImport',
    mutates: false,
    readsClock: true,
    key: { reference: (input) => input.KeyId, forms: keyIdOrArn, acceptedStates: anyState },
  },
  async run(input, ctx) {
    const key = requireKey(ctx);
    requireOrigin(key, 'EXTERNAL');
    requireState(key, importableStates, 'GetParametersForImport');
    if (!canImportKeySpec(key.keySpec)) throw new UnsupportedOperationException(unsupportedValue('imported key material for KeySpec', key.keySpec));
    if (input.WrappingAlgorithm === 'RSAES_PKCS1_V1_5') throw new UnsupportedOperationException(pkcs1WrappingUnsupported);
    const bits = wrappingKeyBits[input.WrappingKeySpec];
    if (wrappingAlgorithms[input.WrappingAlgorithm] === undefined || bits === undefined) {
      throw new UnsupportedOperationException(wrappingNotSupported(input.WrappingAlgorithm, input.WrappingKeySpec));
    }
    if (needsAesKeyWrap(key.keySpec, input.WrappingAlgorithm)) throw new ValidationException(rsaMaterialNeedsAesKeyWrap(input.WrappingAlgorithm, key.keySpec));
    const pair = await generateWrappingKeyPair(bits);
    try {
      const expiresMs = ctx.deps.clock.nowMs() + importTokenLifetimeMs;
      const token = sealImportToken(ctx.deps.keyring, key.arn, {
        expiresMs, wrappingAlgorithm: input.WrappingAlgorithm, wrappingKeySpec: input.WrappingKeySpec, privateKeyDer: pair.privateKeyDer,
      });
      return { KeyId: key.arn, ImportToken: token, PublicKey: pair.publicKeyDer, ParametersValidTo: new Date(expiresMs) };
    } finally {
      pair.privateKeyDer.fill(0);
    }
  },
};
