"""A pipe, and what it does with a batch: filter (by the poller), enrichment, target.

A pipe is a consumer of the one poller (:mod:`eventmock.services.consumers.poller`),
shared with Lambda event source mappings. A batch that passed the filter goes:

1. to the enrichment, if any: a Lambda callable (the batch as a JSON array, after
   ``EnrichmentParameters.InputTemplate`` per item), or an API Gateway endpoint or an
   API destination (one request per item through the HTTP hook,
   ``eventmock.register_http``); what it
   returns replaces the batch (a list: one item each; anything else: one item;
   nothing: the batch ends there);
2. to the target: a Lambda function or a Step Functions state machine gets the batch
   as one JSON array; every other target one delivery per item
   (:func:`eventmock.core.targets.deliver`), an event bus one event per item (what
   Pipes' ``PutEvents`` call puts, with ``EventBridgeEventBusParameters``), dispatched
   in process as EventBridge Scheduler does.

A delivery that fails fails the batch: SQS messages stay for the queue's redrive, a
Kinesis batch is retried and then sent to ``DeadLetterConfig``.
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlencode
from typing import TYPE_CHECKING, Any

from eventmock.core import arns, clock, http, ids, targets, timestamps
from eventmock.core.records import Record
from eventmock.services.consumers.poller import Consumer, Settings
from eventmock.services.consumers.records import BatchFailed, partial_failures, stream_item_id
from eventmock.services.pipes import templates

if TYPE_CHECKING:
    from eventmock.services.pipes.backend import PipesBackend

#: Batch sizes when the source parameters give none.
DEFAULT_BATCH_SIZE = {"sqs": 10, "kinesis": 100, "dynamodb": 100}
#: The ``detail-type`` of an event a pipe puts on a bus, by source kind.
_SOURCE_NAMES = {"sqs": "aws:sqs", "kinesis": "aws:kinesis", "dynamodb": "aws:dynamodb"}
#: A stream source's parameter block, and the dead-letter record's batch description.
_STREAM_BLOCKS = {"kinesis": ("KinesisStreamParameters", "KinesisBatchInfo"), "dynamodb": ("DynamoDBStreamParameters", "DDBStreamBatchInfo")}


class Pipe(Consumer):
    def __init__(self, backend: PipesBackend, name: str, source: str) -> None:
        super().__init__(backend.store, source)
        self.backend = backend
        self.name = name
        self.arn = backend._arn(f"pipe/{name}")
        self.kind = self.source_kind
        self.description: str | None = None
        self.desired = "RUNNING"
        self.current = "CREATING"
        self.state_reason: str | None = None
        self.created = clock.now()
        self.modified = self.created
        self.source_parameters: dict[str, Any] = {}
        self.enrichment: str | None = None
        self.enrichment_parameters: dict[str, Any] | None = None
        self.target = ""
        self.target_parameters: dict[str, Any] | None = None
        self.role_arn = ""
        self.tags: dict[str, str] = {}
        self.log_configuration: dict[str, Any] | None = None
        self.kms_key: str | None = None
        self.settings = Settings(batch_size=DEFAULT_BATCH_SIZE.get(self.kind, 10))
        #: Every batch the target was handed, as it was sent (for inspection).
        self.deliveries: Record[list[Any]] = Record()

    def running(self) -> bool:
        return self.desired == "RUNNING" and self.current not in ("DELETING", "CREATE_FAILED")

    # -- answers -----------------------------------------------------------------------

    def summary(self) -> dict[str, Any]:
        return {
            "Name": self.name,
            "Arn": self.arn,
            "DesiredState": self.desired,
            "CurrentState": self.current,
            "StateReason": self.state_reason,
            "CreationTime": self.created,
            "LastModifiedTime": self.modified,
            "Source": self.source_arn,
            "Target": self.target,
            "Enrichment": self.enrichment,
        }

    def state(self) -> dict[str, Any]:
        return {
            "Arn": self.arn,
            "Name": self.name,
            "DesiredState": self.desired,
            "CurrentState": self.current,
            "CreationTime": self.created,
            "LastModifiedTime": self.modified,
        }

    def describe(self) -> dict[str, Any]:
        return {
            **self.summary(),
            "Description": self.description,
            "SourceParameters": self.source_parameters or None,
            "EnrichmentParameters": self.enrichment_parameters,
            "TargetParameters": self.target_parameters,
            "RoleArn": self.role_arn,
            "Tags": self.tags or None,
            "LogConfiguration": self.log_configuration,
            "KmsKeyIdentifier": self.kms_key,
        }

    # -- running -----------------------------------------------------------------------

    def _variables(self) -> dict[str, str]:
        return {
            "aws.pipes.pipe-arn": self.arn,
            "aws.pipes.pipe-name": self.name,
            "aws.pipes.source-arn": self.source_arn,
            "aws.pipes.enrichment-arn": self.enrichment or "",
            "aws.pipes.target-arn": self.target,
        }

    def _item_ids(self, records: list[dict[str, Any]]) -> set[str]:
        if self.kind == "sqs":
            return {r["messageId"] for r in records if "messageId" in r}
        return {i for r in records if (i := stream_item_id(r)) is not None}

    def handle(self, records: list[dict[str, Any]]) -> set[str]:
        items: list[Any] = list(records)
        if self.enrichment:
            items = self._enrich(items)
            if not items:
                return set()
        # Dynamic target parameters (``$.body.group``) read the item before the template.
        originals = items
        template = (self.target_parameters or {}).get("InputTemplate")
        if template is not None:
            variables = self._variables()
            items = [templates.render(template, item, variables) for item in items]
        self.deliveries.append(items)
        response = self._to_target(items, originals)
        if self._target_service() in ("lambda", "states") and isinstance(response, dict) and "batchItemFailures" in response:
            return partial_failures(response, self._item_ids(records))
        return set()

    def _enrich(self, items: list[Any]) -> list[Any]:
        assert self.enrichment is not None
        originals = items
        template = (self.enrichment_parameters or {}).get("InputTemplate")
        if template is not None:
            variables = self._variables()
            items = [templates.render(template, item, variables) for item in items]
        arn = arns.parse(self.enrichment)
        if arn is not None and arn.service == "lambda":
            from eventmock.core.errors import ServiceError
            from eventmock.services.lambda_.backend import LambdaBackend

            functions = self.store.backend("lambda", arn.account, arn.region)
            assert isinstance(functions, LambdaBackend)
            try:
                result = functions._invoke(self.enrichment, _json_safe(items))
            except ServiceError as exc:
                raise BatchFailed("NO_RESOURCE", exc.message) from exc
            except Exception as exc:  # noqa: BLE001 - the enrichment's failure fails the batch
                raise BatchFailed("ERROR_FROM_ENRICHMENT", f"{type(exc).__name__}: {exc}") from exc
        elif arn is not None and arn.service == "execute-api":
            http_parameters = (self.enrichment_parameters or {}).get("HttpParameters") or {}
            result = [self._http(arn, i, o, http_parameters, "ERROR_FROM_ENRICHMENT") for i, o in zip(items, originals)]
        elif arn is not None and arn.service == "events":  # an API destination: one request per item, by EventBridge
            http_parameters = (self.enrichment_parameters or {}).get("HttpParameters") or {}
            result = []
            for item, original in zip(items, originals):
                message = targets.Message(
                    item if isinstance(item, str) else json.dumps(item),
                    parameters={"HttpParameters": _resolved_http(http_parameters, original)},
                )
                try:
                    answer = targets.deliver(self.store, self.enrichment, message)
                except targets.DeliveryError as exc:
                    raise BatchFailed(exc.code, exc.message) from exc
                result.append(_body_of(answer))
        else:
            try:
                result = targets.deliver(self.store, self.enrichment, targets.Message(json.dumps(_json_safe(items))))
            except targets.DeliveryError as exc:
                raise BatchFailed(exc.code, exc.message) from exc
        result = _json_safe(result)
        if result is None or result == []:
            return []
        return result if isinstance(result, list) else [result]

    def _target_service(self) -> str:
        arn = arns.parse(self.target)
        return arn.service if arn is not None else ""

    def _to_target(self, items: list[Any], originals: list[Any]) -> Any:
        arn = arns.parse(self.target)
        assert arn is not None
        params = self.target_parameters or {}
        try:
            if arn.service in ("lambda", "states"):
                fire_and_forget = (params.get("LambdaFunctionParameters") or {}).get("InvocationType") == "FIRE_AND_FORGET"
                try:
                    return targets.deliver(self.store, self.target, targets.Message(json.dumps(_json_safe(items))))
                except targets.DeliveryError as exc:
                    if fire_and_forget and exc.code == "ERROR_FROM_TARGET":
                        return None  # an asynchronous invocation: the function's error is not the pipe's
                    raise
            if arn.service == "execute-api":
                http_parameters = params.get("HttpParameters") or {}
                for item, original in zip(items, originals):
                    self._http(arn, item, original, http_parameters, "ERROR_FROM_TARGET")
                return None
            if arn.service == "events" and arn.resource.startswith("event-bus/"):
                self._to_bus(items, originals, params.get("EventBridgeEventBusParameters") or {})
                return None
            for item, original in zip(items, originals):
                targets.deliver(self.store, self.target, self._message(arn, item, original, params))
        except targets.DeliveryError as exc:
            raise BatchFailed(exc.code, exc.message) from exc
        return None

    def _http(self, arn: arns.Arn, item: Any, original: Any, parameters: dict[str, Any], code: str) -> Any:
        """One request to an API Gateway endpoint (``arn:aws:execute-api:{region}:
        {account}:{api}/{stage}/{METHOD}/{path}``) through the HTTP hook, with the item as
        body; the response body (parsed as JSON if it is JSON). Raises :class:`BatchFailed`
        if nothing answers or the answer is not a 2xx."""
        api, _, rest = arn.resource.partition("/")
        stage, method, *path = rest.split("/")
        values = iter(_resolved_http(parameters, original).get("PathParameterValues") or [])
        path = [next(values, "") if part == "*" else part for part in path]
        url = f"https://{api}.execute-api.{arn.region}.amazonaws.com/{stage}/{'/'.join(path)}"
        query = parameters.get("QueryStringParameters") or {}
        if query:
            url += "?" + urlencode({k: templates.dynamic(v, original) or "" for k, v in query.items()})
        headers = {
            "content-type": "application/json",
            **{k: templates.dynamic(v, original) or "" for k, v in (parameters.get("HeaderParameters") or {}).items()},
        }
        body = item if isinstance(item, str) else json.dumps(item)
        try:
            response = http.send(self.store, "GET" if method in ("*", "ANY") else method, url, headers, body)
        except http.Unreachable as exc:
            raise BatchFailed(code, str(exc)) from exc
        except Exception as exc:  # noqa: BLE001 - the handler's failure is the request's
            raise BatchFailed(code, f"{type(exc).__name__}: {exc}") from exc
        if not response.ok:
            raise BatchFailed(code, f"{url} answered {response.status}.")
        text = response.body.decode("utf-8", "replace")
        try:
            return json.loads(text) if text else None
        except (ValueError, RecursionError):
            return text

    def _message(self, arn: arns.Arn, item: Any, original: Any, params: dict[str, Any]) -> targets.Message:
        body = item if isinstance(item, str) else json.dumps(item)
        if arn.service == "sqs":
            sqs = params.get("SqsQueueParameters") or {}
            return targets.Message(
                body,
                group_id=templates.dynamic(sqs.get("MessageGroupId"), original),
                deduplication_id=templates.dynamic(sqs.get("MessageDeduplicationId"), original)
                or (ids.uuid4() if arn.resource.endswith(".fifo") else None),
            )
        if arn.service == "kinesis":
            key = templates.dynamic((params.get("KinesisStreamParameters") or {}).get("PartitionKey"), original)
            return targets.Message(body, partition_key=key or None)
        blocks = {k: v for k, v in params.items() if k.endswith("Parameters")}
        if "HttpParameters" in blocks:  # an API destination
            blocks["HttpParameters"] = _resolved_http(blocks["HttpParameters"], original)
        return targets.Message(body, parameters=blocks or None)

    def _to_bus(self, items: list[Any], originals: list[Any], bus: dict[str, Any]) -> None:
        """One event per item onto the bus (what Pipes' ``PutEvents`` does), in
        process: the bus's rules see it before the read goes on."""
        from eventmock.services.events import delivery, entries

        batch = []
        for item, original in zip(items, originals):
            detail = entries.parse_detail(item if isinstance(item, str) else json.dumps(item))
            if detail is None:
                raise targets.DeliveryError("SDK_CLIENT_ERROR", "Detail is malformed.")
            entry: dict[str, Any] = {
                "Source": templates.dynamic(bus.get("Source"), original) or f"Pipe {self.name}",
                "DetailType": templates.dynamic(bus.get("DetailType"), original)
                or f"Event from {_SOURCE_NAMES.get(self.kind, self.kind)}",
                "Resources": [templates.dynamic(r, original) or r for r in bus.get("Resources") or []],
            }
            when = templates.dynamic(bus.get("Time"), original)
            if when:
                try:
                    parsed = dt.datetime.fromisoformat(when.replace("Z", "+00:00"))
                except ValueError:
                    parsed = None  # not a time: the event's time is now
                if parsed is not None:
                    entry["Time"] = parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.timezone.utc)
            batch.append((entry, detail))
        delivery.put_on_bus(self.store, self.target, batch, self.backend.account_id)

    def give_up(self, records: list[dict[str, Any]], info: dict[str, Any], error: BatchFailed | None, condition: str) -> None:
        """A stream batch given up on goes to ``DeadLetterConfig`` (its description)."""
        block, info_name = _STREAM_BLOCKS.get(self.kind, _STREAM_BLOCKS["kinesis"])
        stream = self.source_parameters.get(block) or {}
        destination = (stream.get("DeadLetterConfig") or {}).get("Arn")
        if not destination:
            return
        body = {
            "context": {
                "partnerResourceArn": self.arn,
                "condition": "RetryAttemptsExhausted",
                "requestId": ids.uuid4(),
                "errorCode": error.code if error is not None else "",
                "errorMessage": error.message if error is not None else "",
            },
            "version": "1.0",
            "timestamp": timestamps.iso8601(clock.now()),
            info_name: info,
        }
        try:
            targets.deliver(self.store, destination, targets.Message(json.dumps(body)))
        except targets.DeliveryError:
            pass


def _resolved_http(parameters: dict[str, Any], original: Any) -> dict[str, Any]:
    """``HttpParameters`` with their dynamic values (JSON paths) read from the item."""
    out = dict(parameters)
    for name in ("HeaderParameters", "QueryStringParameters"):
        if out.get(name):
            out[name] = {k: templates.dynamic(v, original) or "" for k, v in out[name].items()}
    if out.get("PathParameterValues"):
        out["PathParameterValues"] = [templates.dynamic(v, original) or "" for v in out["PathParameterValues"]]
    return out


def _body_of(answer: Any) -> Any:
    """What an HTTP answer (an API destination's) gives an enrichment: its body, as JSON
    if it parses."""
    body = getattr(answer, "body", None)
    if not isinstance(body, bytes) or not body:
        return None
    text = body.decode("utf-8", "replace")
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return text


def _json_safe(value: Any) -> Any:
    """``value`` through JSON (what crosses a service boundary)."""
    try:
        return json.loads(json.dumps(value))
    except (TypeError, ValueError):
        return str(value)
