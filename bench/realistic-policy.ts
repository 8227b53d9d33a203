/**
 * `npm run bench -- --realistic-policy` (issue 17, Speed): the requests come from a configured IAM
 * user whose identity policy allows the key, and the key has a realistic key policy: the default one
 * (the account root may do everything: Developer Guide, "Default key policy") plus two statements
 * with conditions, one for the user's cryptographic use under an encryption-context condition and
 * one denying everyone outside the account. Every request is then evaluated against three statements
 * of the key policy and the user's identity policy, as a production server would do.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Credentials } from './signing.js';

const account = '111122223333';
const user = `arn:aws:iam::${account}:user/bench-app`;

/** The bench user's access key (the file holds its secret, as a real configuration would). */
export const benchUser: Credentials = { accessKeyId: 'AKIABENCHAPPUSER0001', secretAccessKey: 'bench-app-secret-not-for-production' };

/** Writes the identities file and returns the `serve` arguments that load it. */
export function realisticPolicyArgs(): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'trent-bench-config-')), 'identities.json');
  writeFileSync(file, JSON.stringify({
    accounts: [{
      id: account,
      users: [{
        name: 'bench-app',
        accessKeys: [benchUser],
        policies: [{
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'], Resource: `arn:aws:kms:*:${account}:key/*` }],
        }],
      }],
    }],
  }));
  return ['--config', file];
}

/** The key policy of the bench key: the default statement and two with conditions. */
export function realisticKeyPolicy(): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'Allow use of the key by the application', Effect: 'Allow', Principal: { AWS: user },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*',
        Condition: { StringEquals: { 'kms:EncryptionContext:purpose': 'bench' }, 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['purpose', 'tenant'] } },
      },
      {
        Sid: 'Deny callers of other accounts', Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*',
        Condition: { StringNotEquals: { 'kms:CallerAccount': account } },
      },
    ],
  });
}
