/**
 * STS through boto3 (issue 17): botocore's Query-protocol serializer and XML parser, and its SigV4
 * signer with the signing name `sts`, against a dev-mode server with configured identities
 * (boto3-identities.yaml). The Python side (sts_boto3.py) makes the calls and prints what it saw;
 * every value is asserted here: get_caller_identity of a user, assume_role, KMS with the session's
 * credentials, get_caller_identity of the session, AccessDenied for a caller the trust policy does
 * not name, and ExpiredToken / ExpiredTokenException once the dev clock passes the expiry.
 *
 * AWS's texts: AssumeRole's AccessDenied "User: <caller> is not authorized to perform: sts:AssumeRole
 * on resource: <role>" (IAM User Guide, "Troubleshoot access denied error messages"), HTTP 403; the
 * expired token "The security token included in the request is expired", STS ExpiredToken HTTP 403
 * (STS API Reference, Common Errors / AssumeRole Errors) and KMS ExpiredTokenException HTTP 400.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

const script = fileURLToPath(new URL('./sts_boto3.py', import.meta.url));
const configFile = fileURLToPath(new URL('./boto3-identities.yaml', import.meta.url));
const account = '111122223333';
const sessionArn = `arn:aws:sts::${account}:assumed-role/app/boto3-session`;

let server: TestServer;
let summary: any;

before(async () => {
  server = await startTestServer({ dev: true, config: { configFile } });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'], HOME: process.env['HOME'], TRENT_ENDPOINT: server.endpoint,
    AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile('python3', [script], { env, timeout: 60_000 }, (error, out, err) => {
      if (error) reject(new Error(`boto3 script failed: ${error.message}\n${err}`));
      else resolve(out);
    });
  });
  summary = JSON.parse(stdout);
});
after(async () => { await server?.close(); });

test('boto3 get_caller_identity of a configured user: its IAM user ARN, an AIDA id and the account', () => {
  const { Arn, UserId, Account } = summary.alice_identity;
  assert.equal(Arn, `arn:aws:iam::${account}:user/alice`);
  assert.match(UserId, /^AIDA[A-Z2-7]{17}$/);
  assert.equal(Account, account);
});

test('boto3 assume_role returns ASIA credentials, the assumed-role user, and an Expiration DurationSeconds away', () => {
  const out = summary.assume_role;
  assert.match(out.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
  assert.equal(out.SecretAccessKeyLength, 40);
  assert.ok(out.SessionTokenLength >= 100, `SessionToken of ${out.SessionTokenLength} characters`);
  assert.equal(out.AssumedRoleUser.Arn, sessionArn);
  assert.match(out.AssumedRoleUser.AssumedRoleId, /^AROA[A-Z2-7]{17}:boto3-session$/);
  // Whole seconds, UTC, as STS writes it; the dev clock is the real one until the script moves it.
  assert.match(out.Expiration, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
  // Expiration = the server's time of the call in whole seconds + DurationSeconds (900).
  const [calledMs, returnedMs] = out.CalledBetweenMs as [number, number];
  const expiresMs = Date.parse(out.Expiration);
  assert.ok(expiresMs >= Math.floor(calledMs / 1000) * 1000 + 900_000 && expiresMs <= returnedMs + 900_000,
    `Expiration ${out.Expiration}, called between ${new Date(calledMs).toISOString()} and ${new Date(returnedMs).toISOString()}`);
});

test('boto3 get_caller_identity with the session credentials returns the assumed-role ARN and AssumedRoleId', () => {
  assert.deepEqual(summary.session_identity, { UserId: summary.assume_role.AssumedRoleUser.AssumedRoleId, Account: account, Arn: sessionArn });
});

test('boto3 KMS with the session credentials: the role policy allows create_key, encrypt and decrypt', () => {
  const k = summary.session_kms;
  assert.match(k.KeyArn, new RegExp(`^arn:aws:kms:us-east-1:${account}:key/[0-9a-f-]{36}$`));
  assert.equal(k.EncryptKeyId, k.KeyArn);
  assert.equal(k.DecryptKeyId, k.KeyArn);
  assert.equal(Buffer.from(k.Plaintext, 'base64').toString('utf8'), 'from an assumed role');
});

test('boto3 assume_role by a user the trust policy does not name: AccessDenied, HTTP 403, with AWS\'s text', () => {
  assert.deepEqual(summary.bob_assume_role, {
    code: 'AccessDenied', status: 403,
    message: `User: arn:aws:iam::${account}:user/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${account}:role/app`,
  });
});

test('boto3 after the dev clock passes the expiry: ExpiredToken on STS (403), ExpiredTokenException on KMS (400)', () => {
  assert.ok(Date.parse(summary.clock_after) > Date.parse(summary.assume_role.Expiration), `clock ${summary.clock_after}`);
  assert.deepEqual(summary.expired_sts, { code: 'ExpiredToken', message: 'The security token included in the request is expired', status: 403 });
  assert.deepEqual(summary.expired_kms, { code: 'ExpiredTokenException', message: 'The security token included in the request is expired', status: 400 });
});
