"""Functions deployed over the wire run in the server's process: the AWS CLI deploys a
Python zip and invokes it; the function's own SDK calls go back to the server."""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import subprocess
import sys

import boto3
import pytest

from tests.lambda_.zips import zipped

CODE = zipped(
    {
        "app.py": (
            "import boto3\n"
            "def handler(event, context):\n"
            "    print('invoked with', event)\n"
            "    sqs = boto3.client('sqs')\n"
            "    url = sqs.create_queue(QueueName='from-the-function')['QueueUrl']\n"
            "    sqs.send_message(QueueUrl=url, MessageBody=json_dump(event))\n"
            "    return {'doubled': event['n'] * 2, 'function': context.function_name}\n"
            "def json_dump(value):\n"
            "    import json\n"
            "    return json.dumps(value)\n"
        )
    }
)


@pytest.mark.skipif(importlib.util.find_spec("awscli") is None, reason="the AWS CLI (awscli) is not installed")
def test_the_aws_cli_deploys_and_invokes_a_zip_function(endpoint, tmp_path):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "AWS_ACCESS_KEY_ID": "111122223333",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-west-1",
        "AWS_CONFIG_FILE": str(tmp_path / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
    }

    def cli(*args: str):
        command = [sys.executable, "-m", "awscli", "--endpoint-url", endpoint, "--output", "json", *args]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout) if done.stdout.strip() else None

    package = tmp_path / "function.zip"
    package.write_bytes(CODE)
    created = cli(
        "lambda", "create-function", "--function-name", "doubler", "--runtime", "python3.12", "--handler", "app.handler",
        "--role", "arn:aws:iam::111122223333:role/r", "--zip-file", f"fileb://{package}",
    )  # fmt: skip
    assert created["FunctionArn"] == "arn:aws:lambda:eu-west-1:111122223333:function:doubler"
    cli("lambda", "wait", "function-active-v2", "--function-name", "doubler")
    out = tmp_path / "out.json"
    answer = cli(
        "lambda", "invoke", "--function-name", "doubler",
        "--payload", '{"n": 21}', "--log-type", "Tail", str(out),
    )  # fmt: skip
    assert answer["StatusCode"] == 200 and "FunctionError" not in answer
    assert json.loads(out.read_text()) == {"doubled": 42, "function": "doubler"}
    assert "invoked with {'n': 21}" in base64.b64decode(answer["LogResult"]).decode()
    sqs = boto3.client("sqs", region_name="eu-west-1", endpoint_url=endpoint, aws_access_key_id="111122223333", aws_secret_access_key="x")
    url = sqs.get_queue_url(QueueName="from-the-function")["QueueUrl"]
    [message] = sqs.receive_message(QueueUrl=url)["Messages"]
    assert json.loads(message["Body"]) == {"n": 21}
