"""Lambda resource types of the CloudFormation bridge (:mod:`eventmock.coexist.cloudformation`)."""

from __future__ import annotations

import io
import zipfile

from eventmock.coexist.cloudformation import Props, ResourceType, StackResource, picked, tag_changes, tags


# -- Lambda --------------------------------------------------------------------------

_FUNCTION_SETTINGS = (
    "Description", "Handler", "Role", "Runtime", "Timeout", "MemorySize", "Environment", "Layers", "TracingConfig",
    "DeadLetterConfig", "VpcConfig", "KmsKeyArn", "EphemeralStorage", "ImageConfig", "LoggingConfig", "SnapStart",
    "FileSystemConfigs",
)  # fmt: skip


def _code(props: Props) -> Props:
    """The API's ``Code`` from CloudFormation's: inline ``ZipFile`` source is zipped as
    ``index.py`` (``index.js`` for Node.js), as CloudFormation does."""
    code = dict(props.get("Code") or {})
    source = code.pop("ZipFile", None)
    if source is not None:
        runtime = str(props.get("Runtime", ""))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("index.js" if runtime.startswith("nodejs") else "index.py", str(source))
        code["ZipFile"] = buffer.getvalue()
    code.pop("SourceKMSKeyArn", None)
    return code


def _function_create(r: StackResource, props: Props) -> None:
    settings = picked(props, (*_FUNCTION_SETTINGS, "PackageType", "Architectures", "CodeSigningConfigArn"))
    answer = r.call("create_function", FunctionName=r.name, Code=_code(props), Tags=tags(props) or None, **settings)
    r.physical_resource_id = r.name
    r.state["arn"] = answer["FunctionArn"]
    if props.get("ReservedConcurrentExecutions") is not None:
        r.call("put_function_concurrency", FunctionName=r.name, ReservedConcurrentExecutions=props["ReservedConcurrentExecutions"])


#: What a setting goes back to when an update removes its property (Lambda's defaults).
_FUNCTION_CLEARED: Props = {
    "Description": "", "Timeout": 3, "MemorySize": 128, "Environment": {"Variables": {}}, "Layers": [],
    "TracingConfig": {"Mode": "PassThrough"}, "DeadLetterConfig": {"TargetArn": ""}, "KmsKeyArn": "",
    "VpcConfig": {"SubnetIds": [], "SecurityGroupIds": []}, "FileSystemConfigs": [], "EphemeralStorage": {"Size": 512},
}  # fmt: skip


def _function_update(r: StackResource, old: Props, new: Props) -> None:
    changed = {k: new.get(k, _FUNCTION_CLEARED.get(k)) for k in _FUNCTION_SETTINGS if old.get(k) != new.get(k)}
    if changed:
        r.call("update_function_configuration", FunctionName=r.name, **{k: v for k, v in changed.items() if v is not None})
    if old.get("Code") != new.get("Code") or old.get("Architectures") != new.get("Architectures"):
        r.call("update_function_code", FunctionName=r.name, Architectures=new.get("Architectures"), **_code(new))
    if old.get("ReservedConcurrentExecutions") != new.get("ReservedConcurrentExecutions"):
        if new.get("ReservedConcurrentExecutions") is None:
            r.call("delete_function_concurrency", FunctionName=r.name)
        else:
            r.call("put_function_concurrency", FunctionName=r.name, ReservedConcurrentExecutions=new["ReservedConcurrentExecutions"])
    added, removed = tag_changes(old, new)
    if added:
        r.call("tag_resource", Resource=r.state["arn"], Tags=added)
    if removed:
        r.call("untag_resource", Resource=r.state["arn"], TagKeys=removed)


FUNCTION = ResourceType(
    "lambda",
    create=_function_create,
    update=_function_update,
    delete=lambda r: r.call("delete_function", FunctionName=r.name),
    attributes={"Arn": lambda r: r.state["arn"]},
    name_property="FunctionName",
    max_name=64,
    replaced_by=frozenset({"PackageType"}),
)

_MAPPING_SETTINGS = (
    "BatchSize", "BisectBatchOnFunctionError", "DestinationConfig", "Enabled", "FilterCriteria", "FunctionName",
    "FunctionResponseTypes", "KmsKeyArn", "MaximumBatchingWindowInSeconds", "MaximumRecordAgeInSeconds",
    "MaximumRetryAttempts", "MetricsConfig", "ParallelizationFactor", "ProvisionedPollerConfig", "ScalingConfig",
    "SourceAccessConfigurations", "TumblingWindowInSeconds", "DocumentDBEventSourceConfig",
)  # fmt: skip
_MAPPING_FIXED = (
    "EventSourceArn", "StartingPosition", "StartingPositionTimestamp", "Topics", "Queues", "SelfManagedEventSource",
    "AmazonManagedKafkaEventSourceConfig", "SelfManagedKafkaEventSourceConfig",
)  # fmt: skip


def _mapping_create(r: StackResource, props: Props) -> None:
    answer = r.call("create_event_source_mapping", Tags=tags(props) or None, **picked(props, _MAPPING_SETTINGS + _MAPPING_FIXED))
    r.physical_resource_id = answer["UUID"]
    r.state["arn"] = answer.get("EventSourceMappingArn")


def _mapping_update(r: StackResource, old: Props, new: Props) -> None:
    changed = {k: new.get(k) for k in _MAPPING_SETTINGS if old.get(k) != new.get(k)}
    if changed:
        r.call("update_event_source_mapping", UUID=r.physical_resource_id, **{k: v for k, v in changed.items() if v is not None})


MAPPING = ResourceType(
    "lambda",
    create=_mapping_create,
    update=_mapping_update,
    delete=lambda r: r.call("delete_event_source_mapping", UUID=r.physical_resource_id),
    attributes={"Id": lambda r: r.physical_resource_id, "EventSourceMappingArn": lambda r: r.state["arn"]},
    replaced_by=frozenset(_MAPPING_FIXED),
)


def _permission_create(r: StackResource, props: Props) -> None:
    names = ("Action", "FunctionName", "Principal", "SourceArn", "SourceAccount", "EventSourceToken", "PrincipalOrgID", "FunctionUrlAuthType")
    r.call("add_permission", StatementId=r.name[:100], **picked(props, names))
    r.physical_resource_id = r.name[:100]


PERMISSION = ResourceType(
    "lambda",
    create=_permission_create,
    delete=lambda r: r.call("remove_permission", FunctionName=r.properties.get("FunctionName"), StatementId=r.physical_resource_id),
    attributes={"Id": lambda r: r.physical_resource_id},
)


def _version_create(r: StackResource, props: Props) -> None:
    answer = r.call("publish_version", **picked(props, ("FunctionName", "Description", "CodeSha256")))
    r.physical_resource_id = answer["FunctionArn"]
    r.state["version"] = answer["Version"]


VERSION = ResourceType(
    "lambda",
    create=_version_create,
    delete=lambda r: r.call("delete_function", FunctionName=r.properties.get("FunctionName"), Qualifier=r.state["version"]),
    attributes={"Version": lambda r: r.state["version"], "FunctionArn": lambda r: r.physical_resource_id.rpartition(":")[0]},
)


def _alias_create(r: StackResource, props: Props) -> None:
    answer = r.call("create_alias", **picked(props, ("FunctionName", "Name", "FunctionVersion", "Description", "RoutingConfig")))
    r.physical_resource_id = answer["AliasArn"]


def _alias_update(r: StackResource, old: Props, new: Props) -> None:
    names = ("FunctionVersion", "Description", "RoutingConfig")
    r.call("update_alias", FunctionName=new.get("FunctionName"), Name=new.get("Name"), **picked(new, names))


ALIAS = ResourceType(
    "lambda",
    create=_alias_create,
    update=_alias_update,
    delete=lambda r: r.call("delete_alias", FunctionName=r.properties.get("FunctionName"), Name=r.properties.get("Name")),
    attributes={"AliasArn": lambda r: r.physical_resource_id},
    replaced_by=frozenset({"FunctionName", "Name"}),
)


def _layer_create(r: StackResource, props: Props) -> None:
    names = ("CompatibleRuntimes", "CompatibleArchitectures", "Description", "LicenseInfo", "Content")
    answer = r.call("publish_layer_version", LayerName=r.name, **picked(props, names))
    r.physical_resource_id = answer["LayerVersionArn"]
    r.state["version"] = answer["Version"]


LAYER_VERSION = ResourceType(
    "lambda",
    create=_layer_create,
    delete=lambda r: r.call("delete_layer_version", LayerName=r.name, VersionNumber=r.state["version"]),
    attributes={"LayerVersionArn": lambda r: r.physical_resource_id},
    name_property="LayerName",
    max_name=140,
)
