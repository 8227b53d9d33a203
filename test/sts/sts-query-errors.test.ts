/**
 * The AWS Query protocol's own errors on the STS endpoint, over raw signed HTTP (signing name `sts`,
 * form body, no X-Amz-Target), because no AWS client sends a request without a known Action.
 *
 * Codes, statuses and descriptions: AWS STS API Reference, "Common Errors"
 * (https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html): MissingAction "The request
 * is missing an action or a required parameter." HTTP 400; InvalidAction "The action or operation
 * requested is invalid." HTTP 400. The text of InvalidAction is the one Query services are recorded
 * answering, "Could not find operation <Action> for version <Version>" (aws/aws-cli#37, fog/fog-aws#368);
 * with no Version, NO_VERSION_SPECIFIED stands in for it. The whole ErrorResponse document is compared,
 * so the Type (Sender), the namespace and the RequestId (the x-amzn-RequestId header) are checked too.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signStsRequest } from '../helpers/sign.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;

before(async () => { server = await startTestServer({ dev: true }); });
after(async () => { await server?.close(); });

async function sts(body: string): Promise<{ status: number; text: string; requestId: string; contentType: string }> {
  const headers = await signStsRequest(server.endpoint, body, { region: 'us-east-1', accessKeyId: 'AKIDSTSQUERYTEST0001', secretAccessKey: 'x' });
  const res = await fetch(server.endpoint, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text(), requestId: res.headers.get('x-amzn-requestid') ?? '', contentType: res.headers.get('content-type') ?? '' };
}

function errorResponse(code: string, message: string, requestId: string): string {
  return '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>'
    + `<Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}

const cases: ReadonlyArray<[what: string, body: string, code: string, message: string]> = [
  ['a form body without Action', 'Version=2011-06-15', 'MissingAction', 'The request is missing an action or a required parameter.'],
  ['an empty Action', 'Action=&Version=2011-06-15', 'MissingAction', 'The request is missing an action or a required parameter.'],
  ['an empty form body', '', 'MissingAction', 'The request is missing an action or a required parameter.'],
  ['an unknown Action', 'Action=GetSessionTokens&Version=2011-06-15', 'InvalidAction', 'Could not find operation GetSessionTokens for version 2011-06-15'],
  ['a KMS operation name as Action', 'Action=Encrypt&Version=2011-06-15', 'InvalidAction', 'Could not find operation Encrypt for version 2011-06-15'],
  ['a known Action without Version', 'Action=GetCallerIdentity', 'InvalidAction', 'Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED'],
  ['a known Action of another Version', 'Action=GetCallerIdentity&Version=2010-05-08', 'InvalidAction', 'Could not find operation GetCallerIdentity for version 2010-05-08'],
];

for (const [what, body, code, message] of cases) {
  test(`STS answers ${what} with ${code}, HTTP 400, in an XML ErrorResponse`, async () => {
    const res = await sts(body);
    assert.equal(res.status, 400);
    assert.match(res.contentType, /^text\/xml/);
    assert.match(res.requestId, /^[0-9a-f-]{36}$/);
    assert.equal(res.text, errorResponse(code, message, res.requestId));
  });
}

test('the same signed request with a known Action and Version succeeds (the cases above fail for their Action alone)', async () => {
  const res = await sts('Action=GetCallerIdentity&Version=2011-06-15');
  assert.equal(res.status, 200, res.text);
  assert.match(res.text, /^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><GetCallerIdentityResult><Arn>arn:aws:iam::111122223333:root<\/Arn>/);
});
