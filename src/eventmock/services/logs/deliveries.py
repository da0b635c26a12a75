"""Vended log deliveries: delivery sources, delivery destinations (and their
policies), deliveries, configuration templates and UpdateDeliveryConfiguration.

They are stored and described as AWS answers them; eventmock does not produce the
vended logs themselves (no AWS service here writes them). A delivery takes its
defaults (record fields, delimiter, S3 suffix path) from the configuration template of
its source's service and log type when there is one (:data:`TEMPLATES`).
"""

from __future__ import annotations

from typing import Any

from eventmock.core import arns, ids
from eventmock.core.errors import ServiceError
from eventmock.services.logs.base import LogsBase
from eventmock.services.logs.models import Resource

SOURCE, DESTINATION, DELIVERY = "delivery-source", "delivery-destination", "delivery"
#: The services that vend logs through delivery sources (their ARN service), with the
#: log types known for them (empty: any).
SOURCE_SERVICES: dict[str, frozenset[str]] = {
    "cloudfront": frozenset({"ACCESS_LOGS", "CONNECTION_LOGS"}),
    "bedrock": frozenset({"APPLICATION_LOGS"}),
    "codewhisperer": frozenset({"EVENT_LOGS"}),
    "q": frozenset({"EVENT_LOGS"}),
    "pipes": frozenset({"ERROR_LOGS", "INFO_LOGS", "TRACE_LOGS"}),
    "mediapackage": frozenset(), "mediapackagev2": frozenset(), "mediatailor": frozenset(), "ivs": frozenset(),
    "workmail": frozenset(), "sagemaker": frozenset(), "pcs": frozenset(), "entityresolution": frozenset(),
    "elasticloadbalancing": frozenset(), "network-firewall": frozenset(), "ses": frozenset(), "appsync": frozenset(),
    "bedrock-agentcore": frozenset(), "xray": frozenset(), "iot": frozenset(), "cognito-idp": frozenset(), "rum": frozenset(),
}  # fmt: skip
#: A destination resource's ARN service -> deliveryDestinationType.
DESTINATION_TYPES = {"s3": "S3", "logs": "CWL", "firehose": "FH", "xray": "XRAY"}

_CLOUDFRONT_FIELDS = [
    "date", "time", "x-edge-location", "sc-bytes", "c-ip", "cs-method", "cs(Host)", "cs-uri-stem", "sc-status",
    "cs(Referer)", "cs(User-Agent)", "cs-uri-query", "cs(Cookie)", "x-edge-result-type", "x-edge-request-id",
    "x-host-header", "cs-protocol", "cs-bytes", "time-taken", "x-forwarded-for", "ssl-protocol", "ssl-cipher",
    "x-edge-response-result-type", "cs-protocol-version", "fle-status", "fle-encrypted-fields", "c-port",
    "time-to-first-byte", "x-edge-detailed-result-type", "sc-content-type", "sc-content-len", "sc-range-start", "sc-range-end",
]  # fmt: skip

#: The configuration templates eventmock knows (CloudFront's access logs, as recorded).
TEMPLATES: list[dict[str, Any]] = [
    {
        "service": "cloudfront",
        "logType": "ACCESS_LOGS",
        "resourceType": "distribution",
        "deliveryDestinationType": kind,
        "defaultDeliveryConfigValues": {
            "recordFields": _CLOUDFRONT_FIELDS,
            **({"s3DeliveryConfiguration": {"suffixPath": "AWSLogs/{account-id}/CloudFront/", "enableHiveCompatiblePath": False}} if kind == "S3" else {}),
        },
        "allowedFields": [{"name": name, "mandatory": False} for name in _CLOUDFRONT_FIELDS],
        "allowedOutputFormats": ["json", "plain", "w3c", "parquet"] if kind == "S3" else ["json", "plain", "w3c"],
        "allowedActionForAllowVendedLogsDeliveryForResource": "cloudfront:AllowVendedLogDeliveryForResource",
        "allowedFieldDelimiters": ["\t", "\\t", " ", ","],
        **({"allowedSuffixPathFields": ["DistributionId", "yyyy", "MM", "dd", "HH"]} if kind == "S3" else {}),
    }
    for kind in ("S3", "CWL", "FH")
]


def _missing(what: str, dots: str = ".") -> ServiceError:
    return ServiceError("ResourceNotFoundException", f"Requested {what} does not exist in this account{dots}")


def _template(service: str, log_type: str, destination_type: str) -> dict[str, Any] | None:
    for template in TEMPLATES:
        if (template["service"], template["logType"], template["deliveryDestinationType"]) == (service, log_type, destination_type):
            return template
    return None


class Deliveries(LogsBase):
    """Put/Get/Describe/DeleteDeliverySource(s), Put/Get/Describe/DeleteDeliveryDestination(s),
    Put/Get/DeleteDeliveryDestinationPolicy, Create/Get/Describe/DeleteDeliver(y|ies),
    UpdateDeliveryConfiguration, DescribeConfigurationTemplates."""

    # -- delivery sources ---------------------------------------------------------------

    def put_delivery_source(
        self,
        name: str,
        resourceArn: str,
        logType: str,
        tags: dict[str, str] | None = None,
        deliverySourceConfiguration: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        arn = arns.parse(resourceArn)
        if arn is None or arn.service not in SOURCE_SERVICES:
            raise ServiceError("ResourceNotFoundException", "Cannot access provided service.")
        log_types = SOURCE_SERVICES[arn.service]
        if log_types and logType not in log_types:
            raise ServiceError("ValidationException", f"Log type {logType} is not supported for service {arn.service}.")
        sources = self._kind(SOURCE)
        current = sources.get(name)
        if current is not None and current.body["resourceArns"] != [resourceArn]:
            raise ServiceError("ConflictException", "A delivery source with this name already exists for a different resource.")
        body = {
            "name": name,
            "arn": self._arn(f"delivery-source:{name}"),
            "resourceArns": [resourceArn],
            "service": arn.service,
            "logType": logType,
            "deliverySourceConfiguration": deliverySourceConfiguration,
        }
        resource = sources[name] = Resource(name, str(body["arn"]), body, dict(tags or (current.tags if current else {})))
        return {"deliverySource": self._with_tags(resource)}

    @staticmethod
    def _with_tags(resource: Resource) -> dict[str, Any]:
        return {**resource.description(), "tags": dict(resource.tags) or None}

    def get_delivery_source(self, name: str) -> dict[str, Any]:
        return {"deliverySource": self._with_tags(self._source(name))}

    def _source(self, name: str, dots: str = ".") -> Resource:
        found = self._kind(SOURCE).get(name)
        if found is None:
            raise _missing("Delivery Source", dots)
        return found

    def describe_delivery_sources(
        self, nextToken: str | None = None, limit: int | None = None, resourceArns: list[str] | None = None
    ) -> dict[str, Any]:
        found = [s for s in sorted(self._kind(SOURCE).values(), key=lambda s: s.key)
                 if not resourceArns or set(s.body["resourceArns"]) & set(resourceArns)]
        page, token = self._page(found, nextToken, limit)
        return {"deliverySources": [self._with_tags(s) for s in page], "nextToken": token}

    def delete_delivery_source(self, name: str) -> None:
        self._source(name, "..")
        if any(d.body["deliverySourceName"] == name for d in self._kind(DELIVERY).values()):
            raise ServiceError("ConflictException", "Delivery source is in use by a delivery; delete the delivery first.")
        del self._kind(SOURCE)[name]

    # -- delivery destinations ----------------------------------------------------------

    def put_delivery_destination(
        self,
        name: str,
        outputFormat: str | None = None,
        deliveryDestinationConfiguration: dict[str, Any] | None = None,
        deliveryDestinationType: str | None = None,
        roleArn: str | None = None,
        tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        target = (deliveryDestinationConfiguration or {}).get("destinationResourceArn")
        if target is None and deliveryDestinationType != "XRAY":
            raise ServiceError("ValidationException", "deliveryDestinationConfiguration is required for this destination type.")
        kind = deliveryDestinationType
        if target is not None:
            arn = arns.parse(target)
            kind = DESTINATION_TYPES.get(arn.service) if arn is not None else None
            if kind is None:
                raise ServiceError("ValidationException", f"Invalid destinationResourceArn: {target}")
        destinations = self._kind(DESTINATION)
        current = destinations.get(name)
        if current is not None and outputFormat is not None and current.body.get("outputFormat") not in (None, outputFormat):
            raise ServiceError("ValidationException", "The outputFormat of an existing delivery destination cannot be changed.")
        body = {
            "name": name,
            "arn": self._arn(f"delivery-destination:{name}"),
            "deliveryDestinationType": kind,
            "outputFormat": outputFormat,
            "deliveryDestinationConfiguration": deliveryDestinationConfiguration,
            "roleArn": roleArn,
        }
        resource = destinations[name] = Resource(name, str(body["arn"]), body, dict(tags or (current.tags if current else {})))
        if current is not None and "policy" in current.body:
            resource.body["policy"] = current.body["policy"]
        return {"deliveryDestination": self._delivery_destination_out(resource)}

    def _delivery_destination_out(self, resource: Resource) -> dict[str, Any]:
        out = self._with_tags(resource)
        out.pop("policy", None)
        return out

    def _delivery_destination(self, name: str) -> Resource:
        found = self._kind(DESTINATION).get(name)
        if found is None:
            raise _missing("Delivery Destination")
        return found

    def get_delivery_destination(self, name: str) -> dict[str, Any]:
        return {"deliveryDestination": self._delivery_destination_out(self._delivery_destination(name))}

    def describe_delivery_destinations(
        self, nextToken: str | None = None, limit: int | None = None, names: list[str] | None = None
    ) -> dict[str, Any]:
        found = [d for d in sorted(self._kind(DESTINATION).values(), key=lambda d: d.key) if not names or d.key in names]
        page, token = self._page(found, nextToken, limit)
        return {"deliveryDestinations": [self._delivery_destination_out(d) for d in page], "nextToken": token}

    def delete_delivery_destination(self, name: str) -> None:
        destination = self._delivery_destination(name)
        if any(d.body["deliveryDestinationArn"] == destination.arn for d in self._kind(DELIVERY).values()):
            raise ServiceError("ConflictException", "Delivery destination is in use by a delivery; delete the delivery first.")
        del self._kind(DESTINATION)[name]

    def put_delivery_destination_policy(self, deliveryDestinationName: str, deliveryDestinationPolicy: str) -> dict[str, Any]:
        destination = self._delivery_destination(deliveryDestinationName)
        destination.body["policy"] = deliveryDestinationPolicy
        return {"policy": {"deliveryDestinationPolicy": deliveryDestinationPolicy}}

    def get_delivery_destination_policy(self, deliveryDestinationName: str) -> dict[str, Any]:
        policy = self._delivery_destination(deliveryDestinationName).body.get("policy")
        return {"policy": {"deliveryDestinationPolicy": policy} if policy is not None else {}}

    def delete_delivery_destination_policy(self, deliveryDestinationName: str) -> None:
        destination = self._delivery_destination(deliveryDestinationName)
        if destination.body.pop("policy", None) is None:
            raise ServiceError("ResourceNotFoundException", "Requested Delivery Destination Policy does not exist in this account.")

    # -- deliveries ---------------------------------------------------------------------

    def create_delivery(
        self,
        deliverySourceName: str,
        deliveryDestinationArn: str,
        recordFields: list[str] | None = None,
        fieldDelimiter: str | None = None,
        s3DeliveryConfiguration: dict[str, Any] | None = None,
        tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        source = self._source(deliverySourceName)
        destination = next((d for d in self._kind(DESTINATION).values() if d.arn == deliveryDestinationArn), None)
        if destination is None:
            raise _missing("Delivery Destination")
        deliveries = self._kind(DELIVERY)
        if any(d.body["deliverySourceName"] == source.key and d.body["deliveryDestinationArn"] == deliveryDestinationArn for d in deliveries.values()):
            raise ServiceError("ConflictException", "A delivery for this delivery source and delivery destination already exists.")
        kind = destination.body["deliveryDestinationType"]
        template = _template(source.body["service"], source.body["logType"], kind)
        defaults = dict(template["defaultDeliveryConfigValues"]) if template else {}
        if kind == "S3":
            s3 = {"enableHiveCompatiblePath": False, **defaults.get("s3DeliveryConfiguration", {}), **(s3DeliveryConfiguration or {})}
        else:
            s3 = None
        delivery_id = ids.hex32()[:16]
        body = {
            "id": delivery_id,
            "arn": self._arn(f"delivery:{delivery_id}"),
            "deliverySourceName": source.key,
            "deliveryDestinationArn": deliveryDestinationArn,
            "deliveryDestinationType": kind,
            "recordFields": recordFields or defaults.get("recordFields"),
            "fieldDelimiter": fieldDelimiter if fieldDelimiter is not None else defaults.get("fieldDelimiter"),
            "s3DeliveryConfiguration": s3,
        }
        resource = deliveries[delivery_id] = Resource(delivery_id, body["arn"], body, dict(tags or {}))
        return {"delivery": self._with_tags(resource)}

    def _delivery(self, delivery_id: str) -> Resource:
        found = self._kind(DELIVERY).get(delivery_id)
        if found is None:
            raise _missing("Delivery")
        return found

    def get_delivery(self, id: str) -> dict[str, Any]:
        return {"delivery": self._with_tags(self._delivery(id))}

    def describe_deliveries(
        self, nextToken: str | None = None, limit: int | None = None, deliverySourceNames: list[str] | None = None
    ) -> dict[str, Any]:
        found = [d for d in self._kind(DELIVERY).values() if not deliverySourceNames or d.body["deliverySourceName"] in deliverySourceNames]
        page, token = self._page(found, nextToken, limit)
        return {"deliveries": [self._with_tags(d) for d in page], "nextToken": token}

    def delete_delivery(self, id: str) -> None:
        self._delivery(id)
        del self._kind(DELIVERY)[id]

    def update_delivery_configuration(
        self,
        id: str,
        recordFields: list[str] | None = None,
        fieldDelimiter: str | None = None,
        s3DeliveryConfiguration: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        body = self._delivery(id).body
        if s3DeliveryConfiguration is not None and body["deliveryDestinationType"] != "S3":
            raise ServiceError("ValidationException", "s3DeliveryConfiguration is only valid for S3 delivery destinations.")
        if recordFields is not None:
            body["recordFields"] = recordFields
        if fieldDelimiter is not None:
            body["fieldDelimiter"] = fieldDelimiter
        if s3DeliveryConfiguration is not None:
            body["s3DeliveryConfiguration"] = {**(body["s3DeliveryConfiguration"] or {}), **s3DeliveryConfiguration}
        return {}

    def describe_configuration_templates(
        self,
        service: str | None = None,
        logTypes: list[str] | None = None,
        resourceTypes: list[str] | None = None,
        deliveryDestinationTypes: list[str] | None = None,
        nextToken: str | None = None,
        limit: int | None = None,
    ) -> dict[str, Any]:
        found = [
            t
            for t in TEMPLATES
            if (service is None or t["service"] == service)
            and (not logTypes or t["logType"] in logTypes)
            and (not resourceTypes or t["resourceType"] in resourceTypes)
            and (not deliveryDestinationTypes or t["deliveryDestinationType"] in deliveryDestinationTypes)
        ]
        page, token = self._page(found, nextToken, limit)
        return {"configurationTemplates": page, "nextToken": token}
