"""STS: federation tokens, SAML, root tasks, key information and authorization messages."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
from freezegun import freeze_time

from sts_support import client_with, error_of

from eventmock import DEFAULT_ACCOUNT_ID
from eventmock.services.sts.federation import encode_authorization_message

ROLE = "arn:aws:iam::111111111111:role/saml-admin"
PROVIDER = "arn:aws:iam::111111111111:saml-provider/corp-idp"


# -- GetFederationToken ------------------------------------------------------------------


def test_federation_token_acts_as_the_federated_user(sts, boto3_session):
    response = sts.get_federation_token(Name="alice")
    arn = f"arn:aws:sts::{DEFAULT_ACCOUNT_ID}:federated-user/alice"
    assert response["FederatedUser"] == {"FederatedUserId": f"{DEFAULT_ACCOUNT_ID}:alice", "Arn": arn}
    assert "PackedPolicySize" not in response
    identity = client_with(boto3_session, response["Credentials"]).get_caller_identity()
    assert (identity["Arn"], identity["UserId"], identity["Account"]) == (arn, f"{DEFAULT_ACCOUNT_ID}:alice", DEFAULT_ACCOUNT_ID)


def test_federation_token_in_the_callers_account(client_for):
    user = client_for(account="444455556666").get_federation_token(Name="bob")["FederatedUser"]
    assert user["Arn"] == "arn:aws:sts::444455556666:federated-user/bob"


def test_federation_token_packs_its_policy(sts):
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})
    size = sts.get_federation_token(Name="alice", Policy=policy)["PackedPolicySize"]
    assert 0 < size <= 100


def test_a_huge_policy_is_packed_policy_too_large(sts):
    def noise(i, length):
        return base64.b32encode(hashlib.sha512(str(i).encode()).digest()).decode()[:length]

    tags = [{"Key": f"k{noise(i, 100)}", "Value": noise(-i - 1, 200)} for i in range(40)]
    with pytest.raises(sts.exceptions.PackedPolicyTooLargeException) as info:
        sts.get_federation_token(Name="alice", Tags=tags)
    code, message, status = error_of(info)
    assert (code, status) == ("PackedPolicyTooLarge", 400)
    assert message.startswith("Packed policy consumes ") and message.endswith("% of allotted space, please use smaller policy for session")


@freeze_time("2026-03-01 12:00:00")
def test_federation_sessions_of_a_root_caller_last_an_hour_at_most(sts):
    expiration = sts.get_federation_token(Name="alice", DurationSeconds=7200)["Credentials"]["Expiration"]
    assert expiration.isoformat() == "2026-03-01T13:00:00+00:00"
    expiration = sts.get_federation_token(Name="alice", DurationSeconds=900)["Credentials"]["Expiration"]
    assert expiration.isoformat() == "2026-03-01T12:15:00+00:00"


def test_federation_token_validation(sts, boto3_session):
    with pytest.raises(sts.exceptions.ClientError) as info:
        sts.get_federation_token(Name="alice", Policy="not json")
    assert error_of(info)[0] == "MalformedPolicyDocument"
    with pytest.raises(sts.exceptions.ClientError) as info:
        sts.get_federation_token(Name="alice", Tags=[{"Key": "team", "Value": "a"}, {"Key": "Team", "Value": "b"}])
    assert error_of(info)[0] == "InvalidParameterValue"
    credentials = sts.get_federation_token(Name="alice")["Credentials"]
    with pytest.raises(sts.exceptions.ClientError) as info:
        client_with(boto3_session, credentials).get_federation_token(Name="again")
    assert error_of(info) == ("AccessDenied", "Cannot call GetFederationToken with session credentials", 403)


# -- AssumeRoleWithSAML ------------------------------------------------------------------


def saml_assertion(role_value=f"{ROLE},{PROVIDER}", session_name="alice@example.com", duration=None):
    attributes = [("Role", role_value)]
    if session_name is not None:
        attributes.append(("RoleSessionName", session_name))
    if duration is not None:
        attributes.append(("SessionDuration", str(duration)))
    xml_attributes = "".join(
        f'<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/{name}"><saml:AttributeValue>{value}</saml:AttributeValue></saml:Attribute>'
        for name, value in attributes
    )
    document = (
        '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">'
        "<saml:Issuer>https://idp.example.com/saml</saml:Issuer>"
        "<saml:Assertion><saml:Issuer>https://idp.example.com/saml</saml:Issuer>"
        '<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">alice-42</saml:NameID>'
        '<saml:SubjectConfirmation><saml:SubjectConfirmationData Recipient="https://signin.aws.amazon.com/saml"/></saml:SubjectConfirmation></saml:Subject>'
        f"<saml:AttributeStatement>{xml_attributes}</saml:AttributeStatement>"
        "</saml:Assertion></samlp:Response>"
    )
    return base64.b64encode(document.encode()).decode()


def test_assume_role_with_saml_reads_the_assertion(sts, boto3_session):
    response = sts.assume_role_with_saml(RoleArn=ROLE, PrincipalArn=PROVIDER, SAMLAssertion=saml_assertion())
    assert response["AssumedRoleUser"]["Arn"] == "arn:aws:sts::111111111111:assumed-role/saml-admin/alice@example.com"
    assert response["Subject"] == "alice-42"
    assert response["SubjectType"] == "persistent"
    assert response["Issuer"] == "https://idp.example.com/saml"
    assert response["Audience"] == "https://signin.aws.amazon.com/saml"
    qualifier = base64.b64encode(hashlib.sha1(b"https://idp.example.com/saml111111111111/corp-idp").digest()).decode()
    assert response["NameQualifier"] == qualifier
    identity = client_with(boto3_session, response["Credentials"]).get_caller_identity()
    assert (identity["Account"], identity["Arn"]) == ("111111111111", response["AssumedRoleUser"]["Arn"])


def test_the_role_attribute_may_name_the_provider_first(sts):
    response = sts.assume_role_with_saml(RoleArn=ROLE, PrincipalArn=PROVIDER, SAMLAssertion=saml_assertion(f"{PROVIDER},{ROLE}"))
    assert response["AssumedRoleUser"]["Arn"].endswith("assumed-role/saml-admin/alice@example.com")


@freeze_time("2026-03-01 12:00:00")
def test_saml_session_duration_is_the_shorter_of_the_attribute_and_the_request(sts):
    assertion = saml_assertion(duration=1800)
    expiration = sts.assume_role_with_saml(RoleArn=ROLE, PrincipalArn=PROVIDER, SAMLAssertion=assertion)["Credentials"]["Expiration"]
    assert expiration.isoformat() == "2026-03-01T12:30:00+00:00"
    expiration = sts.assume_role_with_saml(RoleArn=ROLE, PrincipalArn=PROVIDER, SAMLAssertion=assertion, DurationSeconds=900)[
        "Credentials"
    ]["Expiration"]
    assert expiration.isoformat() == "2026-03-01T12:15:00+00:00"


def test_saml_errors(sts):
    with pytest.raises(sts.exceptions.InvalidIdentityTokenException):
        sts.assume_role_with_saml(RoleArn=ROLE, PrincipalArn=PROVIDER, SAMLAssertion=base64.b64encode(b"<not-saml/>").decode())
    with pytest.raises(sts.exceptions.InvalidIdentityTokenException) as info:
        sts.assume_role_with_saml(RoleArn=ROLE, PrincipalArn=PROVIDER, SAMLAssertion=saml_assertion(session_name="a b"))
    assert error_of(info)[1] == "RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}"
    other = "arn:aws:iam::111111111111:role/other"
    with pytest.raises(sts.exceptions.ClientError) as info:
        sts.assume_role_with_saml(RoleArn=other, PrincipalArn=PROVIDER, SAMLAssertion=saml_assertion())
    assert error_of(info) == ("AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML", 403)


# -- AssumeRoot --------------------------------------------------------------------------

TASK = {"arn": "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"}


@freeze_time("2026-03-01 12:00:00")
def test_assume_root_acts_as_the_member_accounts_root(sts, boto3_session):
    credentials = sts.assume_root(TargetPrincipal="222233334444", TaskPolicyArn=TASK)["Credentials"]
    assert credentials["Expiration"].isoformat() == "2026-03-01T12:15:00+00:00"
    identity = client_with(boto3_session, credentials).get_caller_identity()
    assert (identity["Account"], identity["Arn"]) == ("222233334444", "arn:aws:iam::222233334444:root")
    with pytest.raises(sts.exceptions.ClientError) as info:
        client_with(boto3_session, credentials).get_session_token()
    assert error_of(info)[0] == "AccessDenied"


def test_assume_root_validation(sts):
    with pytest.raises(sts.exceptions.ClientError) as info:
        sts.assume_root(TargetPrincipal="not-an-account", TaskPolicyArn=TASK)
    assert error_of(info)[0] == "ValidationError"
    with pytest.raises(sts.exceptions.ClientError) as info:
        sts.assume_root(TargetPrincipal="222233334444", TaskPolicyArn={"arn": "arn:aws:iam::aws:policy/AdministratorAccess"})
    assert error_of(info)[0] == "ValidationError"


# -- GetAccessKeyInfo, DecodeAuthorizationMessage -----------------------------------------


def test_access_key_info_names_the_keys_account(sts):
    credentials = sts.assume_role(RoleArn="arn:aws:iam::111111111111:role/r", RoleSessionName="ci")["Credentials"]
    assert sts.get_access_key_info(AccessKeyId=credentials["AccessKeyId"])["Account"] == "111111111111"
    assert sts.get_access_key_info(AccessKeyId="AKIAIOSFODNN7EXAMPLE")["Account"] == DEFAULT_ACCOUNT_ID


def test_decode_authorization_message(sts):
    document = {"allowed": False, "explicitDeny": False, "context": {"action": "sqs:SendMessage"}}
    decoded = sts.decode_authorization_message(EncodedMessage=encode_authorization_message(document))["DecodedMessage"]
    assert json.loads(decoded) == document
    with pytest.raises(sts.exceptions.InvalidAuthorizationMessageException) as info:
        sts.decode_authorization_message(EncodedMessage="bm90IGEgbWVzc2FnZQ==")
    assert error_of(info)[2] == 400
