"""Mobile push: platform applications and their endpoints. A message published to an
endpoint (``Publish`` with its ``TargetArn``, or an ``application`` subscription) is
recorded in ``sent``, as nothing is pushed to a device."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from eventmock.core import arns, ids
from eventmock.core.errors import ServiceError
from eventmock.core.text import utf8_size
from eventmock.services.sns.base import SnsBase, not_found
from eventmock.services.sns.messages import invalid

PLATFORMS = frozenset({"ADM", "APNS", "APNS_SANDBOX", "APNS_VOIP", "APNS_VOIP_SANDBOX", "BAIDU", "GCM", "MPNS", "WNS"})
#: Attributes kept but never answered.
SECRET_ATTRIBUTES = frozenset({"PlatformCredential", "PlatformPrincipal"})
ENDPOINT_ATTRIBUTES = frozenset({"CustomUserData", "Enabled", "Token"})
MAX_CUSTOM_USER_DATA = 2048
_APPLICATION_NAME = re.compile(r"[A-Za-z0-9_.-]+")


@dataclass(eq=False)
class PlatformApplication:
    arn: str
    platform: str
    attributes: dict[str, str]
    #: Token -> endpoint ARN.
    endpoints: dict[str, str] = field(default_factory=dict)

    def shown(self) -> dict[str, str]:
        return {k: v for k, v in self.attributes.items() if k not in SECRET_ATTRIBUTES}


@dataclass(eq=False)
class PlatformEndpoint:
    arn: str
    application_arn: str
    platform: str
    attributes: dict[str, str]

    @property
    def enabled(self) -> bool:
        return self.attributes.get("Enabled", "true").lower() == "true"


def _not_empty(attributes: dict[str, str]) -> None:
    """An empty map is a missing one to SNS (the query protocol sends nothing for it)."""
    if not attributes:
        raise ServiceError(
            "ValidationError", "1 validation error detected: Value null at 'attributes' failed to satisfy constraint: Member must not be null", status=400
        )


#: Platforms whose credential stands alone: FCM's (``GCM``) API key or service-account
#: JSON. Every other platform pairs its credential with a principal (APNS: certificate
#: or signing key id; ADM, Baidu: client id or API key; MPNS, WNS: certificate or SID).
CREDENTIAL_ONLY = frozenset({"GCM"})


def _check_application_attributes(platform: str, attributes: dict[str, str]) -> None:
    if "PlatformPrincipal" in attributes and "PlatformCredential" not in attributes:
        raise invalid("Invalid parameter: Attributes Reason: PlatformPrincipal attribute provided without PlatformCredential")
    if "PlatformCredential" in attributes and "PlatformPrincipal" not in attributes and platform not in CREDENTIAL_ONLY:
        raise invalid("Invalid parameter: Attributes Reason: PlatformCredential attribute provided without PlatformPrincipal")


def _check_endpoint_attributes(attributes: dict[str, str]) -> None:
    for name, value in attributes.items():
        if name not in ENDPOINT_ATTRIBUTES:
            raise invalid(f"Invalid parameter: Attributes Reason: Invalid attribute name: {name}")
        if name == "CustomUserData" and utf8_size(value) > MAX_CUSTOM_USER_DATA:
            raise invalid(
                "Invalid parameter: Attributes Reason: Invalid value for attribute: CustomUserData: "
                "must be at most 2048 bytes long in UTF-8 encoding"
            )


class PlatformApplications(SnsBase):
    def _application(self, arn_text: str) -> PlatformApplication:
        self._parse_arn(arn_text, "PlatformApplicationArn")
        found = self.platform_applications.get(arn_text)
        if found is None:
            raise not_found("PlatformApplication")
        return found

    def _endpoint(self, arn_text: str) -> PlatformEndpoint:
        arn = self._parse_arn(arn_text, "EndpointArn")
        if arn.resource.count("/") != 3:
            raise invalid("Invalid parameter: EndpointArn Reason: Wrong number of slashes in relative portion of the ARN.")
        found = self.platform_endpoints.get(arn_text)
        if found is None:
            raise not_found("Endpoint")
        return found

    def create_platform_application(self, Name: str, Platform: str, Attributes: dict[str, str]) -> dict[str, Any]:
        _not_empty(Attributes)
        if not Name:
            raise invalid("Invalid parameter:  Reason: cannot be empty")
        if len(Name) > 256:
            raise invalid(f"Invalid parameter: {Name} Reason: must be at most 256 characters long")
        if not _APPLICATION_NAME.fullmatch(Name):
            raise invalid(f"Invalid parameter: {Name} Reason: must contain only characters 'a'-'z', 'A'-'Z', '0'-'9', '_', '-', and '.'")
        if Platform not in PLATFORMS:
            raise invalid(f"Invalid parameter: Platform Reason: {Platform} is not supported")
        _check_application_attributes(Platform, Attributes)
        arn = self._arn(f"app/{Platform}/{Name}")
        existing = self.platform_applications.get(arn)
        if existing is not None:
            existing.attributes.update(Attributes)
        else:
            self.platform_applications[arn] = PlatformApplication(arn, Platform, {"Enabled": "true", **Attributes})
        return {"PlatformApplicationArn": arn}

    def get_platform_application_attributes(self, PlatformApplicationArn: str) -> dict[str, Any]:
        return {"Attributes": self._application(PlatformApplicationArn).shown()}

    def set_platform_application_attributes(self, PlatformApplicationArn: str, Attributes: dict[str, str]) -> None:
        _not_empty(Attributes)
        application = self._application(PlatformApplicationArn)
        merged = {**application.attributes, **Attributes}
        if any(name in Attributes for name in SECRET_ATTRIBUTES):
            _check_application_attributes(application.platform, {k: v for k, v in merged.items() if k in SECRET_ATTRIBUTES and k in Attributes} or merged)
        application.attributes = merged

    def list_platform_applications(self, NextToken: str | None = None) -> dict[str, Any]:
        items = [{"PlatformApplicationArn": a.arn, "Attributes": a.shown()} for a in self.platform_applications.values()]
        page, token = self._page(items, NextToken)
        return {"PlatformApplications": page, "NextToken": token}

    def delete_platform_application(self, PlatformApplicationArn: str) -> None:
        self._parse_arn(PlatformApplicationArn, "PlatformApplicationArn")
        application = self.platform_applications.pop(PlatformApplicationArn, None)
        if application is not None:
            for endpoint_arn in application.endpoints.values():
                self.platform_endpoints.pop(endpoint_arn, None)

    def create_platform_endpoint(
        self, PlatformApplicationArn: str, Token: str, CustomUserData: str | None = None, Attributes: dict[str, str] | None = None
    ) -> dict[str, Any]:
        application = self._application(PlatformApplicationArn)
        attributes = {"Enabled": "true", "Token": Token}
        if CustomUserData is not None:
            attributes["CustomUserData"] = CustomUserData
        given = dict(Attributes or {})
        _check_endpoint_attributes({**({"CustomUserData": CustomUserData} if CustomUserData is not None else {}), **given})
        attributes.update(given)
        existing_arn = application.endpoints.get(Token)
        if existing_arn is not None and existing_arn in self.platform_endpoints:
            if self.platform_endpoints[existing_arn].attributes != attributes:
                raise invalid(
                    f"Invalid parameter: Token Reason: Endpoint {existing_arn} already exists with the same Token, but different attributes."
                )
            return {"EndpointArn": existing_arn}
        name = arns.parse(application.arn).resource.split("/", 2)[2]  # type: ignore[union-attr]
        arn = self._arn(f"endpoint/{application.platform}/{name}/{ids.uuid4()}")
        self.platform_endpoints[arn] = PlatformEndpoint(arn, application.arn, application.platform, attributes)
        application.endpoints[Token] = arn
        return {"EndpointArn": arn}

    def get_endpoint_attributes(self, EndpointArn: str) -> dict[str, Any]:
        return {"Attributes": dict(self._endpoint(EndpointArn).attributes)}

    def set_endpoint_attributes(self, EndpointArn: str, Attributes: dict[str, str]) -> None:
        _not_empty(Attributes)
        endpoint = self._endpoint(EndpointArn)
        _check_endpoint_attributes(Attributes)
        endpoint.attributes.update(Attributes)

    def list_endpoints_by_platform_application(self, PlatformApplicationArn: str, NextToken: str | None = None) -> dict[str, Any]:
        application = self._application(PlatformApplicationArn)
        items = [
            {"EndpointArn": e.arn, "Attributes": dict(e.attributes)}
            for e in self.platform_endpoints.values()
            if e.application_arn == application.arn
        ]
        page, token = self._page(items, NextToken)
        return {"Endpoints": page, "NextToken": token}

    def delete_endpoint(self, EndpointArn: str) -> None:
        endpoint = self.platform_endpoints.pop(EndpointArn, None)
        if endpoint is not None:
            application = self.platform_applications.get(endpoint.application_arn)
            if application is not None:
                application.endpoints = {t: a for t, a in application.endpoints.items() if a != EndpointArn}
