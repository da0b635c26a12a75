"""EventBridge resource types of the CloudFormation bridge (:mod:`eventmock.coexist.cloudformation`)."""

from __future__ import annotations

from eventmock.coexist.cloudformation import Props, ResourceType, StackResource, picked, tag_changes, tags
from eventmock.core.tags import as_list


# -- EventBridge ---------------------------------------------------------------------


def _bus_create(r: StackResource, props: Props) -> None:
    names = ("EventSourceName", "Description", "KmsKeyIdentifier", "DeadLetterConfig")
    tag_list = as_list(tags(props))
    r.state["arn"] = r.call("create_event_bus", Name=r.name, Tags=tag_list or None, **picked(props, names))["EventBusArn"]
    r.physical_resource_id = r.name
    if props.get("Policy") is not None:
        r.call("put_permission", EventBusName=r.name, Policy=props["Policy"])


def _bus_update(r: StackResource, old: Props, new: Props) -> None:
    names = ("Description", "KmsKeyIdentifier", "DeadLetterConfig")
    if any(old.get(k) != new.get(k) for k in names):
        r.call("update_event_bus", Name=r.name, **picked(new, names))
    if old.get("Policy") != new.get("Policy"):
        if new.get("Policy") is None:
            r.call("remove_permission", EventBusName=r.name, RemoveAllPermissions=True)
        else:
            r.call("put_permission", EventBusName=r.name, Policy=new["Policy"])


BUS = ResourceType(
    "events",
    create=_bus_create,
    update=_bus_update,
    delete=lambda r: r.call("delete_event_bus", Name=r.name),
    attributes={"Arn": lambda r: r.state["arn"], "Name": lambda r: r.name},
    name_property="Name",
    max_name=256,
    replaced_by=frozenset({"EventSourceName"}),
)


def _rule_put(r: StackResource, props: Props) -> None:
    names = ("EventBusName", "EventPattern", "ScheduleExpression", "State", "Description", "RoleArn")
    r.state["arn"] = r.call("put_rule", Name=r.name, **picked(props, names))["RuleArn"]
    bus = props.get("EventBusName")
    # a rule on a custom bus is named "bus|rule"
    r.physical_resource_id = f"{bus}|{r.name}" if bus and bus != "default" and not str(bus).startswith("arn:") else r.name
    wanted = {t.get("Id") for t in props.get("Targets") or []}
    stale = [i for i in r.state.get("targets", []) if i not in wanted]
    if stale:
        r.call("remove_targets", Rule=r.name, EventBusName=bus, Ids=stale)
    if props.get("Targets"):
        r.call("put_targets", Rule=r.name, EventBusName=bus, Targets=props["Targets"])
    r.state["targets"] = sorted(i for i in wanted if i)


def _rule_delete(r: StackResource) -> None:
    bus = r.properties.get("EventBusName")
    if r.state.get("targets"):
        r.call("remove_targets", Rule=r.name, EventBusName=bus, Ids=r.state["targets"])
    r.call("delete_rule", Name=r.name, EventBusName=bus)


RULE = ResourceType(
    "events",
    create=_rule_put,
    update=lambda r, old, new: _rule_put(r, new),
    delete=_rule_delete,
    attributes={"Arn": lambda r: r.state["arn"]},
    name_property="Name",
    max_name=64,
    replaced_by=frozenset({"EventBusName"}),
)


def _archive_create(r: StackResource, props: Props) -> None:
    names = ("Description", "EventPattern", "RetentionDays", "KmsKeyIdentifier")
    answer = r.call("create_archive", ArchiveName=r.name, EventSourceArn=props.get("SourceArn"), **picked(props, names))
    r.state["arn"] = answer["ArchiveArn"]
    r.physical_resource_id = r.name


def _archive_update(r: StackResource, old: Props, new: Props) -> None:
    r.call("update_archive", ArchiveName=r.name, **picked(new, ("Description", "EventPattern", "RetentionDays", "KmsKeyIdentifier")))


ARCHIVE = ResourceType(
    "events",
    create=_archive_create,
    update=_archive_update,
    delete=lambda r: r.call("delete_archive", ArchiveName=r.name),
    attributes={"Arn": lambda r: r.state["arn"]},
    name_property="ArchiveName",
    max_name=48,
    replaced_by=frozenset({"SourceArn"}),
)
