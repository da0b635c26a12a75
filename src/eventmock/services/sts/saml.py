"""Reading a SAML 2.0 response (``AssumeRoleWithSAML``'s ``SAMLAssertion``): the
attributes AWS reads from it. The signature is not checked (eventmock has no IAM
identity providers to hold the IdP's certificate)."""

from __future__ import annotations

import base64
import binascii
import xml.etree.ElementTree as ET
from typing import NamedTuple

_SAML = "{urn:oasis:names:tc:SAML:2.0:assertion}"
_ATTRIBUTES = "https://aws.amazon.com/SAML/Attributes/"
_NAMEID_FORMATS = "urn:oasis:names:tc:SAML:2.0:nameid-format:"


class Assertion(NamedTuple):
    issuer: str | None
    subject: str | None
    #: ``persistent``/``transient`` for those SAML formats, else the format's URI.
    subject_type: str | None
    audience: str | None
    #: The ``Role`` attribute's values: ``(role ARN, provider ARN)`` pairs.
    roles: list[tuple[str, str]]
    session_name: str | None
    session_duration: str | None
    source_identity: str | None


def parse(encoded: str) -> Assertion | None:
    """The assertion in ``encoded`` (base64 of a SAML ``Response``); ``None`` if it is
    not one."""
    try:
        root = ET.fromstring(base64.b64decode(encoded.encode(), validate=False))
    except (binascii.Error, ValueError, ET.ParseError):
        return None
    assertion = root if root.tag == f"{_SAML}Assertion" else root.find(f"{_SAML}Assertion")
    if assertion is None:
        return None
    values: dict[str, list[str]] = {}
    for attribute in assertion.iter(f"{_SAML}Attribute"):
        texts = [(value.text or "").strip() for value in attribute.iter(f"{_SAML}AttributeValue")]
        values.setdefault(attribute.get("Name", ""), []).extend(texts)
    roles = []
    for value in values.get(_ATTRIBUTES + "Role", []):
        first, _, second = (part.strip() for part in value.partition(","))
        # Either order is accepted: ``role,provider`` or ``provider,role``.
        roles.append((second, first) if ":saml-provider/" in first else (first, second))
    name_id = assertion.find(f"{_SAML}Subject/{_SAML}NameID")
    subject_format = name_id.get("Format") if name_id is not None else None
    if subject_format is not None and subject_format.startswith(_NAMEID_FORMATS):
        subject_format = subject_format.removeprefix(_NAMEID_FORMATS)
    issuer = assertion.find(f"{_SAML}Issuer")
    if issuer is None:
        issuer = root.find(f"{_SAML}Issuer")
    audience = assertion.find(f"{_SAML}Conditions/{_SAML}AudienceRestriction/{_SAML}Audience")
    confirmation = assertion.find(f"{_SAML}Subject/{_SAML}SubjectConfirmation/{_SAML}SubjectConfirmationData")

    def attribute_value(name: str) -> str | None:
        found = values.get(_ATTRIBUTES + name)
        return found[0] if found else None

    return Assertion(
        issuer=(issuer.text or "").strip() if issuer is not None else None,
        subject=(name_id.text or "").strip() if name_id is not None else None,
        subject_type=subject_format,
        audience=(audience.text or "").strip() if audience is not None else (confirmation.get("Recipient") if confirmation is not None else None),
        roles=roles,
        session_name=attribute_value("RoleSessionName"),
        session_duration=attribute_value("SessionDuration"),
        source_identity=attribute_value("SourceIdentity"),
    )
