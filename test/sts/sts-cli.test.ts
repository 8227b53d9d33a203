/**
 * STS on the KMS port through the stock AWS CLI (issue 17 items 1-2): get-caller-identity for a
 * configured user and a dev-mode root, assume-role, the returned credentials on STS and on KMS, their
 * expiry on the dev clock (ExpiredToken in STS's XML, ExpiredTokenException in KMS's JSON), and the
 * bad inputs STS refuses, with exact codes and messages.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { spawnServer, type SpawnedServer } from '../helpers/spawn-server.js';
import { advanceClock } from '../helpers/dev-clock.js';

const config = fileURLToPath(new URL('./identities.yaml', import.meta.url));
// The CLI checks lengths and ranges itself; this profile turns that off so the server's answer shows.
const noClientValidation = fileURLToPath(new URL('./no-client-validation.cfg', import.meta.url));
const alice = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEALICE0001', AWS_SECRET_ACCESS_KEY: 'alice-secret-0001' };
const roleArn = 'arn:aws:iam::111122223333:role/app';
let server: SpawnedServer;

interface Run { code: number; stdout: string; stderr: string }

function aws(args: string[], creds: Record<string, string>): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'], HOME: process.env['HOME'], AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_DEFAULT_REGION: 'us-east-1', AWS_MAX_ATTEMPTS: '1', ...creds,
  };
  return new Promise((resolve) => {
    execFile('aws', [...args, '--endpoint-url', server.endpoint, '--output', 'json'], { env, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr: stderr.trim() });
    });
  });
}

async function ok(args: string[], creds: Record<string, string>): Promise<any> {
  const run = await aws(args, creds);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout);
}

before(async () => {
  server = await spawnServer({ dev: true, args: ['--config', config] });
});
after(async () => { await server?.close(); });

test('get-caller-identity: a configured user has its ARN and an AIDA id; an unknown dev-mode key is the account root', async () => {
  const user = await ok(['sts', 'get-caller-identity'], alice);
  assert.equal(user.Arn, 'arn:aws:iam::111122223333:user/alice');
  assert.equal(user.Account, '111122223333');
  assert.match(user.UserId, /^AIDA[A-Z2-7]{17}$/);
  assert.deepEqual(await ok(['sts', 'get-caller-identity'], alice), user, 'the id is stable');
  const root = await ok(['sts', 'get-caller-identity'], { AWS_ACCESS_KEY_ID: 'AKIDSOMEONEELSE00001', AWS_SECRET_ACCESS_KEY: 'x' });
  assert.deepEqual(root, { UserId: '111122223333', Account: '111122223333', Arn: 'arn:aws:iam::111122223333:root' });
});

test('a configured key with a wrong secret is SignatureDoesNotMatch on STS', async () => {
  const run = await aws(['sts', 'get-caller-identity'], { ...alice, AWS_SECRET_ACCESS_KEY: 'wrong' });
  assert.notEqual(run.code, 0);
  assert.match(run.stderr, /\(SignatureDoesNotMatch\) when calling the GetCallerIdentity operation: The request signature we calculated does not match/);
});

test('assume-role issues ASIA credentials that act as the session on STS and on KMS, until DurationSeconds pass', async () => {
  const out = await ok(['sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', 'ci-run.1', '--duration-seconds', '900'], alice);
  const c = out.Credentials;
  assert.match(c.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
  assert.equal(out.AssumedRoleUser.Arn, 'arn:aws:sts::111122223333:assumed-role/app/ci-run.1');
  assert.match(out.AssumedRoleUser.AssumedRoleId, /^AROA[A-Z2-7]{17}:ci-run\.1$/);
  const expiresIn = Date.parse(c.Expiration) - Date.now();
  assert.ok(expiresIn > 880_000 && expiresIn <= 900_000, `Expiration ${c.Expiration}`);
  const session = { AWS_ACCESS_KEY_ID: c.AccessKeyId, AWS_SECRET_ACCESS_KEY: c.SecretAccessKey, AWS_SESSION_TOKEN: c.SessionToken };
  const who = await ok(['sts', 'get-caller-identity'], session);
  assert.deepEqual(who, { UserId: out.AssumedRoleUser.AssumedRoleId, Account: '111122223333', Arn: out.AssumedRoleUser.Arn });
  const key = await ok(['kms', 'create-key'], session);
  assert.match(key.KeyMetadata.Arn, /^arn:aws:kms:us-east-1:111122223333:key\//);
  // A wrong token for the session's key is not the session.
  const forged = await aws(['sts', 'get-caller-identity'], { ...session, AWS_SESSION_TOKEN: 'forged' });
  assert.match(forged.stderr, /\(InvalidClientTokenId\) when calling the GetCallerIdentity operation: The security token included in the request is invalid\.?$/);

  await advanceClock(server.endpoint, 901);
  const sts = await aws(['sts', 'get-caller-identity'], session);
  assert.match(sts.stderr, /An error occurred \(ExpiredToken\) when calling the GetCallerIdentity operation: The security token included in the request is expired$/);
  const kms = await aws(['kms', 'list-keys'], session);
  assert.match(kms.stderr, /An error occurred \(ExpiredTokenException\) when calling the ListKeys operation: The security token included in the request is expired$/);
});

const refusals: ReadonlyArray<[string, string[], RegExp]> = [
  ['bad RoleSessionName', ['--role-arn', roleArn, '--role-session-name', 'bad name!'],
    /\(ValidationError\) when calling the AssumeRole operation: 1 validation error detected: Value 'bad name!' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: \[\\w\+=,\.@-\]\*$/],
  ['short RoleSessionName', ['--role-arn', roleArn, '--role-session-name', 'a'],
    /\(ValidationError\) when calling the AssumeRole operation: 1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2$/],
  ['DurationSeconds below 900', ['--role-arn', roleArn, '--role-session-name', 'ok', '--duration-seconds', '899'],
    /\(ValidationError\) when calling the AssumeRole operation: 1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900$/],
  ['DurationSeconds above 43200', ['--role-arn', roleArn, '--role-session-name', 'ok', '--duration-seconds', '43201'],
    /\(ValidationError\) when calling the AssumeRole operation: 1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200$/],
  ['DurationSeconds above the role maximum', ['--role-arn', roleArn, '--role-session-name', 'ok', '--duration-seconds', '7200'],
    /\(ValidationError\) when calling the AssumeRole operation: The requested DurationSeconds exceeds the MaxSessionDuration set for this role\.$/],
  ['unknown role', ['--role-arn', 'arn:aws:iam::111122223333:role/nope', '--role-session-name', 'ok'],
    /\(AccessDenied\) when calling the AssumeRole operation: User: arn:aws:iam::111122223333:user\/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role\/nope$/],
];

for (const [what, args, expected] of refusals) {
  test(`assume-role refuses ${what}`, async () => {
    const run = await aws(['sts', 'assume-role', ...args], { ...alice, AWS_CONFIG_FILE: noClientValidation });
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, expected);
  });
}

test('the account root may not assume a role', async () => {
  const run = await aws(['sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', 'ok'], { AWS_ACCESS_KEY_ID: 'AKIDSOMEONEELSE00001', AWS_SECRET_ACCESS_KEY: 'x' });
  assert.match(run.stderr, /\(AccessDenied\) when calling the AssumeRole operation: Roles may not be assumed by root accounts\.$/);
});
