"""Lambda code signing configs and the functions that use them."""

from __future__ import annotations

import re

import pytest
from lambda_control_support import ACCOUNT, FUNCTION_ARN, error_of, lambda_client, make_function

from tests.lambda_.zips import create as create_function

PUBLISHERS = {"SigningProfileVersionArns": [f"arn:aws:signer:us-east-1:{ACCOUNT}:/signing-profiles/test"]}
MISSING = f"arn:aws:lambda:us-east-1:{ACCOUNT}:code-signing-config:csc-0123456789abcdefg"


@pytest.fixture
def client(eventmock):
    make_function()
    return lambda_client()


def create(client, **params):
    return client.create_code_signing_config(AllowedPublishers=PUBLISHERS, **params)["CodeSigningConfig"]


def test_create_get_update_list_delete(client):
    config = create(client, Description="signed")
    assert re.fullmatch(r"csc-[a-z0-9]{17}", config["CodeSigningConfigId"])
    assert config["CodeSigningConfigArn"] == f"arn:aws:lambda:us-east-1:{ACCOUNT}:code-signing-config:{config['CodeSigningConfigId']}"
    assert config["CodeSigningPolicies"] == {"UntrustedArtifactOnDeployment": "Warn"}
    assert (config["Description"], config["AllowedPublishers"]) == ("signed", PUBLISHERS)
    assert config["LastModified"].endswith("+0000")
    arn = config["CodeSigningConfigArn"]
    assert client.get_code_signing_config(CodeSigningConfigArn=arn)["CodeSigningConfig"] == config
    updated = client.update_code_signing_config(
        CodeSigningConfigArn=arn, CodeSigningPolicies={"UntrustedArtifactOnDeployment": "Enforce"}
    )["CodeSigningConfig"]
    assert updated["CodeSigningPolicies"] == {"UntrustedArtifactOnDeployment": "Enforce"} and updated["Description"] == "signed"
    assert client.list_code_signing_configs()["CodeSigningConfigs"] == [updated]
    assert client.delete_code_signing_config(CodeSigningConfigArn=arn)["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert client.list_code_signing_configs()["CodeSigningConfigs"] == []


def test_missing_configs(client):
    message = f"The Lambda code signing configuration {MISSING} can not be found."
    for call in (client.get_code_signing_config, client.delete_code_signing_config, client.update_code_signing_config, client.list_functions_by_code_signing_config):
        with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
            call(CodeSigningConfigArn=MISSING)
        assert error_of(info) == ("ResourceNotFoundException", message, 404)


def test_a_function_uses_a_config(client):
    arn = create(client)["CodeSigningConfigArn"]
    put = client.put_function_code_signing_config(FunctionName=FUNCTION_ARN, CodeSigningConfigArn=arn)
    assert (put["CodeSigningConfigArn"], put["FunctionName"]) == (arn, "fn")
    got = client.get_function_code_signing_config(FunctionName="fn")
    assert (got["CodeSigningConfigArn"], got["FunctionName"]) == (arn, "fn")
    assert client.list_functions_by_code_signing_config(CodeSigningConfigArn=arn)["FunctionArns"] == [FUNCTION_ARN]
    with pytest.raises(client.exceptions.ResourceConflictException):
        client.delete_code_signing_config(CodeSigningConfigArn=arn)
    assert client.delete_function_code_signing_config(FunctionName="fn")["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert client.list_functions_by_code_signing_config(CodeSigningConfigArn=arn)["FunctionArns"] == []
    client.delete_code_signing_config(CodeSigningConfigArn=arn)


def test_function_errors(client):
    arn = create(client)["CodeSigningConfigArn"]
    missing_function = f"Function not found: arn:aws:lambda:us-east-1:{ACCOUNT}:function:nope"
    for call in (client.get_function_code_signing_config, client.delete_function_code_signing_config):
        with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
            call(FunctionName="nope")
        assert error_of(info)[1] == missing_function
    with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
        client.put_function_code_signing_config(FunctionName="nope", CodeSigningConfigArn=arn)
    assert error_of(info)[1] == missing_function
    with pytest.raises(client.exceptions.CodeSigningConfigNotFoundException) as info:
        client.put_function_code_signing_config(FunctionName="fn", CodeSigningConfigArn=MISSING)
    assert error_of(info) == (
        "CodeSigningConfigNotFoundException",
        f"The code signing configuration cannot be found. Check that the provided configuration is not deleted: {MISSING}.",
        404,
    )


def test_bad_policy_is_refused(client):
    with pytest.raises(client.exceptions.ClientError) as info:
        create(client, CodeSigningPolicies={"UntrustedArtifactOnDeployment": "Ignore"})
    assert error_of(info)[0] == "ValidationException"
    assert client.list_code_signing_configs()["CodeSigningConfigs"] == []


def test_configs_carry_tags(eventmock, client):
    arn = create(client, Tags={"team": "core"})["CodeSigningConfigArn"]
    backend = eventmock.backend("lambda", ACCOUNT, "us-east-1")
    assert backend._tags_of(arn) == {"team": "core"}
    assert backend._tags_of(MISSING) is None


def test_create_function_binds_its_code_signing_config(client):
    arn = create(client)["CodeSigningConfigArn"]
    create_function(client, name="signed", CodeSigningConfigArn=arn)
    assert client.get_function_code_signing_config(FunctionName="signed")["CodeSigningConfigArn"] == arn
    assert client.list_functions_by_code_signing_config(CodeSigningConfigArn=arn)["FunctionArns"] == [
        f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:signed"
    ]
    with pytest.raises(client.exceptions.CodeSigningConfigNotFoundException):
        create_function(client, name="unsigned", CodeSigningConfigArn=MISSING)
    with pytest.raises(client.exceptions.ClientError) as info:  # not an ARN: the model's pattern
        create_function(client, name="unsigned", CodeSigningConfigArn="csc:arn")
    assert error_of(info)[0] == "ValidationException"
    assert error_of(info)[1].startswith("1 validation error detected: Value 'csc:arn' at 'codeSigningConfigArn' failed to satisfy constraint")
    with pytest.raises(client.exceptions.ResourceNotFoundException):  # bad input changed no state
        client.get_function(FunctionName="unsigned")


def test_a_permission_renews_the_function_revision(client):
    before = create_function(client, name="guarded")["RevisionId"]
    client.add_permission(FunctionName="guarded", StatementId="s3", Action="lambda:InvokeFunction", Principal="s3.amazonaws.com")
    after = client.get_function(FunctionName="guarded")["Configuration"]["RevisionId"]
    assert after != before
    assert client.get_policy(FunctionName="guarded")["RevisionId"] == after
