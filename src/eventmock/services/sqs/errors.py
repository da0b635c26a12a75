"""SQS's errors: the model's error shape names with AWS's legacy query codes and
HTTP statuses, and the ones the operations raise most."""

from __future__ import annotations

from eventmock.core.errors import ServiceError

#: Model error shape -> (the legacy query code AWS sends, the HTTP status), as AWS's
#: Smithy model of SQS gives them (``awsQueryError``; botocore's model carries neither).
#: The last two are not modelled: their names are the ``__type`` AWS's JSON body uses.
_ERRORS: dict[str, tuple[str, int]] = {
    "QueueDoesNotExist": ("AWS.SimpleQueueService.NonExistentQueue", 400),
    "QueueDeletedRecently": ("AWS.SimpleQueueService.QueueDeletedRecently", 400),
    "QueueNameExists": ("QueueAlreadyExists", 400),
    "InvalidAttributeName": ("InvalidAttributeName", 400),
    "InvalidAttributeValue": ("InvalidAttributeValue", 400),
    "InvalidMessageContents": ("InvalidMessageContents", 400),
    "ReceiptHandleIsInvalid": ("ReceiptHandleIsInvalid", 404),
    "PurgeQueueInProgress": ("AWS.SimpleQueueService.PurgeQueueInProgress", 403),
    "EmptyBatchRequest": ("AWS.SimpleQueueService.EmptyBatchRequest", 400),
    "TooManyEntriesInBatchRequest": ("AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400),
    "BatchEntryIdsNotDistinct": ("AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400),
    "InvalidBatchEntryId": ("AWS.SimpleQueueService.InvalidBatchEntryId", 400),
    "BatchRequestTooLong": ("AWS.SimpleQueueService.BatchRequestTooLong", 400),
    "ResourceNotFoundException": ("ResourceNotFoundException", 404),
    "InvalidParameterValueException": ("InvalidParameterValue", 400),
    "MissingRequiredParameterException": ("MissingParameter", 400),
}


def _error(code: str, message: str) -> ServiceError:
    query_code, status = _ERRORS[code]
    return ServiceError(code, message, status=status, query_code=query_code)


def _invalid_parameter(message: str) -> ServiceError:
    return _error("InvalidParameterValueException", message)


def _missing_parameter(name: str) -> ServiceError:
    return _error("MissingRequiredParameterException", f"The request must contain the parameter {name}.")


def _queue_does_not_exist() -> ServiceError:
    return _error("QueueDoesNotExist", "The specified queue does not exist.")


def _unknown_attribute(name: str) -> ServiceError:
    return _error("InvalidAttributeName", f"Unknown Attribute {name}.")


def _invalid_attribute_value(name: str, reason: str = "") -> ServiceError:
    return _error("InvalidAttributeValue", f"Invalid value for the parameter {name}." + (f" Reason: {reason}" if reason else ""))


def _invalid_receipt_handle(handle: str, elsewhere: bool = False) -> ServiceError:
    """A handle that is none: AWS's "The input receipt handle is invalid." (a real answer
    quoted in awslabs/amazon-sqs-java-extended-client-lib#16); a handle of another
    queue: 'The receipt handle "..." is not valid for this queue.' (quoted in
    aws/aws-sdk-java-v2#3101)."""
    if elsewhere:
        return _error("ReceiptHandleIsInvalid", f'The receipt handle "{handle}" is not valid for this queue.')
    return _error("ReceiptHandleIsInvalid", "The input receipt handle is invalid.")
