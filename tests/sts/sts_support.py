"""Plain helpers of the STS tests."""

from __future__ import annotations

from typing import Any


def error_of(info: Any) -> tuple[str, str, int]:
    """The code, message and HTTP status of a ``pytest.raises`` ClientError."""
    error = info.value.response["Error"]
    return error["Code"], error["Message"], info.value.response["ResponseMetadata"]["HTTPStatusCode"]


def client_with(boto3_session: Any, credentials: dict[str, Any], service: str = "sts", region: str = "us-east-1") -> Any:
    """A client of ``service`` signing with the temporary ``credentials`` STS issued."""
    return boto3_session.client(
        service,
        region_name=region,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )
