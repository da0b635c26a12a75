"""Resource policies: put, get, delete, list, validate; and GetRandomPassword."""

from __future__ import annotations

import json
import string

import pytest
from botocore.exceptions import ClientError

from sm_support import error_of

POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                "Action": "secretsmanager:GetSecretValue",
                "Resource": "*",
            }
        ],
    }
)
PUBLIC = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:*", "Resource": "*"}]}
)


def test_put_get_delete_policy(sm):
    arn = sm.create_secret(Name="s", SecretString="v")["ARN"]
    got = sm.get_resource_policy(SecretId="s")
    assert (got["ARN"], got["Name"]) == (arn, "s") and "ResourcePolicy" not in got
    put = sm.put_resource_policy(SecretId="s", ResourcePolicy=POLICY)
    assert set(put) - {"ResponseMetadata"} == {"ARN", "Name"}
    assert json.loads(sm.get_resource_policy(SecretId="s")["ResourcePolicy"]) == json.loads(POLICY)
    sm.delete_resource_policy(SecretId="s")
    assert "ResourcePolicy" not in sm.get_resource_policy(SecretId="s")


def test_a_malformed_policy_is_refused(sm):
    sm.create_secret(Name="s", SecretString="v")
    with pytest.raises(ClientError) as info:
        sm.put_resource_policy(SecretId="s", ResourcePolicy="not json")
    assert error_of(info)[0] == "MalformedPolicyDocumentException"
    assert "ResourcePolicy" not in sm.get_resource_policy(SecretId="s")


def test_block_public_policy(sm):
    sm.create_secret(Name="s", SecretString="v")
    with pytest.raises(ClientError) as info:
        sm.put_resource_policy(SecretId="s", ResourcePolicy=PUBLIC, BlockPublicPolicy=True)
    assert error_of(info)[0] == "PublicPolicyException"
    sm.put_resource_policy(SecretId="s", ResourcePolicy=PUBLIC)  # allowed without the block
    assert json.loads(sm.get_resource_policy(SecretId="s")["ResourcePolicy"])["Statement"][0]["Principal"] == "*"


def test_policies_of_a_missing_secret(sm):
    for call in (sm.get_resource_policy, sm.delete_resource_policy):
        with pytest.raises(ClientError) as info:
            call(SecretId="missing")
        assert error_of(info) == ("ResourceNotFoundException", "Secrets Manager can't find the specified secret.")


def test_validate_resource_policy(sm):
    passed = sm.validate_resource_policy(ResourcePolicy=POLICY)
    assert passed["PolicyValidationPassed"] is True
    with pytest.raises(ClientError) as info:
        sm.validate_resource_policy(ResourcePolicy="{")
    assert error_of(info)[0] == "MalformedPolicyDocumentException"


@pytest.mark.model("secretsmanager", "PutResourcePolicyRequest", "PolicyName")
def test_only_the_default_policy_name_is_accepted(sm):
    sm.create_secret(Name="s", SecretString="v")
    with pytest.raises(ClientError) as info:
        sm.put_resource_policy(SecretId="s", ResourcePolicy=POLICY, PolicyName="other")
    assert error_of(info) == ("InvalidParameterException", "You can modify only the default resource policy.")
    sm.put_resource_policy(SecretId="s", ResourcePolicy=POLICY, PolicyName="default")
    assert sm.list_resource_policies(SecretId="s")["ResourcePolicies"] == [{"PolicyName": "default"}]


# -- GetRandomPassword --------------------------------------------------------------


def test_random_password_defaults_to_32_characters_of_each_type(sm):
    password = sm.get_random_password()["RandomPassword"]
    assert len(password) == 32
    for kind in (string.ascii_lowercase, string.ascii_uppercase, string.digits):
        assert any(c in kind for c in password)
    assert " " not in password


def test_random_password_honours_exclusions(sm):
    password = sm.get_random_password(
        PasswordLength=60, ExcludePunctuation=True, ExcludeUppercase=True, ExcludeCharacters="abc", IncludeSpace=True
    )["RandomPassword"]
    assert len(password) == 60
    assert not set(password) & set(string.punctuation + string.ascii_uppercase + "abc")
    assert " " in password


def test_random_password_with_every_type_excluded_is_refused(sm):
    with pytest.raises(ClientError) as info:
        sm.get_random_password(ExcludeNumbers=True, ExcludePunctuation=True, ExcludeUppercase=True, ExcludeLowercase=True)
    assert error_of(info)[0] == "InvalidParameterException"


def test_random_password_length_is_bounded_by_the_model(sm):
    with pytest.raises(ClientError) as info:
        sm.get_random_password(PasswordLength=5555)
    assert error_of(info)[0] == "ValidationException"
