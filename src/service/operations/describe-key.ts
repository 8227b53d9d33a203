/**
 * DescribeKey: metadata of a key named by key id, key ARN, alias name or alias ARN, in any state.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html
 */
import { allKeyForms } from '../../domain/key/identifiers.js';
import { anyState } from '../../domain/key/key-state.js';
import { toKeyMetadata } from '../key-metadata.js';
import { requireKey, type Operation } from '../operation.js';

export const describeKey: Operation<'DescribeKey'> = {
  spec: {
    iamAction: 'kms:DescribeKey',
    mutates: false,
    key: { reference: (input) => input.KeyId, forms: allKeyForms, acceptedStates: anyState, createsAwsManagedKey: true },
  },
  async run(_input, ctx) {
    const key = requireKey(ctx);
    return { KeyMetadata: toKeyMetadata(key, await ctx.deps.keyring.materialId(key)) };
  },
};
