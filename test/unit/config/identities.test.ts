/**
 * The identities file of `trent serve --config` (src/config/identities.ts): the shape of issue 17
 * item 1, YAML and JSON, and start-up validation whose messages name the bad path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdentityConfigError, loadIdentityConfig, readIdentityConfig } from '../../../src/config/identities.js';
import { RootKey } from '../../../src/crypto/at-rest.js';
import { describePrincipal } from '../../../src/domain/policy/principal.js';
import { IdentityDirectory } from '../../../src/service/identities.js';

const dir = mkdtempSync(join(tmpdir(), 'trent-identities-'));

const yamlText = `
accounts:
  - id: "111122223333"
    users:
      - name: alice
        accessKeys: [{ accessKeyId: AKIAEXAMPLEALICE0001, secretAccessKey: "alice-secret" }]
        policies:
          - Version: "2012-10-17"
            Statement: [{ Effect: Allow, Action: "kms:Encrypt", Resource: "*" }]
      - name: bob
    roles:
      - name: app
        trustPolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::111122223333:user/alice" }, Action: "sts:AssumeRole" }] }
        policies: [{ Version: "2012-10-17", Statement: { Effect: Allow, Action: "kms:*", Resource: "*" } }]
`;

function problems(document: unknown): string {
  try {
    readIdentityConfig(document, 'trent.yaml');
  } catch (error) {
    assert.ok(error instanceof IdentityConfigError);
    return error.message;
  }
  assert.fail('expected the document to be refused');
}

test('the YAML shape of the issue loads: users with ARNs, access keys, policies, roles with trust policies', () => {
  const path = join(dir, 'trent.yaml');
  writeFileSync(path, yamlText);
  const config = loadIdentityConfig(path);
  const [account] = config.accounts;
  assert.equal(account!.id, '111122223333');
  assert.deepEqual(account!.users.map((u) => [u.arn, u.accessKeys.length, u.policies.length]), [
    ['arn:aws:iam::111122223333:user/alice', 1, 1], ['arn:aws:iam::111122223333:user/bob', 0, 0],
  ]);
  assert.deepEqual(account!.roles.map((r) => [r.arn, r.policies.length, r.maxSessionDurationSeconds]), [['arn:aws:iam::111122223333:role/app', 1, 3600]]);
});

test('the same document as JSON loads the same identities', () => {
  const path = join(dir, 'trent.json');
  writeFileSync(path, JSON.stringify({ accounts: [{ id: '444455556666', users: [{ name: 'carol', accessKeys: [{ accessKeyId: 'AKIAEXAMPLECAROL001', secretAccessKey: 's' }] }] }] }));
  assert.equal(loadIdentityConfig(path).accounts[0]!.users[0]!.arn, 'arn:aws:iam::444455556666:user/carol');
});

test('validation names the path of each bad element', () => {
  assert.equal(problems({ accounts: [{ id: '111122223333', users: [{ name: 'ok' }, { name: 'bad name!' }] }] }),
    'trent.yaml: accounts[0].users[1].name: must be a user name of 1 to 64 letters, digits and +=,.@_-');
  assert.equal(problems({ accounts: [{ id: '12345' }] }), 'trent.yaml: accounts[0].id: must be a 12-digit account id, quoted ("111122223333")');
  assert.equal(problems({ accounts: [{ id: '111122223333', users: [{ name: 'a', policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Maybe', Action: '*' }] }] }] }] }),
    'trent.yaml: accounts[0].users[0].policies[0].Statement[1].Effect: must be "Allow" or "Deny"');
  assert.equal(problems({ accounts: [{ id: '111122223333', users: [{ name: 'a', policies: [{ Statement: { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' } }] }] }] }),
    'trent.yaml: accounts[0].users[0].policies[0].Statement.Principal: identity policies name no principal');
  assert.equal(problems({ accounts: [{ id: '111122223333', roles: [{ name: 'r' }] }] }),
    'trent.yaml: accounts[0].roles[0].trustPolicy: is required: it says who may assume the role');
  assert.equal(problems({ accounts: [{ id: '111122223333', users: [{ name: 'a', acessKeys: [] }] }] }),
    'trent.yaml: accounts[0].users[0].acessKeys: unknown element (expected one of name, accessKeys, policies)');
  assert.equal(problems({ accounts: [{ id: '111122223333', users: [{ name: 'a' }, { name: 'a' }] }] }),
    'trent.yaml: accounts[0].users[1].name: user a is declared twice in this account');
  assert.equal(problems({ accounts: [{ id: '111122223333', users: [{ name: 'a', policies: [{ Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringSmells: { 'aws:username': 'x' } } } }] }] }] }),
    'trent.yaml: accounts[0].users[0].policies[0].Statement.Condition.StringSmells: unknown condition operator StringSmells');
});

test('every problem is reported, one per line; an access key id is unique across accounts', () => {
  const message = problems({ accounts: [
    { id: '111122223333', users: [{ name: 'a', accessKeys: [{ accessKeyId: 'AKIAEXAMPLEDUP00001', secretAccessKey: 'x' }] }] },
    { id: '444455556666', users: [{ name: 'b', accessKeys: [{ accessKeyId: 'AKIAEXAMPLEDUP00001', secretAccessKey: '' }] }] },
  ] });
  assert.deepEqual(message.split('\n'), [
    'trent.yaml: accounts[1].users[0].accessKeys[0].accessKeyId: access key AKIAEXAMPLEDUP00001 is declared twice',
    'trent.yaml: accounts[1].users[0].accessKeys[0].secretAccessKey: must be a non-empty string',
  ]);
});

test('a file that is not YAML is refused with its name', () => {
  const path = join(dir, 'broken.yaml');
  writeFileSync(path, 'accounts: [\n');
  assert.throws(() => loadIdentityConfig(path), (e: Error) => e instanceof IdentityConfigError && e.message.startsWith(`${path}: not valid YAML or JSON`));
  assert.throws(() => loadIdentityConfig(join(dir, 'missing.yaml')), /cannot read the identities file .*ENOENT/);
});

test('the directory resolves configured keys (secret sealed under the root key), falls back for others, and finds policies', async () => {
  const path = join(dir, 'trent.yaml');
  writeFileSync(path, yamlText);
  const fallback = { resolve: async (id: string) => (id === 'AKIAADMIN' ? { secretAccessKey: 'adm', accountId: '111122223333', principalArn: 'arn:aws:iam::111122223333:root' } : undefined) };
  const directory = new IdentityDirectory(loadIdentityConfig(path), RootKey.fromBytes(Buffer.alloc(32, 1)), fallback);
  assert.deepEqual(await directory.resolve('AKIAEXAMPLEALICE0001'), { secretAccessKey: 'alice-secret', accountId: '111122223333', principalArn: 'arn:aws:iam::111122223333:user/alice' });
  assert.equal((await directory.resolve('AKIAADMIN'))?.secretAccessKey, 'adm');
  assert.equal(await directory.resolve('AKIAUNKNOWN'), undefined);
  assert.equal(directory.policiesFor(describePrincipal('arn:aws:iam::111122223333:user/alice')).length, 1);
  assert.equal(directory.policiesFor(describePrincipal('arn:aws:sts::111122223333:assumed-role/app/s1')).length, 1);
  assert.equal(directory.policiesFor(describePrincipal('arn:aws:iam::111122223333:root')).length, 0);
  assert.deepEqual(['arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::111122223333:user/nobody', 'arn:aws:iam::111122223333:role/app',
    'arn:aws:iam::111122223333:role/ghost', 'arn:aws:iam::999988887777:user/anyone', 'arn:aws:iam::111122223333:root'].map((a) => directory.principalExists(a)),
  [true, false, true, false, true, true]);
});
