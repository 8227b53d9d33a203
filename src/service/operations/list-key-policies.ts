/**
 * ListKeyPolicies: the names of the key's policies, which is always just `default`, in any key
 * state (RECORDED: `PolicyNames: ["default"], Truncated: false`, research §10).
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeyPolicies.html
 */
import { keyIdOrArn } from '../../domain/key/identifiers.js';
import { anyState } from '../../domain/key/key-state.js';
import type { Operation } from '../operation.js';
import { decodeMarker } from '../paging.js';
import { defaultPolicyName } from '../../domain/policy/policy-name.js';

export const listKeyPolicies: Operation<'ListKeyPolicies'> = {
  spec: {
    iamAction: 'kms:ListKeyPolicies',
    mutates: false,
    key: { reference: (input) => input.KeyId, forms: keyIdOrArn, acceptedStates: anyState },
  },
  async run(input) {
    // One name fits every page, so no marker is ever issued: any Marker is one we did not issue
    // and gets the InvalidMarkerException every other List* gives for it.
    decodeMarker(input.Marker, 'policies');
    return { PolicyNames: [defaultPolicyName], Truncated: false };
  },
};
