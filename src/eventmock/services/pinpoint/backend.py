"""Amazon Pinpoint: applications, their tags, their event stream, and events.

Shapes follow the botocore model (``pinpoint``, rest-json): every output member lives
under a payload structure (``ApplicationResponse``, ``EventStream``, ``TagsModel``),
dates are ISO 8601 strings with milliseconds (the model types them as strings), and
every error carries ``Message`` and ``RequestID``.

``put_events`` writes each accepted event to the application's event stream, in
Pinpoint's documented app-event format (see :mod:`.records`).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from eventmock.core import arns, clock, ids, intercept, pagination
from eventmock.core.backend import Backend, current_request_id
from eventmock.core.validation import InputProblem
from eventmock.core.errors import ServiceError
from eventmock.core.records import Record
from eventmock.services.pinpoint import records

DEFAULT_PAGE_SIZE = 100
MAX_EVENTS_PER_REQUEST = 100
MAX_TAGS = 50
MAX_TAG_KEY = 128
MAX_TAG_VALUE = 256

# DestinationStreamArn: a Kinesis data stream or a Firehose delivery stream.
_DESTINATION_RE = re.compile(
    r"arn:aws[a-z-]*:(?:kinesis:[a-z0-9-]+:\d{12}:stream|firehose:[a-z0-9-]+:\d{12}:deliverystream)/[a-zA-Z0-9_.-]{1,128}"
)
# RoleArn: an IAM role, with an optional path.
_ROLE_RE = re.compile(r"arn:aws[a-z-]*:iam::\d{12}:role/(?:[\x21-\x7e]+/)*[\w+=,.@-]{1,64}")


@dataclass
class App:
    id: str
    arn: str
    name: str
    creation_date: str
    tags: dict[str, str] = field(default_factory=dict)
    #: The application's default settings (``CampaignHook``, ``Limits``,
    #: ``QuietTime``, ``JourneyLimits``), as last written.
    settings: dict[str, Any] = field(default_factory=dict)
    settings_modified: str = ""

    def response(self) -> dict[str, Any]:
        return {"Arn": self.arn, "Id": self.id, "Name": self.name, "tags": self.tags, "CreationDate": self.creation_date}


class PinpointBackend(Backend):
    service = "pinpoint"
    arn_service = "mobiletargeting"

    @classmethod
    def _bad_input(cls, problem: InputProblem) -> ServiceError:
        return ServiceError("BadRequestException", problem.message, RequestID=current_request_id())

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.apps: dict[str, App] = {}
        self.event_streams: dict[str, dict[str, str]] = {}
        #: Events accepted but not written, because the stream's destination did not
        #: exist: (destination ARN, error message). AWS drops these silently too.
        self.undelivered: Record[tuple[str, str]] = Record()

    # -- errors -------------------------------------------------------------------

    def _error(self, code: str, message: str) -> ServiceError:
        return ServiceError(code, message, RequestID=self.call.request_id)

    def _bad_request(self, message: str) -> ServiceError:
        return self._error("BadRequestException", message)

    def _app(self, application_id: str) -> App:
        app = self.apps.get(application_id)
        if app is None:
            raise self._error("NotFoundException", "Application not found")
        return app

    def _app_by_arn(self, resource_arn: str) -> App:
        arn = arns.parse(resource_arn)
        if arn is None or arn.service != "mobiletargeting" or not arn.resource.startswith("apps/"):
            raise self._bad_request(f"Invalid ResourceArn: {resource_arn}")
        app = self.apps.get(arn.resource[len("apps/") :])
        if app is None or app.arn != resource_arn:
            raise self._error("NotFoundException", "Resource not found")
        return app

    def _check_tags(self, tags: dict[str, str]) -> None:
        if len(tags) > MAX_TAGS:
            raise self._bad_request(f"Too many tags: {len(tags)}; a resource can have at most {MAX_TAGS} tags")
        for key, value in tags.items():
            if not 1 <= len(key) <= MAX_TAG_KEY:
                raise self._bad_request(f"Invalid tag key {key!r}: keys are 1 to {MAX_TAG_KEY} characters")
            if key.lower().startswith("aws:"):
                raise self._bad_request(f"Invalid tag key {key!r}: the prefix 'aws:' is reserved")
            if len(value) > MAX_TAG_VALUE:
                raise self._bad_request(f"Invalid value for tag {key!r}: values are at most {MAX_TAG_VALUE} characters")

    # -- applications -------------------------------------------------------------

    def create_app(self, CreateApplicationRequest: dict[str, Any]) -> dict[str, Any]:
        name = CreateApplicationRequest["Name"]
        tags = CreateApplicationRequest.get("tags") or {}
        if not name:
            raise self._bad_request("Missing required field: Name")
        self._check_tags(tags)
        app_id = ids.hex32()
        app = App(app_id, self._arn(f"apps/{app_id}"), name, clock.iso8601_millis(clock.now()), dict(tags))
        self.apps[app_id] = app
        return {"ApplicationResponse": app.response()}

    def get_app(self, ApplicationId: str) -> dict[str, Any]:
        return {"ApplicationResponse": self._app(ApplicationId).response()}

    def get_apps(self, PageSize: str | None = None, Token: str | None = None) -> dict[str, Any]:
        limit = DEFAULT_PAGE_SIZE
        if PageSize is not None:
            if not PageSize.isdigit() or int(PageSize) < 1:
                raise self._bad_request(f"Invalid PageSize: {PageSize}; it must be a positive integer")
            limit = int(PageSize)
        try:
            apps, next_token = pagination.page(list(self.apps.values()), Token, limit)
        except pagination.InvalidToken:
            raise self._bad_request(f"Invalid Token: {Token}") from None
        return {"ApplicationsResponse": {"Item": [app.response() for app in apps], "NextToken": next_token}}

    def delete_app(self, ApplicationId: str) -> dict[str, Any]:
        app = self._app(ApplicationId)
        del self.apps[ApplicationId]
        self.event_streams.pop(ApplicationId, None)
        return {"ApplicationResponse": app.response()}

    # -- settings -----------------------------------------------------------------

    def _settings(self, app: App) -> dict[str, Any]:
        return {
            "ApplicationSettingsResource": {
                "ApplicationId": app.id,
                "LastModifiedDate": app.settings_modified or app.creation_date,
                **app.settings,
            }
        }

    def get_application_settings(self, ApplicationId: str) -> dict[str, Any]:
        return self._settings(self._app(ApplicationId))

    def update_application_settings(self, ApplicationId: str, WriteApplicationSettingsRequest: dict[str, Any]) -> dict[str, Any]:
        app = self._app(ApplicationId)
        request = WriteApplicationSettingsRequest
        hook = request.get("CampaignHook")
        if hook is not None and hook.get("Mode") is not None and hook["Mode"] not in ("DELIVERY", "FILTER"):
            raise self._bad_request(f"Invalid CampaignHook Mode: {hook['Mode']}")
        for name in ("CampaignHook", "Limits", "QuietTime", "JourneyLimits"):
            if request.get(name) is not None:
                app.settings[name] = copy.deepcopy(request[name])
        app.settings_modified = clock.iso8601_millis(clock.now())
        return self._settings(app)

    # -- tags ---------------------------------------------------------------------

    def tag_resource(self, ResourceArn: str, TagsModel: dict[str, Any]) -> None:
        app = self._app_by_arn(ResourceArn)
        self._check_tags({**app.tags, **TagsModel["tags"]})
        app.tags.update(TagsModel["tags"])

    def untag_resource(self, ResourceArn: str, TagKeys: list[str]) -> None:
        app = self._app_by_arn(ResourceArn)
        for key in TagKeys:
            app.tags.pop(key, None)

    def list_tags_for_resource(self, ResourceArn: str) -> dict[str, Any]:
        return {"TagsModel": {"tags": self._app_by_arn(ResourceArn).tags}}

    # -- event stream -------------------------------------------------------------

    def put_event_stream(self, ApplicationId: str, WriteEventStream: dict[str, str]) -> dict[str, Any]:
        self._app(ApplicationId)
        destination = WriteEventStream["DestinationStreamArn"]
        role = WriteEventStream["RoleArn"]
        if not _DESTINATION_RE.fullmatch(destination):
            raise self._bad_request(
                f"Invalid DestinationStreamArn: {destination}. It must be the ARN of an Amazon Kinesis data stream "
                "(arn:aws:kinesis:region:account:stream/name) or of an Amazon Data Firehose delivery stream "
                "(arn:aws:firehose:region:account:deliverystream/name)"
            )
        if not _ROLE_RE.fullmatch(role):
            raise self._bad_request(f"Invalid RoleArn: {role}. It must be the ARN of an IAM role (arn:aws:iam::account:role/name)")
        if not self._destination_exists(destination):
            # AWS writes to the destination (as the role) before it accepts the stream
            raise self._bad_request("Destination stream validation failed")
        stream = {
            "ApplicationId": ApplicationId,
            "DestinationStreamArn": destination,
            "RoleArn": role,
            "LastModifiedDate": clock.iso8601_millis(clock.now()),
            "LastUpdatedBy": self.call.caller_arn,
        }
        self.event_streams[ApplicationId] = stream
        return {"EventStream": stream}

    def get_event_stream(self, ApplicationId: str) -> dict[str, Any]:
        self._app(ApplicationId)
        stream = self.event_streams.get(ApplicationId)
        if stream is None:
            raise self._error("NotFoundException", "Resource not found")
        return {"EventStream": stream}

    def delete_event_stream(self, ApplicationId: str) -> dict[str, Any]:
        response = self.get_event_stream(ApplicationId)
        del self.event_streams[ApplicationId]
        return response

    # -- events -------------------------------------------------------------------

    def put_events(self, ApplicationId: str, EventsRequest: dict[str, Any]) -> dict[str, Any]:
        app = self._app(ApplicationId)
        batch = EventsRequest["BatchItem"]
        total = sum(len(item["Events"]) for item in batch.values())
        if total > MAX_EVENTS_PER_REQUEST:
            raise self._bad_request(f"Too many events: {total}; a request can carry at most {MAX_EVENTS_PER_REQUEST} events")
        arrival = clock.now()
        stream = self.event_streams.get(app.id)
        results: dict[str, Any] = {}
        for endpoint_id, item in batch.items():
            event_results = {}
            for event_id, event in item["Events"].items():
                problem = records.problem(event)
                if problem is not None:
                    event_results[event_id] = {"Message": problem, "StatusCode": 400}
                    continue
                event_results[event_id] = {"Message": "Accepted", "StatusCode": 202}
                if stream is not None:
                    record = records.app_event(app.id, self.account_id, endpoint_id, item["Endpoint"], event, arrival)
                    self._write(stream["DestinationStreamArn"], record, endpoint_id)
            results[endpoint_id] = {
                "EndpointItemResponse": {"Message": "Accepted", "StatusCode": 202},
                "EventsItemResponse": event_results,
            }
        return {"EventsResponse": {"Results": results}}

    def _destination_exists(self, destination: str) -> bool:
        """Whether the Kinesis stream or Firehose delivery stream exists (in the account
        and region its ARN names). A service handed to a mock underneath
        (``mock_aws(exclude=...)``) is not asked: the stream is taken to exist."""
        arn = arns.parse(destination)
        assert arn is not None  # its form has been checked
        if not intercept.emulates(arn.service):
            return True
        backend = self.store.backend(arn.service, arn.account, arn.region)
        return arn.resource.split("/", 1)[1] in getattr(backend, "streams", {})

    def _write(self, destination: str, record: bytes, partition_key: str) -> None:
        """Deliver one event-stream record to the Kinesis stream or Firehose delivery
        stream the application streams to (any account or region the ARN names)."""
        arn = arns.parse(destination)
        assert arn is not None  # checked by put_event_stream
        target = self.store.backend(arn.service, arn.account, arn.region)
        try:
            if arn.service == "kinesis":
                target._deliver(destination, record, partition_key)  # type: ignore[attr-defined]
            else:
                target._deliver(destination, record + b"\n")  # type: ignore[attr-defined]
        except ServiceError as error:
            self.undelivered.append((destination, error.message))
