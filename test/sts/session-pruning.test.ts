/**
 * Expired STS sessions are deleted (issue 17): a session stays stored for a day after it expired,
 * and answers ExpiredToken on STS and ExpiredTokenException on KMS for that day; then the scheduler
 * (run by the dev clock as it moves) deletes it, and its credentials name no session: STS answers
 * InvalidClientTokenId "The security token included in the request is invalid." (HTTP 403) and KMS
 * UnrecognizedClientException with the same text, as AWS answers a token it does not know (STS API
 * Reference, Common Errors; NOTES.md §2). In dev mode they do not fall back to the dev-mode root,
 * while a stranger's temporary credentials (not issued here) still do.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { advanceClock, daySeconds } from '../helpers/dev-clock.js';
import { signKmsRequest, signStsRequest } from '../helpers/sign.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const configFile = fileURLToPath(new URL('./identities.yaml', import.meta.url));
const alice = { accessKeyId: 'AKIAEXAMPLEALICE0001', secretAccessKey: 'alice-secret-0001' };
const region = 'us-east-1';
let server: TestServer;

interface Creds { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
interface Reply { status: number; text: string }

before(async () => { server = await startTestServer({ dev: true, config: { configFile } }); });
after(async () => { await server?.close(); });

async function sts(body: string, creds: Creds): Promise<Reply> {
  const headers = await signStsRequest(server.endpoint, body, { region, ...creds });
  const res = await fetch(server.endpoint, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text() };
}

async function kms(target: string, creds: Creds): Promise<Reply> {
  const headers = await signKmsRequest(server.endpoint, target, '{}', { region, ...creds });
  const res = await fetch(server.endpoint, { method: 'POST', headers, body: '{}' });
  return { status: res.status, text: await res.text() };
}

const element = (xml: string, name: string): string => {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  assert.ok(m, `no <${name}> in ${xml}`);
  return m[1]!;
};

async function assumeRole(sessionName: string, durationSeconds: number): Promise<Creds> {
  const res = await sts(`Action=AssumeRole&Version=2011-06-15&RoleArn=${encodeURIComponent('arn:aws:iam::111122223333:role/app')}`
    + `&RoleSessionName=${sessionName}&DurationSeconds=${durationSeconds}`, alice);
  assert.equal(res.status, 200, res.text);
  return { accessKeyId: element(res.text, 'AccessKeyId'), secretAccessKey: element(res.text, 'SecretAccessKey'), sessionToken: element(res.text, 'SessionToken') };
}

const callerIdentity = 'Action=GetCallerIdentity&Version=2011-06-15';
const stsError = (code: string, message: string): RegExp => new RegExp(`<Error><Type>Sender</Type><Code>${code}</Code><Message>${message.replace(/\./g, '\\.')}</Message></Error>`);

test('an expired session answers ExpiredToken for a day after its expiry, then is deleted and answers InvalidClientTokenId', async () => {
  const first = await assumeRole('first', 900);
  const ok = await sts(callerIdentity, first);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(element(ok.text, 'Arn'), 'arn:aws:sts::111122223333:assumed-role/app/first');

  // 60 s before the retention ends: expired, still stored.
  await advanceClock(server.endpoint, 900 + daySeconds - 60);
  const expired = await sts(callerIdentity, first);
  assert.equal(expired.status, 403);
  assert.match(expired.text, stsError('ExpiredToken', 'The security token included in the request is expired'));
  const expiredKms = await kms('ListKeys', first);
  assert.equal(expiredKms.status, 400);
  assert.deepEqual(JSON.parse(expiredKms.text), { __type: 'ExpiredTokenException', message: 'The security token included in the request is expired' });

  // A session issued now outlives the next step's pruning.
  const second = await assumeRole('second', 3600);

  await advanceClock(server.endpoint, 120);
  const pruned = await sts(callerIdentity, first);
  assert.equal(pruned.status, 403);
  assert.match(pruned.text, stsError('InvalidClientTokenId', 'The security token included in the request is invalid.'));
  const prunedKms = await kms('ListKeys', first);
  assert.equal(prunedKms.status, 400);
  assert.deepEqual(JSON.parse(prunedKms.text), { __type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });

  const still = await sts(callerIdentity, second);
  assert.equal(still.status, 200, still.text);
  assert.equal(element(still.text, 'Arn'), 'arn:aws:sts::111122223333:assumed-role/app/second');
});

test('in dev mode, temporary credentials this server never issued still act as the account root', async () => {
  const stranger = { accessKeyId: 'ASIAEXAMPLESTRANGER1', secretAccessKey: 'x', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN' };
  const res = await sts(callerIdentity, stranger);
  assert.equal(res.status, 200, res.text);
  assert.equal(element(res.text, 'Arn'), 'arn:aws:iam::111122223333:root');
});
