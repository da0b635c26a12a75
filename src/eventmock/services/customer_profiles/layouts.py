"""Domain layouts (the Connect agent workspace's profile explorer layouts): stored,
described, listed, updated and deleted, with a ``Version`` that moves on each update."""

from __future__ import annotations

from typing import Any

from eventmock.services.customer_profiles.stored import DomainResources, Kind, Stored

LAYOUT = Kind("layouts", "Layout")
_MEMBERS = ("Description", "DisplayName", "IsDefault", "LayoutType", "Layout")


def _described(stored: Stored, *, layout: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {"LayoutDefinitionName": stored.name, **stored.members(*_MEMBERS)}
    if layout:
        out["Version"] = stored.body["Version"]
    else:
        del out["Layout"]
    return {**out, "Tags": dict(stored.tags) or None, "CreatedAt": stored.created, "LastUpdatedAt": stored.updated}


class DomainLayouts(DomainResources):
    def create_domain_layout(
        self,
        DomainName: str,
        LayoutDefinitionName: str,
        Description: str,
        DisplayName: str,
        LayoutType: str,
        Layout: str,
        IsDefault: bool | None = None,
        Tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        self._domain(DomainName)
        body = {
            "Description": Description,
            "DisplayName": DisplayName,
            "IsDefault": IsDefault,
            "LayoutType": LayoutType,
            "Layout": Layout,
            "Version": "1",
        }
        return _described(self._store(DomainName, LAYOUT, LayoutDefinitionName, body, Tags))

    def get_domain_layout(self, DomainName: str, LayoutDefinitionName: str) -> dict[str, Any]:
        self._domain(DomainName)
        return _described(self._stored(DomainName, LAYOUT, LayoutDefinitionName))

    def update_domain_layout(
        self,
        DomainName: str,
        LayoutDefinitionName: str,
        Description: str | None = None,
        DisplayName: str | None = None,
        IsDefault: bool | None = None,
        LayoutType: str | None = None,
        Layout: str | None = None,
    ) -> dict[str, Any]:
        self._domain(DomainName)
        stored = self._stored(DomainName, LAYOUT, LayoutDefinitionName)
        version = str(int(stored.body["Version"]) + 1)
        changes = {
            "Description": Description,
            "DisplayName": DisplayName,
            "IsDefault": IsDefault,
            "LayoutType": LayoutType,
            "Layout": Layout,
            "Version": version,
        }
        return _described(self._change(stored, changes))

    def delete_domain_layout(self, DomainName: str, LayoutDefinitionName: str) -> dict[str, Any]:
        self._domain(DomainName)
        self._drop(DomainName, LAYOUT, LayoutDefinitionName)
        return {"Message": f"Layout {LayoutDefinitionName} was deleted"}

    def list_domain_layouts(
        self, DomainName: str, NextToken: str | None = None, MaxResults: int | None = None
    ) -> dict[str, Any]:
        self._domain(DomainName)
        page, token = self._listed(DomainName, LAYOUT, NextToken, MaxResults)
        return {"Items": [_described(s, layout=False) for s in page], "NextToken": token}
