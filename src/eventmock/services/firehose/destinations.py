"""Firehose's destinations other than S3: HTTP endpoints, Redshift, OpenSearch
(Elasticsearch, OpenSearch Service, OpenSearch Serverless), Splunk, Snowflake, Iceberg.

Each is stored as configured and described as the model's ``...DestinationDescription``
shape says, converted from the configuration by the model (so secrets the description
has no member for, such as an HTTP endpoint's ``AccessKey`` or Redshift's ``Password``,
are not shown; ``S3Configuration`` is described as ``S3DestinationDescription``), with
the defaults AWS fills in for the required members. Every such destination has an S3
configuration, for backup (``S3BackupMode`` ``All...``) and for what could not be
delivered; it is checked and written as an S3 destination
(:mod:`.s3_destination`).
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from typing import Any

from botocore.model import ServiceModel, Shape

from eventmock.services.firehose import s3_destination
from eventmock.services.firehose.models import DEFAULT_BUFFERING, invalid
from eventmock.services.firehose.s3_destination import S3Destination
from eventmock.services.firehose.transform import check_processing

#: The destination types, as ``<kind>DestinationConfiguration`` names them, with
#: the ``S3BackupMode`` AWS gives them when none is given.
KINDS = {
    "HttpEndpoint": "FailedDataOnly",
    "Redshift": "Disabled",
    "Elasticsearch": "FailedDocumentsOnly",
    "Amazonopensearchservice": "FailedDocumentsOnly",
    "AmazonOpenSearchServerless": "FailedDocumentsOnly",
    "Splunk": "FailedEventsOnly",
    "Snowflake": "FailedDataOnly",
    "Iceberg": "FailedDataOnly",
}
#: Destination types AWS does not switch to or from with ``UpdateDestination``.
OPENSEARCH = {"Elasticsearch", "Amazonopensearchservice", "AmazonOpenSearchServerless"}


@functools.lru_cache(maxsize=1)
def _model() -> ServiceModel:
    import botocore.session

    return botocore.session.get_session().get_service_model("firehose")


def _config_member(name: str, config: Shape) -> str | None:
    """The configuration member a description member describes (``S3DestinationDescription``
    from ``S3Configuration``, ``S3BackupDescription`` from ``S3BackupConfiguration``,
    ``VpcConfigurationDescription`` from ``VpcConfiguration``)."""
    members = getattr(config, "members", {})
    for candidate in (name, name.replace("DestinationDescription", "Configuration"), name.replace("Description", "Configuration"), name.removesuffix("Description")):
        if candidate in members:
            return candidate
    return None


def describe(value: Any, config: Shape, description: Shape) -> Any:
    """``value`` (of the configuration shape) as the description shape has it."""
    if description.type_name == "structure" and isinstance(value, dict):
        out: dict[str, Any] = {}
        for name, member in description.members.items():
            source = _config_member(name, config)
            if source is not None and source in value:
                out[name] = describe(value[source], config.members[source], member)
        return out
    if description.type_name == "list" and isinstance(value, list):
        return [describe(v, config.member, description.member) for v in value]
    if description.type_name == "map" and isinstance(value, dict):
        return {k: describe(v, config.value, description.value) for k, v in value.items()}
    return copy.deepcopy(value)


@dataclass
class OtherDestination:
    """A destination of a type other than S3, as configured."""

    destination_kind: str
    config: dict[str, Any]
    #: Its ``S3Configuration``: where backups and failures go.
    backup: S3Destination
    processing: dict[str, Any] | None = None

    @property
    def kind(self) -> str:
        return self.destination_kind

    @property
    def backup_mode(self) -> str:
        return str(self.config.get("S3BackupMode") or KINDS[self.kind])

    def description(self) -> dict[str, Any]:
        model = _model()
        create = model.operation_model("CreateDeliveryStream").input_shape
        config_shape = create.members[f"{self.kind}DestinationConfiguration"]
        description_shape = model.shape_for("DestinationDescription").members[f"{self.kind}DestinationDescription"]
        described = describe(self.config, config_shape, description_shape)
        described["S3BackupMode"] = self.backup_mode
        described["S3DestinationDescription"] = self.backup.description()["S3DestinationDescription"]
        if "BufferingHints" in description_shape.members and "BufferingHints" not in described:
            described["BufferingHints"] = dict(DEFAULT_BUFFERING)
        if "CloudWatchLoggingOptions" in description_shape.members and "CloudWatchLoggingOptions" not in described:
            described["CloudWatchLoggingOptions"] = {"Enabled": False}
        return {f"{self.kind}DestinationDescription": described}


def build(kind: str, config: dict[str, Any], operation: str = "CreateDeliveryStream") -> OtherDestination:
    """A destination of ``kind`` from its configuration, checked: its S3 configuration
    as an S3 destination, its processing configuration."""
    member = f"{kind}DestinationConfiguration"
    if config.get("S3Configuration") is None:
        raise invalid(f"S3Configuration must be specified in {member}.")
    backup = s3_destination.build(config["S3Configuration"], False, operation)
    processing = check_processing(config.get("ProcessingConfiguration"), member, operation)
    return OtherDestination(kind, copy.deepcopy(config), backup, processing)


def update(current: OtherDestination | None, kind: str, given: dict[str, Any]) -> OtherDestination:
    """The destination after ``<kind>DestinationUpdate``: merged into the current one
    of the same kind (``S3Update`` into its S3 configuration), or, switching types, a
    destination of the new kind made from the update."""
    changes = {("S3Configuration" if k == "S3Update" else k): v for k, v in given.items()}
    if current is not None and current.kind == kind:
        config = {**current.config, **changes}
        if "S3Update" in given:
            config["S3Configuration"] = {**current.config["S3Configuration"], **given["S3Update"]}
    else:
        config = changes
    return build(kind, config, "UpdateDestination")
