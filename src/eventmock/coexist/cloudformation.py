"""The CloudFormation bridge: moto's stacks create eventmock's resources.

eventmock does not emulate CloudFormation, so with moto underneath moto's CloudFormation
answers it, and moto makes each stack resource by calling its own backends. A stack's
``AWS::SQS::Queue`` would then land in moto's SQS while the test's SQS calls go to
eventmock: one service's state split between two mocks. The bridge prevents that.

The first call handed to moto's CloudFormation during an activation puts the bridge in
place (:func:`eventmock.core.underneath.add_bridge`): moto's
``moto.cloudformation.parsing.resource_class_from_type`` then answers, for a resource
type of :data:`~eventmock.coexist.cloudformation_types.TYPES` whose service eventmock
answers now, a :class:`StackResource` class instead of moto's model. Its create, update
and delete make the calls a boto3 client would (through :meth:`Store.client`, so the
services' own operations validate and shape them), and ``Ref``/``Fn::GetAtt`` read
what they answered. The outermost activation's exit puts moto's function back. Every
other type stays moto's. Nothing happens when moto (or its CloudFormation extras) is
absent or inactive: moto's CloudFormation is not imported until moto answers a call.
"""

from __future__ import annotations

import datetime
import importlib
import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from eventmock.core import intercept, underneath
from eventmock.core.store import Store

Props = dict[str, Any]


@dataclass(frozen=True)
class ResourceType:
    """How one CloudFormation resource type is made in eventmock: ``create`` makes it
    and sets the resource's ``physical_resource_id`` (what ``Ref`` gives); ``update``
    changes it in place from the old properties to the new; ``delete`` removes it;
    ``attributes`` answer ``Fn::GetAtt``. A change to a property in ``replaced_by``
    (or to ``name_property``), or any change when there is no ``update``, replaces the
    resource, as AWS documents ("Update requires: Replacement")."""

    service: str
    create: Callable[[StackResource, Props], None]
    delete: Callable[[StackResource], None]
    attributes: Mapping[str, Callable[[StackResource], Any]]
    update: Callable[[StackResource, Props, Props], None] | None = None
    name_property: str | None = None
    replaced_by: frozenset[str] = field(default_factory=frozenset)
    #: The longest name the service takes: a generated name is cut to fit.
    max_name: int | None = None


class StackResource:
    """One stack resource made in eventmock: what moto's stack holds in place of its
    own model (``physical_resource_id``, ``get_cfn_attribute``, ``delete``)."""

    kind: ClassVar[ResourceType]
    #: Set by moto's parser.
    cf_resource_type: str
    logical_resource_id: str

    def __init__(self, store: Store, account_id: str, region: str, name: str, properties: Props) -> None:
        self.store = store
        self.account_id = account_id
        self.region = region
        #: The physical name: the name property's value, or the one CloudFormation made.
        self.name = name
        self.properties = properties
        self.physical_resource_id = ""
        #: What create answered that attributes and delete need.
        self.state: dict[str, Any] = {}

    def call(self, operation: str, *, service: str | None = None, region: str | None = None, **params: Any) -> Any:
        """``client.<operation>(**params)`` in the resource's account and region (or
        ``region``), with ``params`` given the types the operation's input shape names
        (CloudFormation takes ``"30"`` for an integer and ``true`` for a string)."""
        client = self.store.client(service or self.kind.service, self.account_id, region or self.region)
        model = client.meta.service_model.operation_model(client.meta.method_to_api_mapping[operation])
        shaped = _coerce(model.input_shape, {k: v for k, v in params.items() if v is not None})
        return getattr(client, operation)(**shaped)

    def live(self) -> bool:
        """Whether the store it was made in is still the active mock's."""
        return intercept.active.store is self.store

    # -- what moto's CloudFormation calls ------------------------------------------

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr in cls.kind.attributes

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name: str, cloudformation_json: Props, account_id: str, region_name: str, **kwargs: Any
    ) -> StackResource:
        store = intercept.active.store
        if store is None:  # pragma: no cover - only chosen while a mock is active
            raise RuntimeError("the CloudFormation bridge works only while eventmock is active")
        properties = dict(cloudformation_json.get("Properties") or {})
        named = cls.kind.name_property
        if named is not None and properties.get(named) is not None:
            name = str(properties[named])
        else:
            name = _fitted(resource_name, cls.kind.max_name)
        resource = cls(store, account_id, region_name, name, properties)
        cls.kind.create(resource, properties)
        return resource

    @classmethod
    def update_from_cloudformation_json(
        cls, original_resource: Any, new_resource_name: str, cloudformation_json: Props, account_id: str, region_name: str
    ) -> StackResource:
        new = dict(cloudformation_json.get("Properties") or {})
        kind = cls.kind
        if isinstance(original_resource, StackResource) and original_resource.kind is kind and original_resource.live():
            old = original_resource.properties
            changed = {key for key in set(old) | set(new) if old.get(key) != new.get(key)}
            named = {kind.name_property} if kind.name_property else set()
            if not changed:
                return original_resource
            if kind.update is not None and not changed & (kind.replaced_by | named):
                kind.update(original_resource, old, new)
                original_resource.properties = new
                return original_resource
        replacement = cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)
        delete = getattr(original_resource, "delete", None)
        if delete is not None:
            delete(account_id, region_name)
        return replacement

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name: str, cloudformation_json: Props, account_id: str, region_name: str) -> None:
        return None  # moto calls ``delete`` on the resource it holds

    def delete(self, account_id: str = "", region_name: str = "") -> None:
        """Delete it; one already gone (a function deleted before its alias: moto's
        CloudFormation deletes in no particular order) counts as deleted, as in AWS."""
        if not self.live():  # made in a mock that has ended: nothing left to delete
            return
        from botocore.exceptions import ClientError

        try:
            self.kind.delete(self)
        except ClientError as error:
            code = str(error.response.get("Error", {}).get("Code", ""))
            if not any(word in code for word in _GONE):
                raise

    def get_cfn_attribute(self, attribute: str) -> Any:
        getter = self.kind.attributes.get(attribute)
        if getter is None:
            from moto.cloudformation.exceptions import UnformattedGetAttTemplateException

            raise UnformattedGetAttTemplateException()
        return getter(self)

    def is_created(self) -> bool:
        return True


def _fitted(generated: str, limit: int | None) -> str:
    """A generated name (``stack-Logical-SUFFIX``) cut to ``limit`` characters, its
    unique suffix kept, as CloudFormation shortens the names it makes."""
    if limit is None or len(generated) <= limit:
        return generated
    head, _, suffix = generated.rpartition("-")
    return f"{head[: max(limit - len(suffix) - 1, 1)].rstrip('-')}-{suffix}"


def _json_scalar(value: Any) -> Any:
    """What ``json.dumps`` cannot write: a YAML date or time, as its text."""
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


#: What the error codes of a resource that is gone say.
_GONE = ("NotFound", "NonExistent", "DoesNotExist")


def _coerce(shape: Any, value: Any) -> Any:
    """``value`` with the scalar types ``shape`` (a botocore shape) names, as
    CloudFormation converts template values for the service's API."""
    if shape is None:
        return value
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        return {k: _coerce(shape.members.get(k), v) for k, v in value.items()}
    if kind == "list" and isinstance(value, list):
        return [_coerce(shape.member, v) for v in value]
    if kind == "map" and isinstance(value, dict):
        return {str(k): _coerce(shape.value, v) for k, v in value.items()}
    if kind == "string":
        if isinstance(value, (datetime.date, datetime.time)):  # YAML's unquoted 2012-10-17
            return value.isoformat()
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return str(value)
        if isinstance(value, (dict, list)):
            return json.dumps(value, default=_json_scalar)
    if kind in ("integer", "long") and isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    if kind in ("float", "double") and isinstance(value, (str, int)) and not isinstance(value, bool):
        try:
            return float(value)
        except ValueError:
            return value
    if kind == "boolean" and isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


# -- what the resource types share -------------------------------------------------


def tags(props: Props, key: str = "Tags") -> dict[str, str]:
    """CloudFormation's ``[{"Key": k, "Value": v}]`` as a map."""
    return {str(t["Key"]): str(t["Value"]) for t in props.get(key) or []}


def tag_changes(old: Props, new: Props) -> tuple[dict[str, str], list[str]]:
    """The tags to set and the keys to remove to go from ``old``'s tags to ``new``'s."""
    before, after = tags(old), tags(new)
    return {k: v for k, v in after.items() if before.get(k) != v}, sorted(set(before) - set(after))


def picked(props: Props, names: tuple[str, ...]) -> Props:
    return {name: props[name] for name in names if props.get(name) is not None}


def fifo_name(resource: StackResource, props: Props, flag: str, named: str) -> str:
    """A FIFO queue's or topic's generated name ends with ``.fifo`` (a given one must)."""
    truthy = str(props.get(flag)).lower() == "true"
    if truthy and props.get(named) is None and not resource.name.endswith(".fifo"):
        return resource.name[:75] + ".fifo"
    return resource.name


# -- the hook in moto's CloudFormation --------------------------------------------

_classes: dict[str, type[StackResource]] = {}


def bridged_class(resource_type: str) -> type[StackResource] | None:
    """The class moto's CloudFormation makes ``resource_type`` with now: eventmock's, if
    it bridges the type and answers its service; ``None``: moto's own."""
    if intercept.active.store is None:
        return None
    from eventmock.coexist.cloudformation_types import TYPES

    kind = TYPES.get(resource_type)
    if kind is None or not intercept.emulates(kind.service):
        return None
    found = _classes.get(resource_type)
    if found is None:
        name = "Stack" + resource_type.replace("AWS::", "").replace("::", "")
        found = _classes[resource_type] = type(name, (StackResource,), {"kind": kind})
    return found


class _Notifications:
    """What moto's CloudFormation publishes stack events to (``NotificationARNs``)
    through: ``sns_backends[account][region].publish(message, subject=, arn=)``. While
    eventmock answers SNS, the topics are eventmock's, so the message is published
    there, as a boto3 client would; otherwise it goes to moto's SNS."""

    def __init__(self, backends: Any) -> None:
        self.backends = backends

    def __getitem__(self, account_id: str) -> Any:
        return _Region(self.backends, account_id)


class _Region:
    def __init__(self, backends: Any, account_id: str) -> None:
        self.backends = backends
        self.account_id = account_id

    def __getitem__(self, region: str) -> Any:
        store = intercept.active.store
        if store is None or not intercept.emulates("sns"):
            return self.backends[self.account_id][region]
        sns = store.client("sns", self.account_id, region)

        class Publisher:
            @staticmethod
            def publish(message: str, subject: str | None = None, arn: str | None = None, **_: Any) -> None:
                sns.publish(TopicArn=arn, Message=message, Subject=subject)

        return Publisher()


_installed: list[Any] = []


def _bridge(mock: underneath.Underneath, service: str) -> Callable[[], None] | None:
    if service != "cloudformation" or mock.name != "moto" or _installed:
        return None
    try:
        parsing: Any = importlib.import_module("moto.cloudformation.parsing")
    except ImportError:  # moto's CloudFormation extras are missing: moto answers as it can
        return None
    original = parsing.resource_class_from_type

    def resource_class_from_type(resource_type: str) -> Any:
        bridged = bridged_class(resource_type)
        return bridged if bridged is not None else original(resource_type)

    parsing.resource_class_from_type = resource_class_from_type
    models = sys.modules.get("moto.cloudformation.models")
    backends = getattr(models, "sns_backends", None)
    if backends is not None:
        models.sns_backends = _Notifications(backends)  # type: ignore[union-attr]
    _installed.append(parsing)

    def undo() -> None:
        parsing.resource_class_from_type = original
        if backends is not None:
            models.sns_backends = backends  # type: ignore[union-attr]
        _installed.clear()

    return undo


underneath.add_bridge(_bridge)
