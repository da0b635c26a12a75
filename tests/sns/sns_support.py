from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError


def error(call: Any, **params: Any) -> dict[str, Any]:
    """The ``Error`` and status of a call that must fail."""
    with pytest.raises(ClientError) as info:
        call(**params)
    response = info.value.response
    return {**response["Error"], "Status": response["ResponseMetadata"]["HTTPStatusCode"]}


def unchecked_client(session: Any, region: str) -> Any:
    """An SNS client that does not check its params (what AWS answers a request no
    SDK checked)."""
    config = Config(parameter_validation=False)
    return session.client("sns", region_name=region, aws_access_key_id="123456789012", aws_secret_access_key="x", config=config)


def invalid(message: str) -> dict[str, Any]:
    return {"Code": "InvalidParameter", "Message": message, "Type": "Sender", "Status": 400}


def bodies(sqs: Any, url: str, **params: Any) -> list[str]:
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, **params).get("Messages", [])
    return [m["Body"] for m in messages]


def envelopes(sqs: Any, url: str) -> list[dict[str, Any]]:
    return [json.loads(body) for body in bodies(sqs, url)]
