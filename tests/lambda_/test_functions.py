"""Functions with code: CreateFunction, GetFunction, ListFunctions, updates, deletion,
tags and reserved concurrency, through boto3."""

from __future__ import annotations

import base64
import hashlib

import boto3
import pytest

from tests.lambda_.zips import ECHO, ROLE, create, python_function, zipped


@pytest.fixture
def client(eventmock):
    return boto3.client("lambda", region_name="us-east-1")


def error_of(info):
    return info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]


def test_create_function_answers_aws_configuration_pending_then_active(client):
    created = create(client, Description="d", Timeout=10, MemorySize=256, Environment={"Variables": {"A": "1"}})
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert created["State"] == "Pending"
    assert created["StateReasonCode"] == "Creating"
    assert "LastUpdateStatus" not in created
    assert created["CodeSha256"] == base64.b64encode(hashlib.sha256(ECHO).digest()).decode()
    assert created["CodeSize"] == len(ECHO)
    assert created["FunctionArn"] == "arn:aws:lambda:us-east-1:123456789012:function:echo"
    assert created["Version"] == "$LATEST"
    assert created["Architectures"] == ["x86_64"]
    assert created["EphemeralStorage"] == {"Size": 512}
    assert created["SnapStart"] == {"ApplyOn": "None", "OptimizationStatus": "Off"}
    assert created["LoggingConfig"] == {"LogFormat": "Text", "LogGroup": "/aws/lambda/echo"}
    assert created["TracingConfig"] == {"Mode": "PassThrough"}
    assert created["PackageType"] == "Zip"
    assert created["Environment"] == {"Variables": {"A": "1"}}
    assert created["LastModified"][-5:] == "+0000" and created["LastModified"][19] == "."
    got = client.get_function_configuration(FunctionName="echo")
    assert got["State"] == "Active"
    assert got["LastUpdateStatus"] == "Successful"
    assert "StateReason" not in got
    assert got["RevisionId"] != created["RevisionId"]
    client.get_waiter("function_active_v2").wait(FunctionName="echo")


def test_get_function_answers_code_location_tags_and_concurrency(client):
    create(client, Tags={"team": "a"})
    client.put_function_concurrency(FunctionName="echo", ReservedConcurrentExecutions=5)
    got = client.get_function(FunctionName="echo")
    assert got["Code"]["RepositoryType"] == "S3"
    assert got["Code"]["Location"].startswith("https://awslambda-us-east-1-tasks.s3.us-east-1.amazonaws.com/")
    assert got["Tags"] == {"team": "a"}
    assert got["Concurrency"] == {"ReservedConcurrentExecutions": 5}
    create(client, name="bare")
    assert "Tags" not in client.get_function(FunctionName="bare")
    assert "Concurrency" not in client.get_function(FunctionName="bare")


def test_code_from_the_mocks_s3(client):
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="code")
    s3.put_object(Bucket="code", Key="f.zip", Body=ECHO)
    created = client.create_function(
        FunctionName="echo", Runtime="python3.12", Role=ROLE, Handler="lambda_function.handler", Code={"S3Bucket": "code", "S3Key": "f.zip"}
    )
    assert created["CodeSize"] == len(ECHO)
    assert client.invoke(FunctionName="echo", Payload=b"1")["Payload"].read() == b'{"echo": 1, "version": "$LATEST"}'
    with pytest.raises(client.exceptions.InvalidParameterValueException) as info:
        client.create_function(FunctionName="x", Runtime="python3.12", Role=ROLE, Handler="a.b", Code={"S3Bucket": "code", "S3Key": "nope"})
    assert error_of(info)[1] == "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist."


@pytest.mark.parametrize(
    ("params", "code", "message"),
    [
        ({"Code": {"ZipFile": b"not a zip"}}, "InvalidParameterValueException", "Could not unzip uploaded file. Please check your file, then try to upload again."),
        ({"Role": "r1"}, "ValidationException", r"1 validation error detected: Value 'r1' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+"),
        ({"Role": "arn:aws:iam::000000000000:role/example_role"}, "AccessDeniedException", "Cross-account pass role is not allowed."),
        ({"Runtime": "python2.7"}, "InvalidParameterValueException", "The runtime parameter of python2.7 is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions."),
        ({"Handler": None}, "InvalidParameterValueException", "Runtime and Handler are mandatory parameters for functions created with deployment packages."),
        ({"Timeout": 901}, "ValidationException", "1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900"),
    ],
)
def test_create_function_refuses_what_aws_refuses(client, params, code, message):
    base = {"FunctionName": "bad", "Runtime": "python3.12", "Role": ROLE, "Handler": "a.b", "Code": {"ZipFile": ECHO}}
    base.update(params)
    base = {k: v for k, v in base.items() if v is not None}
    with pytest.raises(client.exceptions.ClientError) as info:
        client.create_function(**base)
    assert error_of(info) == (code, message)
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_function(FunctionName="bad")


def test_unknown_runtime_lists_aws_runtimes(client):
    with pytest.raises(client.exceptions.InvalidParameterValueException) as info:
        create(client, Runtime="cobol")
    assert error_of(info)[1].startswith("Value cobol at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [nodejs20.x, python3.14,")
    assert error_of(info)[1].endswith("provided.al2, java8.al2] or be a valid ARN")


def test_create_twice_conflicts(client):
    create(client)
    with pytest.raises(client.exceptions.ResourceConflictException) as info:
        create(client)
    assert error_of(info)[1] == "Function already exist: echo"


def test_list_functions_paginates_and_lists_versions_with_all(client):
    for name in ("a", "b", "c"):
        create(client, name=name)
    client.publish_version(FunctionName="a")
    first = client.list_functions(MaxItems=2)
    assert [f["FunctionName"] for f in first["Functions"]] == ["a", "b"]
    rest = client.list_functions(Marker=first["NextMarker"])
    assert [f["FunctionName"] for f in rest["Functions"]] == ["c"] and "NextMarker" not in rest
    assert "State" not in first["Functions"][0]
    every = client.list_functions(FunctionVersion="ALL")["Functions"]
    assert [(f["FunctionName"], f["Version"]) for f in every] == [("a", "$LATEST"), ("a", "1"), ("b", "$LATEST"), ("c", "$LATEST")]


def test_update_code_changes_sha_and_settles(client):
    create(client)
    new = python_function("def handler(event, context):\n    return 'new'\n")
    updated = client.update_function_code(FunctionName="echo", ZipFile=new)
    assert updated["LastUpdateStatus"] == "InProgress"
    assert updated["CodeSha256"] == base64.b64encode(hashlib.sha256(new).digest()).decode()
    assert client.get_function(FunctionName="echo")["Configuration"]["LastUpdateStatus"] == "Successful"
    client.get_waiter("function_updated_v2").wait(FunctionName="echo")
    assert client.invoke(FunctionName="echo")["Payload"].read() == b'"new"'


def test_update_code_dry_run_changes_nothing_and_revision_is_checked(client):
    create(client)
    before = client.get_function_configuration(FunctionName="echo")
    new = python_function("def handler(event, context):\n    return 'new'\n")
    dry = client.update_function_code(FunctionName="echo", ZipFile=new, DryRun=True)
    assert dry["CodeSha256"] != before["CodeSha256"]
    assert client.get_function_configuration(FunctionName="echo")["CodeSha256"] == before["CodeSha256"]
    with pytest.raises(client.exceptions.PreconditionFailedException):
        client.update_function_code(FunctionName="echo", ZipFile=new, RevisionId="wrong")
    published = client.update_function_code(FunctionName="echo", ZipFile=new, Publish=True, RevisionId=before["RevisionId"])
    assert published["Version"] == "1"


def test_update_configuration_keeps_the_role_in_the_account(client):
    create(client)
    with pytest.raises(client.exceptions.ClientError) as info:
        client.update_function_configuration(FunctionName="echo", Role="arn:aws:iam::000000000000:role/other")
    assert error_of(info) == ("AccessDeniedException", "Cross-account pass role is not allowed.")
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert client.get_function_configuration(FunctionName="echo")["Role"] == ROLE


def test_update_configuration_applies_to_next_invoke(client):
    create(client, code=python_function("import os\ndef handler(event, context):\n    return os.environ.get('GREETING')\n"))
    assert client.invoke(FunctionName="echo")["Payload"].read() == b"null"
    client.update_function_configuration(FunctionName="echo", Environment={"Variables": {"GREETING": "hi"}}, Timeout=9)
    assert client.get_function_configuration(FunctionName="echo")["Timeout"] == 9
    assert client.invoke(FunctionName="echo")["Payload"].read() == b'"hi"'


def test_update_while_in_progress_conflicts(client):
    create(client)
    client.get_function(FunctionName="echo")
    # The answer to an update and the next call are one call apart: the update settles in between.
    client.update_function_configuration(FunctionName="echo", Description="x")
    client.update_function_configuration(FunctionName="echo", Description="y")
    assert client.get_function_configuration(FunctionName="echo")["Description"] == "y"


def test_delete_function_and_versions(client):
    created = create(client, Publish=True)
    assert (created["FunctionArn"], created["Version"]) == ("arn:aws:lambda:us-east-1:123456789012:function:echo", "1")
    with pytest.raises(client.exceptions.InvalidParameterValueException) as info:
        client.delete_function(FunctionName="echo", Qualifier="$LATEST")
    assert error_of(info)[1] == "$LATEST version cannot be deleted without deleting the function."
    client.delete_function(FunctionName="echo", Qualifier="1")
    assert [v["Version"] for v in client.list_versions_by_function(FunctionName="echo")["Versions"]] == ["$LATEST"]
    client.delete_function(FunctionName="echo")
    with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
        client.get_function(FunctionName="echo")
    assert error_of(info)[1] == "Function not found: arn:aws:lambda:us-east-1:123456789012:function:echo"


def test_tags(client):
    arn = create(client)["FunctionArn"]
    client.tag_resource(Resource=arn, Tags={"a": "1", "b": "2"})
    client.untag_resource(Resource=arn, TagKeys=["a"])
    assert client.list_tags(Resource=arn)["Tags"] == {"b": "2"}
    with pytest.raises(client.exceptions.InvalidParameterValueException) as info:
        client.list_tags(Resource=arn + ":1")
    assert error_of(info)[1] == "Tags on function aliases and versions are not supported. Please specify a function ARN."


def test_reserved_concurrency_zero_throttles(client):
    create(client)
    client.put_function_concurrency(FunctionName="echo", ReservedConcurrentExecutions=0)
    assert client.get_function_concurrency(FunctionName="echo")["ReservedConcurrentExecutions"] == 0
    with pytest.raises(client.exceptions.TooManyRequestsException) as info:
        client.invoke(FunctionName="echo")
    assert error_of(info)[1] == "Rate Exceeded."
    assert info.value.response["Reason"] == "ReservedFunctionConcurrentInvocationLimitExceeded"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429
    client.delete_function_concurrency(FunctionName="echo")
    assert "ReservedConcurrentExecutions" not in client.get_function_concurrency(FunctionName="echo")
    assert client.invoke(FunctionName="echo")["StatusCode"] == 200


def test_image_functions_are_created_and_fail_at_invoke(client):
    created = client.create_function(
        FunctionName="img", Role=ROLE, PackageType="Image", Code={"ImageUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1"}
    )
    assert "Runtime" not in created and "Handler" not in created
    got = client.get_function(FunctionName="img")
    assert got["Code"]["RepositoryType"] == "ECR"
    answer = client.invoke(FunctionName="img")
    assert answer["FunctionError"] == "Unhandled"


def test_a_zip_of_nothing_but_a_directory_is_still_a_package(client):
    created = create(client, code=zipped({"lib/x.txt": "x"}))
    assert created["CodeSize"] > 0
