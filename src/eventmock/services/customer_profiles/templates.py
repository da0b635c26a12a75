"""A few of the object type templates AWS offers (``list_profile_object_type_templates``),
each mapping its source's object onto the standard profile.

AWS offers many more (Salesforce, Zendesk, Marketo, ServiceNow, Shopify, Segment...);
eventmock keeps a few with the shape AWS documents and ``Fields``/``Keys`` of its own
choosing (AWS's exact ones are not published), enough for ``put_profile_object_type``
with a ``TemplateId`` to ingest objects.
"""

from __future__ import annotations

from typing import Any


def _field(source: str, target: str, content: str = "STRING") -> dict[str, str]:
    return {"Source": f"_source.{source}", "Target": target, "ContentType": content}


def _key(*identifiers: str, fields: list[str]) -> list[dict[str, list[str]]]:
    return [{"StandardIdentifiers": list(identifiers), "FieldNames": fields}]


TEMPLATES: dict[str, dict[str, Any]] = {
    "Salesforce-Account": {
        "SourceName": "Salesforce",
        "SourceObject": "Account",
        "AllowProfileCreation": True,
        "SourceLastUpdatedTimestampFormat": "yyyy-MM-dd'T'HH:mm:ss.SSSZ",
        "Fields": {
            "Id": _field("Id", "_profile.AccountNumber"),
            "Name": _field("Name", "_profile.BusinessName", "NAME"),
            "Phone": _field("Phone", "_profile.BusinessPhoneNumber", "PHONE_NUMBER"),
            "BillingCity": _field("BillingCity", "_profile.BillingAddress.City"),
        },
        "Keys": {"_salesforceAccountId": _key("PROFILE", "UNIQUE", fields=["Id"])},
    },
    "Salesforce-Contact": {
        "SourceName": "Salesforce",
        "SourceObject": "Contact",
        "AllowProfileCreation": True,
        "SourceLastUpdatedTimestampFormat": "yyyy-MM-dd'T'HH:mm:ss.SSSZ",
        "Fields": {
            "Id": _field("Id", "Salesforce-Contact.Id"),
            "FirstName": _field("FirstName", "_profile.FirstName", "NAME"),
            "LastName": _field("LastName", "_profile.LastName", "NAME"),
            "Email": _field("Email", "_profile.EmailAddress", "EMAIL_ADDRESS"),
            "Phone": _field("Phone", "_profile.PhoneNumber", "PHONE_NUMBER"),
        },
        "Keys": {
            "_salesforceContactId": _key("PROFILE", "UNIQUE", fields=["Id"]),
            "_email": _key("PROFILE", fields=["Email"]),
        },
    },
    "Shopify-Customer": {
        "SourceName": "Shopify",
        "SourceObject": "Customer",
        "AllowProfileCreation": True,
        "SourceLastUpdatedTimestampFormat": "yyyy-MM-dd'T'HH:mm:ssXXX",
        "Fields": {
            "id": _field("id", "_profile.Attributes.ShopifyCustomerId"),
            "first_name": _field("first_name", "_profile.FirstName", "NAME"),
            "last_name": _field("last_name", "_profile.LastName", "NAME"),
            "email": _field("email", "_profile.EmailAddress", "EMAIL_ADDRESS"),
            "phone": _field("phone", "_profile.PhoneNumber", "PHONE_NUMBER"),
        },
        "Keys": {
            "_shopifyCustomerId": _key("PROFILE", "UNIQUE", fields=["id"]),
            "_email": _key("PROFILE", fields=["email"]),
        },
    },
    "Zendesk-users": {
        "SourceName": "Zendesk",
        "SourceObject": "users",
        "AllowProfileCreation": True,
        "SourceLastUpdatedTimestampFormat": "yyyy-MM-dd'T'HH:mm:ss'Z'",
        "Fields": {
            "id": _field("id", "Zendesk-users.id"),
            "name": _field("name", "_profile.FirstName", "NAME"),
            "email": _field("email", "_profile.EmailAddress", "EMAIL_ADDRESS"),
            "phone": _field("phone", "_profile.PhoneNumber", "PHONE_NUMBER"),
        },
        "Keys": {
            "_zendeskUserId": _key("PROFILE", "UNIQUE", fields=["id"]),
            "_email": _key("PROFILE", fields=["email"]),
        },
    },
}
