"""Lambda resource policies: AddPermission, RemovePermission, GetPolicy and
Put/Get/DeleteResourcePolicy, with AWS's documents, revisions and errors."""

from __future__ import annotations

import json

import pytest
from lambda_control_support import ACCOUNT, FUNCTION_ARN, error_of, lambda_client, make_function, published_version

NOT_EXIST = "The resource you requested does not exist."
STALE = "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id"


@pytest.fixture
def client(eventmock):
    make_function()
    return lambda_client()


def add(client, sid="s3", **params):
    params = {"Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com", **params}
    return client.add_permission(FunctionName="fn", StatementId=sid, **params)


def test_add_permission_answers_the_statement_and_get_policy_the_document(client):
    response = add(client, SourceArn="arn:aws:s3:::bucket")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 201
    statement = {
        "Sid": "s3",
        "Effect": "Allow",
        "Principal": {"Service": "s3.amazonaws.com"},
        "Action": "lambda:InvokeFunction",
        "Resource": FUNCTION_ARN,
        "Condition": {"ArnLike": {"AWS:SourceArn": "arn:aws:s3:::bucket"}},
    }
    assert json.loads(response["Statement"]) == statement
    policy = client.get_policy(FunctionName="fn")
    assert json.loads(policy["Policy"]) == {"Version": "2012-10-17", "Id": "default", "Statement": [statement]}
    assert list(json.loads(policy["Policy"])) == ["Version", "Id", "Statement"]
    assert len(policy["RevisionId"]) == 36


@pytest.mark.parametrize(
    ("principal", "expected"),
    [
        ("*", "*"),
        (ACCOUNT, {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}),
        (f"arn:aws:iam::{ACCOUNT}:user/ada", {"AWS": f"arn:aws:iam::{ACCOUNT}:user/ada"}),
        ("events.amazonaws.com", {"Service": "events.amazonaws.com"}),
        ("alexa-appkit.amazon.com", {"Service": "alexa-appkit.amazon.com"}),
    ],
)
def test_principal_is_written_as_aws_writes_it(client, principal, expected):
    statement = json.loads(add(client, Principal=principal)["Statement"])
    assert statement["Principal"] == expected


def test_conditions_of_every_optional_field(client):
    statement = json.loads(
        add(
            client,
            Action="lambda:InvokeFunctionUrl",
            Principal="*",
            SourceArn="arn:aws:s3:::bucket",
            SourceAccount=ACCOUNT,
            PrincipalOrgID="o-1234567890",
            FunctionUrlAuthType="NONE",
        )["Statement"]
    )
    assert statement["Condition"] == {
        "StringEquals": {"AWS:SourceAccount": ACCOUNT, "lambda:FunctionUrlAuthType": "NONE", "aws:PrincipalOrgID": "o-1234567890"},
        "ArnLike": {"AWS:SourceArn": "arn:aws:s3:::bucket"},
    }
    assert list(statement["Condition"]) == ["StringEquals", "ArnLike"]
    token = json.loads(add(client, "alexa", Principal="*", EventSourceToken="amzn1.ask.skill.x")["Statement"])
    assert token["Condition"] == {"StringEquals": {"lambda:EventSourceToken": "amzn1.ask.skill.x"}}


def test_statements_keep_their_order_and_removing_the_last_removes_the_policy(client):
    add(client, "s3")
    add(client, "sqs", Principal="sqs.amazonaws.com")
    first = client.get_policy(FunctionName="fn")
    assert [s["Sid"] for s in json.loads(first["Policy"])["Statement"]] == ["s3", "sqs"]
    client.remove_permission(FunctionName="fn", StatementId="s3")
    second = client.get_policy(FunctionName="fn")
    assert [s["Sid"] for s in json.loads(second["Policy"])["Statement"]] == ["sqs"]
    assert second["RevisionId"] != first["RevisionId"]
    client.remove_permission(FunctionName="fn", StatementId="sqs")
    with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
        client.get_policy(FunctionName="fn")
    assert error_of(info) == ("ResourceNotFoundException", NOT_EXIST, 404)


def test_duplicate_statement_id_conflicts_and_changes_nothing(client):
    add(client)
    revision = client.get_policy(FunctionName="fn")["RevisionId"]
    with pytest.raises(client.exceptions.ResourceConflictException) as info:
        add(client, Principal="sns.amazonaws.com")
    assert error_of(info) == (
        "ResourceConflictException",
        "The statement id (s3) provided already exists. Please provide a new statement id, or remove the existing statement.",
        409,
    )
    assert client.get_policy(FunctionName="fn")["RevisionId"] == revision


def test_revision_id_must_be_the_latest(client):
    add(client)
    revision = client.get_policy(FunctionName="fn")["RevisionId"]
    with pytest.raises(client.exceptions.PreconditionFailedException) as info:
        add(client, "other", RevisionId="wrong")
    assert error_of(info) == ("PreconditionFailedException", STALE, 412)
    with pytest.raises(client.exceptions.PreconditionFailedException):
        client.remove_permission(FunctionName="fn", StatementId="s3", RevisionId="wrong")
    add(client, "other", RevisionId=revision)
    latest = client.get_policy(FunctionName="fn")["RevisionId"]
    client.remove_permission(FunctionName="fn", StatementId="other", RevisionId=latest)


def test_errors_of_missing_functions_policies_and_statements(client):
    with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
        client.add_permission(FunctionName="nope", StatementId="s", Action="lambda:InvokeFunction", Principal="*")
    assert error_of(info)[1] == f"Function not found: arn:aws:lambda:us-east-1:{ACCOUNT}:function:nope"
    with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
        client.get_policy(FunctionName="nope")
    assert error_of(info) == ("ResourceNotFoundException", NOT_EXIST, 404)
    with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
        client.remove_permission(FunctionName="nope", StatementId="s")
    assert error_of(info)[1] == f"No policy found for: arn:aws:lambda:us-east-1:{ACCOUNT}:function:nope"
    with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
        client.remove_permission(FunctionName="fn", StatementId="s")
    assert error_of(info)[1] == "No policy is associated with the given resource."
    add(client)
    with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
        client.remove_permission(FunctionName="fn", StatementId="non-existent")
    assert error_of(info)[1] == "Statement non-existent is not found in resource policy."


def test_bad_input_is_refused(client):
    with pytest.raises(client.exceptions.InvalidParameterValueException) as info:
        add(client, Principal="invalid.nonaws.com")
    assert error_of(info) == (
        "InvalidParameterValueException",
        "The provided principal was invalid. Please check the principal and try again.",
        400,
    )
    with pytest.raises(client.exceptions.ClientError) as info:
        add(client, "example.com")
    assert error_of(info) == (
        "ValidationException",
        "1 validation error detected: Value 'example.com' at 'statementId' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)",
        400,
    )
    with pytest.raises(client.exceptions.InvalidParameterValueException) as info:
        add(client, Qualifier="$LATEST")
    assert error_of(info)[1] == "We currently do not support adding policies for $LATEST."
    with pytest.raises(client.exceptions.InvalidParameterValueException) as info:
        client.add_permission(FunctionName=f"{FUNCTION_ARN}:one", Qualifier="two", StatementId="s", Action="lambda:InvokeFunction", Principal="*")
    assert error_of(info)[1] == "The derived qualifier from the function name does not match the specified qualifier."
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_policy(FunctionName="fn")


def test_function_named_by_arn_or_partial_arn(client):
    add(client)
    for name in (FUNCTION_ARN, f"{ACCOUNT}:function:fn"):
        assert json.loads(client.get_policy(FunctionName=name)["Policy"])["Statement"][0]["Sid"] == "s3"


def test_a_version_has_its_own_policy(client):
    version = published_version(client, "fn")
    add(client, "latest")
    statement = json.loads(add(client, "v", Qualifier=version)["Statement"])
    assert statement["Resource"] == f"{FUNCTION_ARN}:{version}"
    assert [s["Sid"] for s in json.loads(client.get_policy(FunctionName="fn")["Policy"])["Statement"]] == ["latest"]
    versioned = json.loads(client.get_policy(FunctionName="fn", Qualifier=version)["Policy"])
    assert [s["Sid"] for s in versioned["Statement"]] == ["v"]


@pytest.mark.model("lambda", "PutResourcePolicyRequest", "ResourceArn")
def test_resource_policy_replaces_and_reads_the_whole_document(client):
    add(client)
    document = {
        "Version": "2012-10-17",
        "Statement": [{"Sid": "mine", "Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction", "Resource": FUNCTION_ARN}],
    }
    put = client.put_resource_policy(ResourceArn=FUNCTION_ARN, Policy=json.dumps(document))
    assert json.loads(put["Policy"]) == document
    got = client.get_resource_policy(ResourceArn=FUNCTION_ARN)
    assert json.loads(got["Policy"]) == document and got["RevisionId"] == put["RevisionId"]
    assert json.loads(client.get_policy(FunctionName="fn")["Policy"])["Statement"][0]["Sid"] == "mine"
    with pytest.raises(client.exceptions.PreconditionFailedException):
        client.delete_resource_policy(ResourceArn=FUNCTION_ARN, RevisionId="0" * 8 + "-0000-4000-8000-" + "0" * 12)
    client.delete_resource_policy(ResourceArn=FUNCTION_ARN, RevisionId=got["RevisionId"])
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_resource_policy(ResourceArn=FUNCTION_ARN)
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_policy(FunctionName="fn")


@pytest.mark.model("lambda", "PutResourcePolicyRequest", "ResourceArn")
def test_resource_policy_errors(client):
    with pytest.raises(client.exceptions.InvalidParameterValueException):
        client.put_resource_policy(ResourceArn=FUNCTION_ARN, Policy="not json")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_resource_policy(ResourceArn=FUNCTION_ARN)
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.put_resource_policy(ResourceArn=FUNCTION_ARN.replace(":fn", ":nope"), Policy="{}")


def test_latest_reads_the_function_policy(client):
    add(client)
    policy = json.loads(client.get_policy(FunctionName="fn", Qualifier="$LATEST")["Policy"])
    assert [s["Sid"] for s in policy["Statement"]] == ["s3"]


def test_another_regions_function_by_arn(client):
    other = make_function("far", region="eu-west-1")
    add_params = {"Action": "lambda:InvokeFunction", "Principal": "*"}
    statement = json.loads(client.add_permission(FunctionName=other, StatementId="x", **add_params)["Statement"])
    assert statement["Resource"] == other
    assert json.loads(lambda_client("eu-west-1").get_policy(FunctionName="far")["Policy"])["Statement"][0]["Sid"] == "x"


def test_deleting_a_function_drops_its_control_plane_state(eventmock, client):
    """What DeleteFunction does to the control plane (through the backend's hook)."""
    add(client)
    client.create_function_url_config(FunctionName="fn", AuthType="NONE")
    client.put_runtime_management_config(FunctionName="fn", UpdateRuntimeOn="FunctionUpdate")
    backend = eventmock.backend("lambda", ACCOUNT, "us-east-1")
    with backend.store.lock:
        backend._forget_function("fn")
    make_function()  # the same name again: a new function
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_policy(FunctionName="fn")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_function_url_config(FunctionName="fn")
    assert client.get_runtime_management_config(FunctionName="fn")["UpdateRuntimeOn"] == "Auto"


def test_a_policy_is_at_most_20480_characters(client):
    source = "arn:aws:events:us-east-1:123456789012:rule/" + "r" * 100
    sids = []
    with pytest.raises(client.exceptions.PolicyLengthExceededException) as info:
        for n in range(200):
            add(client, f"rule-{n}", Principal="events.amazonaws.com", SourceArn=source)
            sids.append(n)
    code, message, status = error_of(info)
    size = int(message.split("(")[1].split(")")[0])
    assert (code, status) == ("PolicyLengthExceededException", 400)
    assert message == f"The final policy size ({size}) is bigger than the limit (20480)." and size > 20480
    policy = client.get_policy(FunctionName="fn")["Policy"]
    assert len(policy) <= 20480 and len(json.loads(policy)["Statement"]) == len(sids)


def test_a_function_revision_is_the_policy_revision(eventmock, client):
    """The seam with functions that carry a RevisionId (``Function.revision_id``): a
    policy change renews it, and a RevisionId is checked against it."""
    function = eventmock.backend("lambda", ACCOUNT, "us-east-1").functions["fn"]
    function.revision_id = "11111111-1111-4111-8111-111111111111"
    add(client, RevisionId="11111111-1111-4111-8111-111111111111")
    revision = client.get_policy(FunctionName="fn")["RevisionId"]
    assert revision == function.revision_id != "11111111-1111-4111-8111-111111111111"
    function.revision_id = "22222222-2222-4222-8222-222222222222"  # an UpdateFunctionConfiguration, say
    assert client.get_policy(FunctionName="fn")["RevisionId"] == function.revision_id
    with pytest.raises(client.exceptions.PreconditionFailedException):
        client.remove_permission(FunctionName="fn", StatementId="s3", RevisionId=revision)
