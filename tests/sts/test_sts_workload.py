"""STS's newer operations: scoped sessions, delegated access, outbound web identity
tokens, certificates, trust bundles and workload identity contexts. botocore 1.40's
model lacks them: each test skips where the installed model does."""

from __future__ import annotations

import base64
import json

import botocore.session
import pytest
from freezegun import freeze_time

from sts_support import client_with, error_of

from eventmock import DEFAULT_ACCOUNT_ID

_OPERATIONS = set(botocore.session.get_session().get_service_model("sts").operation_names)
ROLE = "arn:aws:iam::111111111111:role/deployer"
TEMPLATE = "arn:aws:iam::111111111111:workload-identity-template/payments"


def needs(operation):
    return pytest.mark.skipif(operation not in _OPERATIONS, reason=f"sts.{operation} is not in this botocore's model")


def claims_of(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


@needs("GetScopedCredentials")
def test_scoped_credentials_keep_the_identity_and_count_policies(sts, boto3_session):
    role = client_with(boto3_session, sts.assume_role(RoleArn=ROLE, RoleSessionName="ci")["Credentials"])
    policy = json.dumps({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
    response = role.get_scoped_credentials(Policy=policy)
    arn = "arn:aws:sts::111111111111:assumed-role/deployer/ci"
    assert response["SessionInfo"]["Arn"] == arn
    assert response["ScopedPoliciesCount"] == 1
    scoped = client_with(boto3_session, response["Credentials"])
    assert scoped.get_caller_identity()["Arn"] == arn
    assert scoped.get_scoped_credentials(Policy=policy)["ScopedPoliciesCount"] == 2


@needs("GetScopedCredentials")
def test_scoped_credentials_need_temporary_credentials_and_a_policy_or_duration(sts):
    with pytest.raises(sts.exceptions.InvalidSubjectCredentialsException):
        sts.get_scoped_credentials(DurationSeconds=900)
    with pytest.raises(sts.exceptions.ClientError) as info:
        sts.get_scoped_credentials()
    assert error_of(info)[0] == "ValidationError"


@needs("GetScopedCredentials")
def test_at_most_three_scope_down_policies(sts, boto3_session):
    client = client_with(boto3_session, sts.assume_role(RoleArn=ROLE, RoleSessionName="ci")["Credentials"])
    policy = json.dumps({"Statement": []})
    for _ in range(3):
        client = client_with(boto3_session, client.get_scoped_credentials(Policy=policy)["Credentials"])
    with pytest.raises(sts.exceptions.ClientError) as info:
        client.get_scoped_credentials(Policy=policy)
    assert error_of(info)[0] == "ValidationError"


@needs("GetDelegatedAccessToken")
def test_delegated_access_token_acts_as_the_caller(sts, boto3_session):
    response = sts.get_delegated_access_token(TradeInToken="trade-in")
    assert response["AssumedPrincipal"] == f"arn:aws:iam::{DEFAULT_ACCOUNT_ID}:root"
    assert client_with(boto3_session, response["Credentials"]).get_caller_identity()["Account"] == DEFAULT_ACCOUNT_ID


@needs("GetWebIdentityToken")
@freeze_time("2026-03-01 12:00:00")
def test_web_identity_token_names_the_caller(sts, boto3_session):
    role = client_with(boto3_session, sts.assume_role(RoleArn=ROLE, RoleSessionName="ci")["Credentials"])
    response = role.get_web_identity_token(
        Audience=["https://api.example.com"], SigningAlgorithm="ES384", Scope="read write", Tags=[{"Key": "team", "Value": "a"}]
    )
    assert response["Expiration"].isoformat() == "2026-03-01T12:05:00+00:00"
    claims = claims_of(response["WebIdentityToken"])
    assert claims["sub"] == "arn:aws:sts::111111111111:assumed-role/deployer/ci"
    assert claims["aud"] == "https://api.example.com"
    assert claims["scope"] == "read write"
    assert claims["exp"] - claims["iat"] == 300
    assert claims["https://sts.amazonaws.com/"]["request_tags"] == {"team": "a"}
    # the token is a JWT AssumeRoleWithWebIdentity reads
    assumed = sts.assume_role_with_web_identity(RoleArn=ROLE, RoleSessionName="fed", WebIdentityToken=response["WebIdentityToken"])
    assert assumed["SubjectFromWebIdentityToken"] == claims["sub"]


@needs("GetWebIdentityToken")
def test_web_identity_token_validation(sts):
    with pytest.raises(sts.exceptions.ClientError) as info:
        sts.get_web_identity_token(Audience=["a"], SigningAlgorithm="HS256")
    assert error_of(info)[0] == "ValidationError"
    with pytest.raises(sts.exceptions.ClientError) as info:
        sts.get_web_identity_token(Audience=["a"], SigningAlgorithm="RS256", SubjectMode="AWSIdentity", TokenType="AWSIdentity")
    assert error_of(info)[0] == "ValidationError"
    with pytest.raises(sts.exceptions.SignerNotConfiguredException):
        sts.get_web_identity_token(Audience=["a"], SigningAlgorithm="RS256", TokenType="JWT_SVID")


@needs("GetCertificate")
def test_get_certificate_checks_the_request_and_has_no_signer(sts):
    with pytest.raises(sts.exceptions.MalformedCertificateSigningRequestException):
        sts.get_certificate(CertificateSigningRequest="not a csr")
    csr = "-----BEGIN CERTIFICATE REQUEST-----\n" + base64.b64encode(b"\x30\x82\x01\x00" + bytes(64)).decode() + "\n-----END CERTIFICATE REQUEST-----\n"
    with pytest.raises(sts.exceptions.SignerNotConfiguredException):
        sts.get_certificate(CertificateSigningRequest=csr)


@needs("GetTrustBundles")
def test_trust_bundles_of_an_unknown_provider(sts):
    with pytest.raises(sts.exceptions.ResourceNotFoundException) as info:
        sts.get_trust_bundles(ProviderArn="arn:aws:iam::111111111111:workload-identity-provider/p1")
    assert error_of(info)[2] == 404
    with pytest.raises(sts.exceptions.ClientError) as info:
        sts.get_trust_bundles(ProviderArn="arn:aws:iam::111111111111:role/not-a-provider")
    assert error_of(info)[0] == "ValidationError"


@needs("IssueWorkloadIdentityContext")
@freeze_time("2026-03-01 12:00:00")
def test_workload_identity_context(sts):
    document = json.dumps({"cluster": "prod", "service": "checkout"})
    bare = sts.issue_workload_identity_context(WorkloadIdentityTemplateArn=TEMPLATE, AttestationDocument=document)
    assert bare["ProvidedContext"] == {"ProviderArn": "arn:aws:iam::111111111111:workload-identity-provider/payments"}
    assert "Expiration" not in bare
    full = sts.issue_workload_identity_context(
        WorkloadIdentityTemplateArn=TEMPLATE, AttestationDocument=document, TargetRoleArn=ROLE, SessionDurationSeconds=900
    )
    assert full["Subject"] == bare["Subject"]
    assert full["ProvidedContext"]["ContextAssertion"]
    assert full["Expiration"].isoformat() == "2026-03-01T12:01:00+00:00"
    assert full["SessionExpiration"].isoformat() == "2026-03-01T12:15:00+00:00"


@needs("IssueWorkloadIdentityContext")
@pytest.mark.parametrize(
    ("document", "reason"),
    [("[]", "cannotParse"), ("{}", "cannotParse"), ("not json", "cannotParse"), ('{"a": ""}', "invalidValue"), ('{"a": 1}', "invalidValue"), ('{"a": "x", "a": "y"}', "duplicateKey")],
)
def test_an_unusable_attestation_document(sts, document, reason):
    with pytest.raises(sts.exceptions.InvalidAttestationDocumentException) as info:
        sts.issue_workload_identity_context(WorkloadIdentityTemplateArn=TEMPLATE, AttestationDocument=document)
    assert info.value.response["reason"] == reason
