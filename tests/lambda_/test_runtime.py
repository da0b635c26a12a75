"""Running a function's code: Python packages in-process (namespaces of their own),
logs, errors as AWS's runtime reports them, environment, context, timeouts, and the
subprocess and Node.js runtimes."""

from __future__ import annotations

import base64
import json
import os
import shutil
import sys

import boto3
import pytest
from freezegun import freeze_time

from eventmock import register_lambda
from tests.lambda_.zips import create, python_function, zipped


@pytest.fixture
def client(eventmock):
    return boto3.client("lambda", region_name="us-east-1")


def invoke(client, name="echo", payload=b"{}", **extra):
    answer = client.invoke(FunctionName=name, Payload=payload, **extra)
    return answer, json.loads(answer["Payload"].read())


PACKAGE = zipped(
    {
        "shop/__init__.py": "",
        "shop/handlers.py": "from . import prices\ncalls = 0\ndef handle(event, context):\n    global calls\n    calls += 1\n    return {'price': prices.PRICE, 'calls': calls}\n",
        "shop/prices.py": "PRICE = 3\n",
    }
)


def test_a_package_with_relative_imports_runs_and_keeps_module_state_while_warm(client):
    create(client, code=PACKAGE, handler="shop.handlers.handle")
    assert invoke(client)[1] == {"price": 3, "calls": 1}
    assert invoke(client)[1] == {"price": 3, "calls": 2}
    assert "shop" not in sys.modules and "shop.handlers" not in sys.modules


def test_two_functions_with_the_same_module_names_never_share_modules(client):
    create(client, name="one", code=python_function("VALUE = 'one'\ndef handler(e, c):\n    return VALUE\n"))
    create(client, name="two", code=python_function("VALUE = 'two'\ndef handler(e, c):\n    return VALUE\n"))
    assert invoke(client, "one")[1] == "one"
    assert invoke(client, "two")[1] == "two"
    assert invoke(client, "one")[1] == "one"
    assert "lambda_function" not in sys.modules


def test_each_version_has_its_own_module_state(client):
    code = "n = 0\ndef handler(e, c):\n    global n\n    n += 1\n    return n\n"
    create(client, code=python_function(code), Publish=True)
    assert invoke(client, "echo:1")[1] == 1
    assert invoke(client, "echo:1")[1] == 2
    assert invoke(client)[1] == 1


def test_new_code_gets_a_fresh_runtime(client):
    create(client, code=python_function("def handler(e, c):\n    return 1\n"))
    assert invoke(client)[1] == 1
    client.update_function_code(FunctionName="echo", ZipFile=python_function("def handler(e, c):\n    return 2\n"))
    assert invoke(client)[1] == 2


def test_output_goes_to_cloudwatch_logs_with_start_end_report(client):
    code = "import logging\ndef handler(e, c):\n    print('hello', e['who'])\n    logging.getLogger().warning('careful')\n    return None\n"
    create(client, code=python_function(code))
    answer = client.invoke(FunctionName="echo", Payload=b'{"who": "ada"}', LogType="Tail")
    tail = base64.b64decode(answer["LogResult"]).decode()
    request_id = answer["ResponseMetadata"]["RequestId"]
    lines = tail.splitlines()
    assert lines[0] == f"START RequestId: {request_id} Version: $LATEST"
    assert lines[1] == "hello ada"
    assert lines[2].startswith("[WARNING]\t") and lines[2].endswith(f"\t{request_id}\tcareful")
    assert lines[3] == f"END RequestId: {request_id}"
    assert lines[4].startswith(f"REPORT RequestId: {request_id}\tDuration: ")
    logs = boto3.client("logs", region_name="us-east-1")
    [stream] = logs.describe_log_streams(logGroupName="/aws/lambda/echo")["logStreams"]
    assert stream["logStreamName"].endswith("]" + stream["logStreamName"][-32:])
    assert "/[$LATEST]" in stream["logStreamName"]
    events = logs.get_log_events(logGroupName="/aws/lambda/echo", logStreamName=stream["logStreamName"])["events"]
    assert [e["message"] for e in events][:2] == lines[:2]


def test_an_exception_is_an_unhandled_function_error_with_aws_payload(client):
    create(client, code=python_function("def handler(e, c):\n    raise ValueError('bad input')\n"))
    answer, body = invoke(client)
    assert answer["FunctionError"] == "Unhandled"
    assert answer["StatusCode"] == 200
    assert body["errorMessage"] == "bad input"
    assert body["errorType"] == "ValueError"
    assert body["requestId"] == answer["ResponseMetadata"]["RequestId"]
    assert body["stackTrace"] == ['  File "/var/task/lambda_function.py", line 2, in handler\n    raise ValueError(\'bad input\')\n']


@pytest.mark.parametrize(
    ("code", "handler", "error_type", "message"),
    [
        ("x = 1\n", "missing.handler", "Runtime.ImportModuleError", "Unable to import module 'missing': No module named 'missing'"),
        ("x = 1\n", "lambda_function.handler", "Runtime.HandlerNotFound", "Handler 'handler' missing on module 'lambda_function'"),
        ("def handler(:\n", "lambda_function.handler", "Runtime.UserCodeSyntaxError", "Syntax error in module 'lambda_function': "),
        ("x = 1\n", "nodot", "Runtime.MalformedHandlerName", "Bad handler 'nodot': not enough values to unpack (expected 2, got 1)"),
    ],
)
def test_runtime_errors_as_aws_reports_them(client, code, handler, error_type, message):
    create(client, code=python_function(code), handler=handler)
    answer, body = invoke(client)
    assert answer["FunctionError"] == "Unhandled"
    assert body["errorType"] == error_type
    assert body["errorMessage"].startswith(message)


def test_a_handler_with_the_wrong_signature_fails_as_python_does(client):
    create(client, code=python_function("def handler(event):\n    return 1\n"))
    answer, body = invoke(client)
    assert answer["FunctionError"] == "Unhandled"
    assert body["errorType"] == "TypeError"
    assert "positional argument" in body["errorMessage"]


def test_an_unserialisable_result_is_a_marshal_error(client):
    create(client, code=python_function("def handler(e, c):\n    return {1, 2}\n"))
    answer, body = invoke(client)
    assert body["errorType"] == "Runtime.MarshalError"
    assert body["errorMessage"].startswith("Unable to marshal response: ")


def test_environment_is_applied_during_the_invocation_and_restored(client):
    code = "import os\ndef handler(e, c):\n    return {k: os.environ.get(k) for k in ('STAGE', 'AWS_LAMBDA_FUNCTION_NAME', 'AWS_REGION', 'AWS_LAMBDA_FUNCTION_VERSION')}\n"
    create(client, code=python_function(code), Environment={"Variables": {"STAGE": "test"}})
    assert invoke(client)[1] == {"STAGE": "test", "AWS_LAMBDA_FUNCTION_NAME": "echo", "AWS_REGION": "us-east-1", "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST"}
    assert "STAGE" not in os.environ


def test_handler_calls_the_mock_from_its_code(client):
    code = "import boto3\ndef handler(e, c):\n    sqs = boto3.client('sqs')\n    url = sqs.create_queue(QueueName='made')['QueueUrl']\n    return url\n"
    create(client, code=python_function(code))
    assert invoke(client)[1].endswith("/123456789012/made")
    assert boto3.client("sqs", region_name="us-east-1").list_queues()["QueueUrls"][0].endswith("/made")


def test_context_remaining_time_counts_down_on_the_mocks_clock(client):
    code = "def handler(e, c):\n    return [c.get_remaining_time_in_millis(), c.function_name, c.invoked_function_arn, c.memory_limit_in_mb]\n"
    create(client, code=python_function(code), Timeout=7, MemorySize=256)
    with freeze_time("2024-01-01"):
        assert invoke(client)[1] == [7000, "echo", "arn:aws:lambda:us-east-1:123456789012:function:echo", 256]


def test_a_handler_that_outlives_its_timeout_on_the_mocks_clock_times_out(client, eventmock):
    def slow(event, context):
        eventmock.advance(5)
        return "late"

    create(client, Timeout=3)
    register_lambda("arn:aws:lambda:us-east-1:123456789012:function:echo", slow)
    with freeze_time("2024-01-01"):
        answer, body = invoke(client)
    assert answer["FunctionError"] == "Unhandled"
    assert body["errorMessage"].endswith(f"{answer['ResponseMetadata']['RequestId']} Task timed out after 3.00 seconds")


def test_register_lambda_overrides_deployed_code(client):
    create(client)
    register_lambda("arn:aws:lambda:us-east-1:123456789012:function:echo", lambda event, context: "bound")
    assert invoke(client)[1] == "bound"


def test_other_runtimes_fail_at_invoke_not_at_create(client):
    create(client, Runtime="java21", handler="example.Handler::handleRequest")
    answer, body = invoke(client)
    assert answer["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Runtime.Unavailable"


def test_a_python_function_in_a_subprocess(client):
    code = "import os, sys\ndef handler(e, c):\n    print('from the worker')\n    return {'pid_differs': os.getpid() != int(e['pid']), 'left': c.get_remaining_time_in_millis() > 0}\n"
    create(client, code=python_function(code), Environment={"Variables": {"EVENTMOCK_RUNTIME": "subprocess"}})
    answer, body = invoke(client, payload=json.dumps({"pid": os.getpid()}).encode(), LogType="Tail")
    assert body == {"pid_differs": True, "left": True}
    assert "from the worker" in base64.b64decode(answer["LogResult"]).decode()
    create(client, name="broken", code=python_function("def handler(e, c):\n    raise KeyError('k')\n"), Environment={"Variables": {"EVENTMOCK_RUNTIME": "subprocess"}})
    answer, body = invoke(client, "broken")
    assert answer["FunctionError"] == "Unhandled" and body["errorType"] == "KeyError"


@pytest.mark.skipif(shutil.which("node") is None, reason="no node on PATH")
def test_a_node_function_runs_with_local_node(client):
    code = zipped({"index.mjs": "export const handler = async (event, context) => { console.log('hi'); return { doubled: event.n * 2, name: context.functionName }; };\n"})
    create(client, code=code, Runtime="nodejs20.x", handler="index.handler")
    answer, body = invoke(client, payload=b'{"n": 21}', LogType="Tail")
    assert body == {"doubled": 42, "name": "echo"}
    assert "\tINFO\thi" in base64.b64decode(answer["LogResult"]).decode()
    broken = zipped({"index.js": "exports.handler = async () => { throw new TypeError('nope'); };\n"})
    create(client, name="broken", code=broken, Runtime="nodejs20.x", handler="index.handler")
    answer, body = invoke(client, "broken")
    assert answer["FunctionError"] == "Unhandled"
    assert body["errorType"] == "TypeError" and body["errorMessage"] == "nope"
    assert isinstance(body["trace"], list)


def test_invoke_with_response_stream_answers_an_event_stream(client):
    create(client)
    answer = client.invoke_with_response_stream(FunctionName="echo", Payload=b'{"a": 1}', LogType="Tail")
    assert answer["StatusCode"] == 200 and answer["ExecutedVersion"] == "$LATEST"
    events = list(answer["EventStream"])
    assert events[0] == {"PayloadChunk": {"Payload": b'{"echo": {"a": 1}, "version": "$LATEST"}'}}
    assert base64.b64decode(events[1]["InvokeComplete"]["LogResult"]).decode().startswith("START RequestId: ")
    create(client, name="broken", code=python_function("def handler(e, c):\n    raise ValueError('x')\n"))
    [complete] = list(client.invoke_with_response_stream(FunctionName="broken")["EventStream"])
    assert complete["InvokeComplete"]["ErrorCode"] == "Unhandled"
    assert json.loads(complete["InvokeComplete"]["ErrorDetails"])["errorType"] == "ValueError"


def test_a_layers_python_folder_is_on_the_functions_path(client, eventmock):
    layer = zipped({"python/shared_util.py": "def shout(text):\n    return text.upper()\n"})
    layer_arn = client.publish_layer_version(LayerName="shared", Content={"ZipFile": layer})["LayerVersionArn"]
    # a layer whose content is no zip adds nothing (docs/lambda.md, Not confirmed)
    bogus_arn = client.publish_layer_version(LayerName="bogus", Content={"ZipFile": b"zipfile"})["LayerVersionArn"]
    code = "import shared_util\ndef handler(e, c):\n    return shared_util.shout('hi')\n"
    created = create(client, code=python_function(code), Layers=[layer_arn, bogus_arn])
    assert created["Layers"] == [{"Arn": layer_arn, "CodeSize": len(layer)}, {"Arn": bogus_arn, "CodeSize": len(b"zipfile")}]
    assert invoke(client)[1] == "HI"
    assert "shared_util" not in sys.modules
    with pytest.raises(client.exceptions.InvalidParameterValueException) as info:
        create(client, name="other", Layers=["arn:aws:lambda:us-east-1:123456789012:layer:gone:1"])
    assert info.value.response["Error"]["Message"] == "Layer version arn:aws:lambda:us-east-1:123456789012:layer:gone:1 does not exist."
