"""Lambda layers: publishing, reading, listing and deleting versions, their policies,
and the runtime's view of their content."""

from __future__ import annotations

import base64
import hashlib
import json

import boto3
import pytest
from lambda_control_support import ACCOUNT, REGION, error_of, lambda_client

LAYER_ARN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:layer:libs"
ZIP = b"PK\x05\x06" + b"\x00" * 18
NOT_EXIST = "The resource you requested does not exist."


@pytest.fixture
def client(eventmock):
    return lambda_client()


def publish(client, name="libs", **params):
    return client.publish_layer_version(LayerName=name, Content={"ZipFile": ZIP}, **params)


def test_publish_answers_the_version_with_its_content(client):
    response = publish(client, Description="shared", CompatibleRuntimes=["python3.12"], CompatibleArchitectures=["arm64"], LicenseInfo="MIT")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert response["LayerArn"] == LAYER_ARN
    assert response["LayerVersionArn"] == f"{LAYER_ARN}:1"
    assert response["Version"] == 1
    assert response["Content"]["CodeSha256"] == base64.b64encode(hashlib.sha256(ZIP).digest()).decode()
    assert response["Content"]["CodeSize"] == len(ZIP)
    assert response["Content"]["Location"].startswith("https://")
    assert (response["Description"], response["LicenseInfo"]) == ("shared", "MIT")
    assert response["CompatibleRuntimes"] == ["python3.12"] and response["CompatibleArchitectures"] == ["arm64"]
    assert response["CreatedDate"].endswith("+0000")


def test_versions_count_from_one_and_are_never_reused(client):
    assert [publish(client)["Version"] for _ in range(3)] == [1, 2, 3]
    for number in (1, 2, 3):
        client.delete_layer_version(LayerName="libs", VersionNumber=number)
    assert publish(client)["Version"] == 4


def test_what_was_not_given_is_omitted_and_empty_lists_are_kept(client):
    bare = publish(client)
    assert "CompatibleRuntimes" not in bare and "LicenseInfo" not in bare and bare["Description"] == ""
    empty = publish(client, CompatibleRuntimes=[], CompatibleArchitectures=[])
    assert empty["CompatibleRuntimes"] == [] and empty["CompatibleArchitectures"] == []


def test_a_listed_version_leaves_out_an_empty_description(client):
    publish(client, CompatibleRuntimes=["python3.13"], LicenseInfo="MIT")
    publish(client, Description="shared")
    listed = client.list_layer_versions(LayerName="libs")["LayerVersions"]
    for version in listed:
        version.pop("CreatedDate")
    assert listed == [
        {"LayerVersionArn": f"{LAYER_ARN}:2", "Version": 2, "Description": "shared"},
        {"LayerVersionArn": f"{LAYER_ARN}:1", "Version": 1, "CompatibleRuntimes": ["python3.13"], "LicenseInfo": "MIT"},
    ]


def test_get_by_name_and_by_arn(client):
    published = publish(client, CompatibleRuntimes=["python3.12"])
    published.pop("ResponseMetadata")
    by_name = client.get_layer_version(LayerName="libs", VersionNumber=1)
    by_layer_arn = client.get_layer_version(LayerName=LAYER_ARN, VersionNumber=1)
    by_arn = client.get_layer_version_by_arn(Arn=f"{LAYER_ARN}:1")
    for got in (by_name, by_layer_arn, by_arn):
        got.pop("ResponseMetadata")
        assert got == published


def test_list_layer_versions_newest_first_and_filtered(client):
    publish(client, CompatibleRuntimes=["python3.12"], CompatibleArchitectures=["x86_64"])
    publish(client, CompatibleRuntimes=["nodejs22.x"])
    listed = client.list_layer_versions(LayerName="libs")["LayerVersions"]
    assert [v["Version"] for v in listed] == [2, 1]
    assert "Content" not in listed[0] and listed[1]["LayerVersionArn"] == f"{LAYER_ARN}:1"
    assert [v["Version"] for v in client.list_layer_versions(LayerName="libs", CompatibleRuntime="python3.12")["LayerVersions"]] == [1]
    assert [v["Version"] for v in client.list_layer_versions(LayerName="libs", CompatibleArchitecture="x86_64")["LayerVersions"]] == [1]
    assert client.list_layer_versions(LayerName="nothing")["LayerVersions"] == []


def test_list_layers_shows_the_latest_matching_version(client):
    publish(client, CompatibleRuntimes=["python3.12"])
    publish(client, CompatibleRuntimes=["nodejs22.x"])
    publish(client, "other", CompatibleRuntimes=["nodejs22.x"])
    layers = client.list_layers()["Layers"]
    assert [(layer["LayerName"], layer["LatestMatchingVersion"]["Version"]) for layer in layers] == [("libs", 2), ("other", 1)]
    python = client.list_layers(CompatibleRuntime="python3.12")["Layers"]
    assert [(layer["LayerArn"], layer["LatestMatchingVersion"]["Version"]) for layer in python] == [(LAYER_ARN, 1)]


def test_list_pages_with_a_marker(client):
    for _ in range(3):
        publish(client)
    first = client.list_layer_versions(LayerName="libs", MaxItems=2)
    second = client.list_layer_versions(LayerName="libs", Marker=first["NextMarker"])
    assert [v["Version"] for v in first["LayerVersions"] + second["LayerVersions"]] == [3, 2, 1]
    assert "NextMarker" not in second


def test_missing_versions_and_bad_numbers(client):
    publish(client)
    for number, expected in ((0, "Layer Version Cannot be less than 1"), (-1, "Layer Version Cannot be less than 1")):
        with pytest.raises(client.exceptions.InvalidParameterValueException) as info:
            client.get_layer_version(LayerName="libs", VersionNumber=number)
        assert error_of(info) == ("InvalidParameterValueException", expected, 400)
    with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
        client.get_layer_version(LayerName="libs", VersionNumber=2)
    assert error_of(info) == ("ResourceNotFoundException", NOT_EXIST, 404)
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_layer_version(LayerName="nothing", VersionNumber=1)
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_layer_version_by_arn(Arn=f"{LAYER_ARN}:9")
    with pytest.raises(client.exceptions.ClientError) as info:
        client.get_layer_version_by_arn(Arn=LAYER_ARN)
    assert error_of(info)[0] == "ValidationException" and "at 'arn' failed to satisfy constraint" in error_of(info)[1]
    with pytest.raises(client.exceptions.InvalidParameterValueException):
        client.delete_layer_version(LayerName="libs", VersionNumber=0)
    client.delete_layer_version(LayerName="nothing", VersionNumber=1)  # deleting what is not there succeeds


def test_bad_filters_are_refused(client):
    with pytest.raises(client.exceptions.ClientError) as info:
        client.list_layers(CompatibleArchitecture="archdoesnotexist")
    assert error_of(info) == (
        "ValidationException",
        "1 validation error detected: Value 'archdoesnotexist' at 'compatibleArchitecture' failed to satisfy constraint: "
        "Member must satisfy enum value set: [x86_64, arm64]",
        400,
    )


def test_content_from_s3(client):
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="code")
    s3.put_object(Bucket="code", Key="layer.zip", Body=ZIP)
    response = client.publish_layer_version(LayerName="libs", Content={"S3Bucket": "code", "S3Key": "layer.zip"})
    assert response["Content"]["CodeSize"] == len(ZIP)
    with pytest.raises(client.exceptions.InvalidParameterValueException) as info:
        client.publish_layer_version(LayerName="libs", Content={"S3Bucket": "code", "S3Key": "missing.zip"})
    assert error_of(info)[1] == "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist."
    assert [v["Version"] for v in client.list_layer_versions(LayerName="libs")["LayerVersions"]] == [1]


def test_the_runtime_reads_a_version_zip(eventmock, client):
    arn = publish(client)["LayerVersionArn"]
    backend = eventmock.backend("lambda", ACCOUNT, REGION)
    assert backend._layer_zip(arn) == ZIP
    assert backend._layer_zip(f"{LAYER_ARN}:7") is None


def test_layer_version_policy_lifecycle(client):
    publish(client)
    added = client.add_layer_version_permission(
        LayerName="libs", VersionNumber=1, StatementId="s1", Action="lambda:GetLayerVersion", Principal="*"
    )
    assert added["ResponseMetadata"]["HTTPStatusCode"] == 201
    statement = {"Sid": "s1", "Effect": "Allow", "Principal": "*", "Action": "lambda:GetLayerVersion", "Resource": f"{LAYER_ARN}:1"}
    assert json.loads(added["Statement"]) == statement
    policy = client.get_layer_version_policy(LayerName="libs", VersionNumber=1)
    assert json.loads(policy["Policy"]) == {"Version": "2012-10-17", "Id": "default", "Statement": [statement]}
    assert policy["RevisionId"] == added["RevisionId"]
    org = client.add_layer_version_permission(
        LayerName="libs", VersionNumber=1, StatementId="s2", Action="lambda:GetLayerVersion", Principal=ACCOUNT,
        OrganizationId="o-1234567890", RevisionId=added["RevisionId"],
    )
    assert json.loads(org["Statement"])["Principal"] == {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}
    assert json.loads(org["Statement"])["Condition"] == {"StringEquals": {"aws:PrincipalOrgID": "o-1234567890"}}
    with pytest.raises(client.exceptions.PreconditionFailedException) as info:
        client.remove_layer_version_permission(LayerName="libs", VersionNumber=1, StatementId="s2", RevisionId=added["RevisionId"])
    assert error_of(info)[1] == (
        "The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id"
    )
    client.remove_layer_version_permission(LayerName="libs", VersionNumber=1, StatementId="s2")
    assert [s["Sid"] for s in json.loads(client.get_layer_version_policy(LayerName="libs", VersionNumber=1)["Policy"])["Statement"]] == ["s1"]


def test_layer_version_policy_errors(client):
    publish(client)
    with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
        client.get_layer_version_policy(LayerName="libs", VersionNumber=1)
    assert error_of(info)[1] == "No policy is associated with the given resource."
    for name, number in (("nothing", 1), ("libs", 2)):
        with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
            client.add_layer_version_permission(LayerName=name, VersionNumber=number, StatementId="s", Action="lambda:GetLayerVersion", Principal="*")
        assert error_of(info)[1] == f"Layer version arn:aws:lambda:{REGION}:{ACCOUNT}:layer:{name}:{number} does not exist."
    with pytest.raises(client.exceptions.ClientError) as info:
        client.add_layer_version_permission(LayerName="libs", VersionNumber=1, StatementId="s", Action="*", Principal="*")
    assert error_of(info)[1] == (
        "1 validation error detected: Value '*' at 'action' failed to satisfy constraint: Member must satisfy regular expression pattern: lambda:GetLayerVersion"
    )
    client.add_layer_version_permission(LayerName="libs", VersionNumber=1, StatementId="s1", Action="lambda:GetLayerVersion", Principal="*")
    with pytest.raises(client.exceptions.ResourceConflictException):
        client.add_layer_version_permission(LayerName="libs", VersionNumber=1, StatementId="s1", Action="lambda:GetLayerVersion", Principal="*")
    with pytest.raises(client.exceptions.PreconditionFailedException):
        client.add_layer_version_permission(
            LayerName="libs", VersionNumber=1, StatementId="s2", Action="lambda:GetLayerVersion", Principal="*", RevisionId="wrong"
        )
    with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
        client.remove_layer_version_permission(LayerName="libs", VersionNumber=1, StatementId="doesnotexist")
    assert error_of(info)[1] == "Statement doesnotexist is not found in resource policy."


def test_content_is_required(client):
    with pytest.raises(client.exceptions.InvalidParameterValueException) as info:
        client.publish_layer_version(LayerName="libs", Content={})
    assert error_of(info) == ("InvalidParameterValueException", "Missing Content", 400)
    assert client.list_layers()["Layers"] == []


def test_an_emptied_layer_version_policy_is_not_found(client):
    publish(client)
    client.add_layer_version_permission(LayerName="libs", VersionNumber=1, StatementId="s1", Action="lambda:GetLayerVersion", Principal="*")
    client.remove_layer_version_permission(LayerName="libs", VersionNumber=1, StatementId="s1")
    with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
        client.get_layer_version_policy(LayerName="libs", VersionNumber=1)
    assert error_of(info)[1] == NOT_EXIST
    again = client.add_layer_version_permission(LayerName="libs", VersionNumber=1, StatementId="s1", Action="lambda:GetLayerVersion", Principal="*")
    assert client.get_layer_version_policy(LayerName="libs", VersionNumber=1)["RevisionId"] == again["RevisionId"]


def test_compatible_lists_are_checked_whole(client):
    with pytest.raises(client.exceptions.ClientError) as info:
        publish(client, CompatibleRuntimes=["invalidruntime", "nodejs20.x"], CompatibleArchitectures=["invalidarch", "x86_64"])
    code, message, status = error_of(info)
    assert (code, status) == ("ValidationException", 400)
    assert message.startswith(
        "2 validation errors detected: Value '[invalidruntime, nodejs20.x]' at 'compatibleRuntimes' failed to satisfy constraint: "
        "Member must satisfy enum value set: ["
    )
    assert message.endswith(
        "; Value '[invalidarch, x86_64]' at 'compatibleArchitectures' failed to satisfy constraint: "
        "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]"
    )
    assert client.list_layers()["Layers"] == []
