/**
 * CreateGrant, ListGrants, ListRetirableGrants, RetireGrant and RevokeGrant through the real AWS SDK
 * v3 against a dev-mode server, where a 12-digit access key id acts as that account's root: enough
 * principals to check the wire shapes, Name idempotency, grant tokens and who may retire a grant
 * (Developer Guide, "Retiring and revoking grants"), across accounts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateGrantCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, ListGrantsCommand,
  ListRetirableGrantsCommand, RetireGrantCommand, RevokeGrantCommand, ScheduleKeyDeletionCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { assertKmsError } from '../helpers/assert-kms-error.js';

const owner = '111122223333';
const other = '444455556666';
const third = '777788889999';
const bob = `arn:aws:iam::${other}:user/bob`;

let server: TestServer;
let kms: KMSClient;
let otherKms: KMSClient;
let thirdKms: KMSClient;

before(async () => {
  server = await startTestServer();
  assert.equal(server.accountId, owner);
  kms = server.client({ accessKeyId: owner });
  otherKms = server.client({ accessKeyId: other });
  thirdKms = server.client({ accessKeyId: third });
});
after(() => server.close());

async function newKey(): Promise<string> {
  return (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
}

describe('CreateGrant and ListGrants', () => {
  test('CreateGrant returns a 64-hex GrantId and a token; ListGrants shows the grant as AWS shapes it', async () => {
    const keyId = await newKey();
    const created = await kms.send(new CreateGrantCommand({
      KeyId: keyId, GranteePrincipal: bob, RetiringPrincipal: `arn:aws:iam::${owner}:role/ops`, Name: 'billing',
      Operations: ['Encrypt', 'Decrypt', 'Encrypt'], Constraints: { EncryptionContextSubset: { team: 'billing' } },
    }));
    assert.match(created.GrantId!, /^[0-9a-f]{64}$/);
    assert.ok(created.GrantToken!.length > 0);
    const listed = await kms.send(new ListGrantsCommand({ KeyId: keyId }));
    assert.equal(listed.Truncated, false);
    assert.equal(listed.NextMarker, undefined);
    assert.equal(listed.Grants!.length, 1);
    const [grant] = listed.Grants!;
    assert.ok(grant!.CreationDate instanceof Date);
    const { CreationDate: _, ...rest } = grant!;
    assert.deepEqual(rest, {
      KeyId: `arn:aws:kms:${server.region}:${owner}:key/${keyId}`,
      GrantId: created.GrantId,
      Name: 'billing',
      GranteePrincipal: bob,
      RetiringPrincipal: `arn:aws:iam::${owner}:role/ops`,
      IssuingAccount: `arn:aws:iam::${owner}:root`,
      Operations: ['Encrypt', 'Decrypt'],
      Constraints: { EncryptionContextSubset: { team: 'billing' } },
    });
  });

  test('a CreateGrant retried with the same Name and parameters returns the same GrantId and a new token', async () => {
    const keyId = await newKey();
    const request = { KeyId: keyId, GranteePrincipal: bob, Name: 'retry-me', Operations: ['Decrypt', 'Encrypt'] as const };
    const first = await kms.send(new CreateGrantCommand({ ...request, Operations: [...request.Operations] }));
    const again = await kms.send(new CreateGrantCommand({ ...request, Operations: ['Encrypt', 'Decrypt'] }));
    assert.equal(again.GrantId, first.GrantId);
    assert.notEqual(again.GrantToken, first.GrantToken);
    const different = await kms.send(new CreateGrantCommand({ ...request, Operations: ['Decrypt'] }));
    assert.notEqual(different.GrantId, first.GrantId, 'the same Name with other parameters is another grant');
    const unnamed = { KeyId: keyId, GranteePrincipal: bob, Operations: ['Decrypt' as const] };
    const a = await kms.send(new CreateGrantCommand(unnamed));
    const b = await kms.send(new CreateGrantCommand(unnamed));
    assert.notEqual(a.GrantId, b.GrantId, 'without a Name every CreateGrant makes a new grant');
    assert.equal((await kms.send(new ListGrantsCommand({ KeyId: keyId }))).Grants!.length, 4);
  });

  test('ListGrants pages with Limit and Marker, and filters by GrantId and GranteePrincipal', async () => {
    const keyId = await newKey();
    const carol = `arn:aws:iam::${owner}:user/carol`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: i % 2 ? carol : bob, Operations: ['DescribeKey', 'Decrypt'] }))).GrantId!);
    }
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await kms.send(new ListGrantsCommand({ KeyId: keyId, Limit: 2, ...(marker ? { Marker: marker } : {}) }));
      seen.push(...page.Grants!.map((g) => g.GrantId!));
      marker = page.NextMarker;
      assert.equal(page.Truncated, marker !== undefined);
      pages++;
    } while (marker !== undefined);
    assert.equal(pages, 3);
    assert.deepEqual(seen, [...ids].sort());
    const carols = await kms.send(new ListGrantsCommand({ KeyId: keyId, GranteePrincipal: carol }));
    assert.deepEqual(carols.Grants!.map((g) => g.GrantId).sort(), [ids[1], ids[3]].sort());
    const one = await kms.send(new ListGrantsCommand({ KeyId: keyId, GrantId: ids[2] }));
    assert.deepEqual(one.Grants!.map((g) => g.GrantId), [ids[2]]);
    assert.deepEqual((await kms.send(new ListGrantsCommand({ KeyId: keyId, GrantId: '0'.repeat(64) }))).Grants, []);
    await assertKmsError(kms.send(new ListGrantsCommand({ KeyId: keyId, Marker: 'bogus' })), 'InvalidMarkerException', 'Invalid marker');
  });

  test('CreateGrant refuses CreateGrant alone, an empty operation list and a principal that is no ARN', async () => {
    const keyId = await newKey();
    await assertKmsError(kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: bob, Operations: ['CreateGrant'] })),
      'ValidationException', 'Grants must not contain only the CreateGrant operation.');
    await assertKmsError(kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: bob, Operations: [] })),
      'ValidationException', 'Grants must contain at least one operation.');
    await assertKmsError(kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: 'bob', Operations: ['Decrypt'] })),
      'InvalidArnException', 'ARN does not refer to a valid principal: bob');
    await assertKmsError(kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: bob, RetiringPrincipal: 'arn:aws:iam::1:user/x', Operations: ['Decrypt'] })),
      'InvalidArnException', 'ARN does not refer to a valid principal: arn:aws:iam::1:user/x');
  });

  test('CreateGrant and ListGrants name their key by key id or key ARN only; an alias is NotFoundException', async () => {
    const keyId = await newKey();
    const arn = `arn:aws:kms:${server.region}:${owner}:key/${keyId}`;
    await kms.send(new CreateGrantCommand({ KeyId: arn, GranteePrincipal: bob, Operations: ['Decrypt'] }));
    assert.equal((await kms.send(new ListGrantsCommand({ KeyId: arn }))).Grants!.length, 1);
    await assertKmsError(kms.send(new CreateGrantCommand({ KeyId: 'alias/some', GranteePrincipal: bob, Operations: ['Decrypt'] })),
      'NotFoundException', "Invalid keyId 'alias/some'");
    await assertKmsError(kms.send(new ListGrantsCommand({ KeyId: 'invalid' })), 'NotFoundException', "Invalid keyId 'invalid'");
  });

  test('CreateGrant on a key pending deletion is KMSInvalidStateException; ListGrants still works', async () => {
    const keyId = await newKey();
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    const arn = `arn:aws:kms:${server.region}:${owner}:key/${keyId}`;
    await assertKmsError(kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: bob, Operations: ['Decrypt'] })),
      'KMSInvalidStateException', `${arn} is pending deletion.`);
    assert.deepEqual((await kms.send(new ListGrantsCommand({ KeyId: keyId }))).Grants, []);
  });

  test('a DryRun CreateGrant creates nothing', async () => {
    const keyId = await newKey();
    await assertKmsError(kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: bob, Operations: ['Decrypt'], DryRun: true })),
      'DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
    assert.deepEqual((await kms.send(new ListGrantsCommand({ KeyId: keyId }))).Grants, []);
  });
});

describe('grant tokens', () => {
  test('a grant token is accepted by the operations that take GrantTokens; a malformed one is InvalidGrantTokenException', async () => {
    const keyId = await newKey();
    const { GrantToken } = await kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: bob, Operations: ['Encrypt', 'Decrypt', 'DescribeKey'] }));
    const sealed = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('hi'), GrantTokens: [GrantToken!] }));
    const opened = await kms.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, GrantTokens: [GrantToken!] }));
    assert.equal(Buffer.from(opened.Plaintext!).toString(), 'hi');
    await kms.send(new DescribeKeyCommand({ KeyId: keyId, GrantTokens: [GrantToken!] }));
    for (const bad of ['not-a-token', GrantToken!.slice(0, -4), `${GrantToken!.slice(0, -3)}A==`.replace(/^./, 'B')]) {
      await assertKmsError(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('hi'), GrantTokens: [GrantToken!, bad] })),
        'InvalidGrantTokenException', 'Invalid grant token.');
    }
    await assertKmsError(kms.send(new DescribeKeyCommand({ KeyId: keyId, GrantTokens: ['x'] })), 'InvalidGrantTokenException', 'Invalid grant token.');
  });
});

describe('RetireGrant and RevokeGrant', () => {
  async function grantOn(keyId: string, extra: Partial<{ RetiringPrincipal: string; GranteePrincipal: string; Operations: ('Decrypt' | 'RetireGrant')[] }> = {}) {
    return kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: bob, Operations: ['Decrypt'], ...extra }));
  }

  test('the retiring principal of another account retires a grant by its token; ListGrants no longer shows it', async () => {
    const keyId = await newKey();
    const grant = await grantOn(keyId, { RetiringPrincipal: `arn:aws:iam::${other}:root` });
    await otherKms.send(new RetireGrantCommand({ GrantToken: grant.GrantToken }));
    assert.deepEqual((await kms.send(new ListGrantsCommand({ KeyId: keyId }))).Grants, []);
  });

  test('a principal the grant does not name may not retire it: AccessDeniedException', async () => {
    const keyId = await newKey();
    const grant = await grantOn(keyId, { RetiringPrincipal: `arn:aws:iam::${other}:root` });
    const keyArn = `arn:aws:kms:${server.region}:${owner}:key/${keyId}`;
    await assertKmsError(thirdKms.send(new RetireGrantCommand({ GrantToken: grant.GrantToken })),
      'AccessDeniedException', `User: arn:aws:iam::${third}:root is not authorized to perform: kms:RetireGrant on resource: ${keyArn}`);
    assert.equal((await kms.send(new ListGrantsCommand({ KeyId: keyId }))).Grants!.length, 1);
  });

  test('the grantee may retire a grant only when it includes RetireGrant', async () => {
    const keyId = await newKey();
    const keyArn = `arn:aws:kms:${server.region}:${owner}:key/${keyId}`;
    const without = await grantOn(keyId, { GranteePrincipal: `arn:aws:iam::${other}:root` });
    await assertKmsError(otherKms.send(new RetireGrantCommand({ KeyId: keyArn, GrantId: without.GrantId })),
      'AccessDeniedException', `User: arn:aws:iam::${other}:root is not authorized to perform: kms:RetireGrant on resource: ${keyArn}`);
    const withRetire = await grantOn(keyId, { GranteePrincipal: `arn:aws:iam::${other}:root`, Operations: ['Decrypt', 'RetireGrant'] });
    await otherKms.send(new RetireGrantCommand({ KeyId: keyArn, GrantId: withRetire.GrantId }));
    assert.deepEqual((await kms.send(new ListGrantsCommand({ KeyId: keyId }))).Grants!.map((g) => g.GrantId), [without.GrantId]);
  });

  test('the account in which the grant was created retires it by KeyId and GrantId', async () => {
    const keyId = await newKey();
    const grant = await grantOn(keyId);
    await kms.send(new RetireGrantCommand({ KeyId: keyId, GrantId: grant.GrantId }));
    assert.deepEqual((await kms.send(new ListGrantsCommand({ KeyId: keyId }))).Grants, []);
  });

  test('RetireGrant errors: neither token nor key and id, an unknown grant, a grant of another key, a bad token', async () => {
    const keyId = await newKey();
    const otherKeyId = await newKey();
    const grant = await grantOn(keyId);
    await assertKmsError(kms.send(new RetireGrantCommand({ GrantId: grant.GrantId })), 'ValidationException', 'Grant token OR (grant ID, key ID) must be specified');
    await assertKmsError(kms.send(new RetireGrantCommand({ KeyId: keyId, GrantId: '0'.repeat(64) })), 'NotFoundException', `Grant ID ${'0'.repeat(64)} not found`);
    await assertKmsError(kms.send(new RetireGrantCommand({ KeyId: otherKeyId, GrantId: grant.GrantId })), 'NotFoundException', `Grant ID ${grant.GrantId} not found`);
    await assertKmsError(kms.send(new RetireGrantCommand({ GrantToken: 'nope' })), 'InvalidGrantTokenException', 'Invalid grant token.');
    await kms.send(new RetireGrantCommand({ GrantToken: grant.GrantToken }));
    await assertKmsError(kms.send(new RetireGrantCommand({ GrantToken: grant.GrantToken })), 'NotFoundException', `Grant ID ${grant.GrantId} not found`);
  });

  test('RevokeGrant deletes a grant of the key; an unknown or foreign grant id is NotFoundException', async () => {
    const keyId = await newKey();
    const otherKeyId = await newKey();
    const grant = await grantOn(keyId);
    await assertKmsError(kms.send(new RevokeGrantCommand({ KeyId: otherKeyId, GrantId: grant.GrantId })), 'NotFoundException', `Grant ID ${grant.GrantId} not found`);
    await assertKmsError(kms.send(new RevokeGrantCommand({ KeyId: keyId, GrantId: grant.GrantId, DryRun: true })),
      'DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
    await kms.send(new RevokeGrantCommand({ KeyId: keyId, GrantId: grant.GrantId }));
    assert.deepEqual((await kms.send(new ListGrantsCommand({ KeyId: keyId }))).Grants, []);
    await assertKmsError(kms.send(new RevokeGrantCommand({ KeyId: keyId, GrantId: grant.GrantId })), 'NotFoundException', `Grant ID ${grant.GrantId} not found`);
  });

  test('ListRetirableGrants lists the grants of the caller\'s account with that retiring principal', async () => {
    const keyA = await newKey();
    const keyB = await newKey();
    const retirer = `arn:aws:iam::${owner}:role/retirer-${Date.now()}`;
    const one = await grantOn(keyA, { RetiringPrincipal: retirer });
    const two = await grantOn(keyB, { RetiringPrincipal: retirer });
    await grantOn(keyA);
    const listed = await kms.send(new ListRetirableGrantsCommand({ RetiringPrincipal: retirer, Limit: 1 }));
    assert.equal(listed.Truncated, true);
    const rest = await kms.send(new ListRetirableGrantsCommand({ RetiringPrincipal: retirer, Marker: listed.NextMarker! }));
    assert.equal(rest.Truncated, false);
    assert.deepEqual([...listed.Grants!, ...rest.Grants!].map((g) => g.GrantId), [one.GrantId, two.GrantId].sort());
    assert.equal(rest.Grants![0]!.RetiringPrincipal, retirer);
    assert.deepEqual((await otherKms.send(new ListRetirableGrantsCommand({ RetiringPrincipal: retirer }))).Grants, [], 'another account sees none');
  });
});
