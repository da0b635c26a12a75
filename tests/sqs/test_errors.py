"""SQS errors: JSON bodies, legacy query codes, and exactly what botocore makes of them."""

from __future__ import annotations

import json

import botocore.session
import pytest
from botocore.awsrequest import HeadersDict
from botocore.exceptions import ClientError
from botocore.handlers import _handle_sqs_compatible_error
from botocore.parsers import create_parser


MISSING = "https://sqs.us-east-1.amazonaws.com/123456789012/missing"


def test_a_missing_queue_raises_the_modelled_exception_with_the_legacy_code(sqs):
    with pytest.raises(sqs.exceptions.QueueDoesNotExist) as info:
        sqs.get_queue_url(QueueName="missing")
    error = info.value
    assert error.response["Error"] == {
        "Code": "AWS.SimpleQueueService.NonExistentQueue",
        "Message": "The specified queue does not exist.",
        "QueryErrorCode": "QueueDoesNotExist",
        "Type": "Sender",
    }
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error.response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-query-error"] == "AWS.SimpleQueueService.NonExistentQueue;Sender"
    assert str(error) == (
        "An error occurred (AWS.SimpleQueueService.NonExistentQueue) when calling the GetQueueUrl operation: "
        "The specified queue does not exist."
    )


def test_an_error_sqs_does_not_model_is_a_plain_client_error(sqs, queue):
    with pytest.raises(ClientError) as info:
        sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=20)
    assert type(info.value) is ClientError
    assert info.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert info.value.response["Error"]["QueryErrorCode"] == "InvalidParameterValueException"


_SCENARIOS = {
    "QueueDoesNotExist": ("GetQueueUrl", lambda sqs, queue: sqs.get_queue_url(QueueName="missing")),
    "QueueNameExists": ("CreateQueue", lambda sqs, queue: sqs.create_queue(QueueName="jobs", Attributes={"DelaySeconds": "9"})),
    "PurgeQueueInProgress": ("PurgeQueue", lambda sqs, queue: [sqs.purge_queue(QueueUrl=queue), sqs.purge_queue(QueueUrl=queue)]),
    "TooManyEntriesInBatchRequest": (
        "DeleteMessageBatch",
        lambda sqs, queue: sqs.delete_message_batch(QueueUrl=queue, Entries=[{"Id": str(i), "ReceiptHandle": "h"} for i in range(11)]),
    ),
    "InvalidAttributeName": ("GetQueueAttributes", lambda sqs, queue: sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["Colour"])),
    "ReceiptHandleIsInvalid": ("DeleteMessage", lambda sqs, queue: sqs.delete_message(QueueUrl=queue, ReceiptHandle="forged")),
    "InvalidParameterValueException": ("ReceiveMessage", lambda sqs, queue: sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=30)),
}


@pytest.mark.parametrize("scenario", list(_SCENARIOS))
def test_error_response_equals_what_botocore_parses_from_aws_bytes(sqs, queue, scenario):
    """Rebuild the response AWS sends for the error (``x-amzn-query-error`` header, JSON
    body with ``__type`` and ``message``), let botocore's json parser parse it as the
    endpoint does (modelled fields looked up by the parsed code), apply botocore's
    ``after-call`` SQS handling, and compare with what eventmock answered, exception
    class included."""
    operation, call = _SCENARIOS[scenario]
    with pytest.raises(ClientError) as info:
        call(sqs, queue)
    ours = info.value.response
    assert ours["Error"]["QueryErrorCode"] == scenario
    headers = ours["ResponseMetadata"]["HTTPHeaders"]
    body = {"__type": f"com.amazonaws.sqs#{scenario}", "message": ours["Error"]["Message"]}
    raw = {"status_code": ours["ResponseMetadata"]["HTTPStatusCode"], "headers": HeadersDict(headers), "body": json.dumps(body).encode()}
    model = botocore.session.get_session().get_service_model("sqs")
    parser = create_parser("json")
    parsed = parser.parse(raw, model.operation_model(operation).output_shape)
    error_shape = model.shape_for_error_code(parsed["Error"]["Code"])
    if error_shape is not None:
        parsed.update(parser.parse(raw, error_shape))
    parsed["ResponseMetadata"]["RetryAttempts"] = 0
    context: dict[str, str] = {}
    _handle_sqs_compatible_error(parsed=parsed, context=context)
    assert type(info.value) is sqs.exceptions.from_code(context.get("error_code_override") or parsed["Error"]["Code"])
    assert parsed == ours


def test_every_error_the_backend_raises_is_modelled_or_has_its_status():
    """Strict mode refuses an unmodelled error without a status; check the table the
    backend raises from against the model, so a renamed shape is caught here."""
    from eventmock.services.sqs.errors import _ERRORS

    model = botocore.session.get_session().get_service_model("sqs")
    modelled = {shape.name for shape in model.error_shapes}
    assert set(_ERRORS) - modelled == {"InvalidParameterValueException", "MissingRequiredParameterException"}
