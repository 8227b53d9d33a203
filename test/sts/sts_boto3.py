"""boto3's STS client (AWS Query protocol, SigV4 signing name sts) against a dev-mode Trent server.

Reads TRENT_ENDPOINT; prints one JSON object of everything it saw, which test/sts/sts-boto3.test.ts
asserts value by value. Checks nothing itself beyond what it needs to go on. The identities are
test/sts/boto3-identities.yaml: alice may assume the role app, bob may not.
"""
import base64
import json
import os
import time
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = os.environ["TRENT_ENDPOINT"]
ROLE_ARN = "arn:aws:iam::111122223333:role/app"
ALICE = {"aws_access_key_id": "AKIAEXAMPLEALICE0001", "aws_secret_access_key": "alice-secret-0001"}
BOB = {"aws_access_key_id": "AKIAEXAMPLEBOB000001", "aws_secret_access_key": "bob-secret-0001"}


def client(service, credentials):
    return boto3.client(service, endpoint_url=ENDPOINT, region_name="us-east-1",
                        config=Config(retries={"max_attempts": 1}), **credentials)


def error_of(call):
    """Runs call() and returns the Code, Message and HTTP status of the ClientError it must raise."""
    try:
        call()
    except ClientError as error:
        return {
            "code": error.response["Error"]["Code"],
            "message": error.response["Error"].get("Message", ""),
            "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
        }
    return None


def advance_clock(seconds):
    """Moves the dev clock (POST /_trent/dev/clock), as test/helpers/dev-clock.ts does."""
    request = urllib.request.Request(ENDPOINT + "/_trent/dev/clock", method="POST",
                                     data=json.dumps({"advanceSeconds": seconds}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)["now"]


def main():
    summary = {"boto3": boto3.__version__}
    summary["alice_identity"] = {k: v for k, v in client("sts", ALICE).get_caller_identity().items() if k != "ResponseMetadata"}

    sts_alice = client("sts", ALICE)
    before_ms = int(time.time() * 1000)
    assumed = sts_alice.assume_role(RoleArn=ROLE_ARN, RoleSessionName="boto3-session", DurationSeconds=900)
    after_ms = int(time.time() * 1000)
    c = assumed["Credentials"]
    summary["assume_role"] = {
        "AccessKeyId": c["AccessKeyId"],
        "SecretAccessKeyLength": len(c["SecretAccessKey"]),
        "SessionTokenLength": len(c["SessionToken"]),
        # botocore parses Expiration into an aware datetime.
        "Expiration": c["Expiration"].isoformat(),
        "AssumedRoleUser": assumed["AssumedRoleUser"],
        # The wall clock around the call (the server's dev clock has not moved yet).
        "CalledBetweenMs": [before_ms, after_ms],
    }
    session = {"aws_access_key_id": c["AccessKeyId"], "aws_secret_access_key": c["SecretAccessKey"], "aws_session_token": c["SessionToken"]}

    summary["session_identity"] = {k: v for k, v in client("sts", session).get_caller_identity().items() if k != "ResponseMetadata"}
    kms = client("kms", session)
    key = kms.create_key(Description="boto3 STS session")["KeyMetadata"]
    encrypted = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"from an assumed role")
    decrypted = kms.decrypt(CiphertextBlob=encrypted["CiphertextBlob"])
    summary["session_kms"] = {
        "KeyArn": key["Arn"], "EncryptKeyId": encrypted["KeyId"], "DecryptKeyId": decrypted["KeyId"],
        "Plaintext": base64.b64encode(decrypted["Plaintext"]).decode(),
    }

    summary["bob_assume_role"] = error_of(lambda: client("sts", BOB).assume_role(RoleArn=ROLE_ARN, RoleSessionName="bob-session"))

    summary["clock_after"] = advance_clock(901)
    summary["expired_sts"] = error_of(lambda: client("sts", session).get_caller_identity())
    summary["expired_kms"] = error_of(lambda: client("kms", session).encrypt(KeyId=key["KeyId"], Plaintext=b"too late"))
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
