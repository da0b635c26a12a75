"""Standard profiles: create, update (partial, "" clears), delete, search by the
standard and custom keys with pagination, profile keys, merges."""

from __future__ import annotations

import re

import pytest

ADDRESS = {
    "Address1": "1 Main St",
    "Address2": "Apt 2",
    "City": "Seattle",
    "County": "King",
    "State": "WA",
    "Country": "US",
    "PostalCode": "98101",
}
FULL = {
    "AccountNumber": "A-100",
    "AdditionalInformation": "VIP",
    "PartyType": "INDIVIDUAL",
    "BusinessName": "Acme",
    "FirstName": "Jane",
    "MiddleName": "Q",
    "LastName": "Doe",
    "BirthDate": "1990-01-02",
    "Gender": "FEMALE",
    "PhoneNumber": "+15550000001",
    "MobilePhoneNumber": "+15550000002",
    "HomePhoneNumber": "+15550000003",
    "BusinessPhoneNumber": "+15550000004",
    "EmailAddress": "jane@example.com",
    "PersonalEmailAddress": "jane@home.example",
    "BusinessEmailAddress": "jane@acme.example",
    "Address": ADDRESS,
    "ShippingAddress": {"City": "Tacoma"},
    "MailingAddress": {"Province": "BC", "Country": "CA"},
    "BillingAddress": {"Address1": "PO Box 1"},
    "Attributes": {"tier": "gold", "source": "web"},
    "PartyTypeString": "person",
    "GenderString": "woman",
    "ProfileType": "PROFILE",
    "EngagementPreferences": {
        "Email": [{"KeyName": "_email", "KeyValue": "jane@example.com", "ContactType": "EmailAddress"}],
        "Phone": [{"KeyName": "_phone", "KeyValue": "+15550000002", "ContactType": "MobilePhoneNumber"}],
    },
}


def find(client, key, *values, domain="shop", **kwargs):
    return client.search_profiles(DomainName=domain, KeyName=key, Values=list(values), **kwargs)["Items"]


def get(client, profile_id):
    [profile] = find(client, "_profileId", profile_id)
    return profile


def create(client, **fields):
    return client.create_profile(DomainName="shop", **fields)["ProfileId"]


# -- create ---------------------------------------------------------------------------


def test_create_profile_with_every_standard_field(client, domain):
    response = client.create_profile(DomainName="shop", **FULL)
    profile_id = response["ProfileId"]
    assert re.fullmatch(r"[0-9a-f]{32}", profile_id)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert get(client, profile_id) == {"ProfileId": profile_id, **FULL}


def test_profile_ids_are_unique(client, domain):
    assert len({create(client) for _ in range(25)}) == 25


def test_profile_without_fields_has_only_its_id(client, domain):
    profile_id = create(client)
    assert get(client, profile_id) == {"ProfileId": profile_id}


def test_create_profile_in_unknown_domain_is_not_found(client):
    with pytest.raises(client.exceptions.ResourceNotFoundException, match="nowhere"):
        client.create_profile(DomainName="nowhere", FirstName="x")


def test_enum_fields_are_validated_and_sensitive_values_not_echoed(client, domain):
    with pytest.raises(client.exceptions.BadRequestException) as info:
        client.create_profile(DomainName="shop", Gender="OTHERWISE", FirstName="x" * 256)
    message = info.value.response["Error"]["Message"]
    assert message.startswith("2 validation errors detected: ")
    assert "at 'gender' failed to satisfy constraint: Member must satisfy enum value set: [MALE, FEMALE, UNSPECIFIED]" in message
    assert "at 'firstName' failed to satisfy constraint: Member must have length less than or equal to 255" in message
    assert "OTHERWISE" not in message and "xxx" not in message  # the model marks them sensitive
    assert client.get_domain(DomainName="shop")["Stats"]["ProfileCount"] == 0


# -- update ---------------------------------------------------------------------------


def test_update_changes_only_the_given_fields(client, domain):
    profile_id = client.create_profile(DomainName="shop", **FULL)["ProfileId"]
    response = client.update_profile(DomainName="shop", ProfileId=profile_id, FirstName="Janet", Gender="UNSPECIFIED")
    assert response["ProfileId"] == profile_id
    assert get(client, profile_id) == {"ProfileId": profile_id, **FULL, "FirstName": "Janet", "Gender": "UNSPECIFIED"}


def test_update_with_empty_string_removes_the_value(client, domain):
    profile_id = client.create_profile(DomainName="shop", **FULL)["ProfileId"]
    client.update_profile(DomainName="shop", ProfileId=profile_id, MiddleName="", BusinessName="", EmailAddress="")
    profile = get(client, profile_id)
    assert not {"MiddleName", "BusinessName", "EmailAddress"} & set(profile)
    assert profile["FirstName"] == "Jane"
    assert find(client, "_email", "jane@example.com") == []


def test_update_addresses_and_attributes_member_by_member(client, domain):
    profile_id = client.create_profile(DomainName="shop", **FULL)["ProfileId"]
    client.update_profile(
        DomainName="shop",
        ProfileId=profile_id,
        Address={"City": "Portland", "County": "", "State": "OR"},
        ShippingAddress={"City": ""},
        Attributes={"tier": "", "campaign": "spring"},
    )
    profile = get(client, profile_id)
    assert profile["Address"] == {k: v for k, v in ADDRESS.items() if k != "County"} | {"City": "Portland", "State": "OR"}
    assert "ShippingAddress" not in profile  # its only member was cleared
    assert profile["Attributes"] == {"source": "web", "campaign": "spring"}


def test_update_unknown_profile_is_not_found_and_changes_nothing(client, domain):
    with pytest.raises(client.exceptions.ResourceNotFoundException, match="0" * 32):
        client.update_profile(DomainName="shop", ProfileId="0" * 32, FirstName="x")
    assert client.get_domain(DomainName="shop")["Stats"]["ProfileCount"] == 0


def test_malformed_profile_id_is_a_bad_request(client, domain):
    with pytest.raises(client.exceptions.BadRequestException, match="at 'profileId' failed to satisfy constraint"):
        client.update_profile(DomainName="shop", ProfileId="NOT-AN-ID", FirstName="x")


def test_invalid_update_changes_nothing(client, domain):
    profile_id = create(client, FirstName="Ann")
    with pytest.raises(client.exceptions.BadRequestException):
        client.update_profile(DomainName="shop", ProfileId=profile_id, FirstName="Bo", PartyType="ROBOT")
    assert get(client, profile_id)["FirstName"] == "Ann"


# -- delete ---------------------------------------------------------------------------


def test_delete_profile(client, domain):
    keep, gone = create(client, FirstName="Keep"), create(client, FirstName="Gone")
    response = client.delete_profile(DomainName="shop", ProfileId=gone)
    assert isinstance(response["Message"], str) and response["Message"]
    assert find(client, "_profileId", gone) == []
    assert [p["ProfileId"] for p in find(client, "_profileId", keep, gone)] == [keep]
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.delete_profile(DomainName="shop", ProfileId=gone)


# -- search ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("_email", "jane@example.com"),
        ("_email", "jane@home.example"),
        ("_email", "jane@acme.example"),
        ("_phone", "+15550000001"),
        ("_phone", "+15550000004"),
        ("_account", "A-100"),
        ("_fullName", "Jane Q Doe"),
    ],
)
def test_search_by_standard_keys(client, domain, key, value):
    profile_id = client.create_profile(DomainName="shop", **FULL)["ProfileId"]
    create(client, FirstName="Other", EmailAddress="other@example.com", PhoneNumber="+15559999999", AccountNumber="B-1")
    assert [p["ProfileId"] for p in find(client, key, value)] == [profile_id]


def test_full_name_key_joins_the_names_that_are_set(client, domain):
    profile_id = create(client, FirstName="John", LastName="Smith")
    assert [p["ProfileId"] for p in find(client, "_fullName", "John Smith")] == [profile_id]
    assert find(client, "_fullName", "John") == []


def test_search_matches_any_of_the_values_and_returns_creation_order(client, domain):
    a = create(client, EmailAddress="a@x.example")
    b = create(client, EmailAddress="b@x.example")
    create(client, EmailAddress="c@x.example")
    assert [p["ProfileId"] for p in find(client, "_email", "b@x.example", "a@x.example", "zz@x.example")] == [a, b]


def test_search_unknown_key_or_value_finds_nothing(client, domain):
    create(client, EmailAddress="a@x.example")
    assert find(client, "_email", "A@X.EXAMPLE") == []
    assert find(client, "loyaltyId", "a@x.example") == []


def test_search_is_paginated_with_default_page_of_20(client, domain):
    ids = [create(client, LastName="Same", FirstName="Pat") for _ in range(23)]
    first = client.search_profiles(DomainName="shop", KeyName="_fullName", Values=["Pat Same"])
    assert [p["ProfileId"] for p in first["Items"]] == ids[:20]
    rest = client.search_profiles(DomainName="shop", KeyName="_fullName", Values=["Pat Same"], NextToken=first["NextToken"])
    assert [p["ProfileId"] for p in rest["Items"]] == ids[20:]
    assert "NextToken" not in rest
    seen, token = [], None
    while True:
        page = client.search_profiles(
            DomainName="shop", KeyName="_fullName", Values=["Pat Same"], MaxResults=5, **({"NextToken": token} if token else {})
        )
        seen += [p["ProfileId"] for p in page["Items"]]
        token = page.get("NextToken")
        if not token:
            break
    assert seen == ids


def test_search_with_additional_keys_and_or_logic(client, domain):
    both = create(client, EmailAddress="both@x.example", PhoneNumber="+1111")
    mail = create(client, EmailAddress="mail@x.example")
    phone = create(client, PhoneNumber="+2222")
    extra = [{"KeyName": "_phone", "Values": ["+1111", "+2222"]}]
    found = find(client, "_email", "both@x.example", "mail@x.example", AdditionalSearchKeys=extra)
    assert [p["ProfileId"] for p in found] == [both, mail, phone]
    assert found[0]["FoundByItems"] == [
        {"KeyName": "_email", "Values": ["both@x.example"]},
        {"KeyName": "_phone", "Values": ["+1111"]},
    ]
    assert found[2]["FoundByItems"] == [{"KeyName": "_phone", "Values": ["+2222"]}]
    anded = find(client, "_email", "both@x.example", "mail@x.example", AdditionalSearchKeys=extra, LogicalOperator="AND")
    assert [p["ProfileId"] for p in anded] == [both]
    assert anded[0]["FoundByItems"] == [
        {"KeyName": "_email", "Values": ["both@x.example", "mail@x.example"]},
        {"KeyName": "_phone", "Values": ["+1111", "+2222"]},
    ]


def test_search_errors(client, domain):
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        find(client, "_email", "a", domain="nowhere")
    with pytest.raises(client.exceptions.BadRequestException, match="at 'keyName'"):
        find(client, "bad key!", "a")
    with pytest.raises(client.exceptions.BadRequestException, match="logicalOperator"):
        find(client, "_email", "a", AdditionalSearchKeys=[{"KeyName": "_phone", "Values": ["1"]}], LogicalOperator="XOR")
    with pytest.raises(client.exceptions.BadRequestException, match="NextToken"):
        find(client, "_email", "a", NextToken="garbage")


# -- profile keys ---------------------------------------------------------------------


def test_add_profile_key_makes_the_profile_findable_by_a_custom_key(client, domain):
    profile_id = create(client, FirstName="Ann")
    response = client.add_profile_key(DomainName="shop", ProfileId=profile_id, KeyName="loyaltyId", Values=["L-1", "L-2"])
    assert (response["KeyName"], response["Values"]) == ("loyaltyId", ["L-1", "L-2"])
    assert [p["ProfileId"] for p in find(client, "loyaltyId", "L-2")] == [profile_id]
    # a key is no profile field
    assert get(client, profile_id) == {"ProfileId": profile_id, "FirstName": "Ann"}


def test_add_standard_key_value(client, domain):
    profile_id = create(client, EmailAddress="main@x.example")
    client.add_profile_key(DomainName="shop", ProfileId=profile_id, KeyName="_email", Values=["alias@x.example"])
    assert [p["ProfileId"] for p in find(client, "_email", "alias@x.example")] == [profile_id]
    assert [p["ProfileId"] for p in find(client, "_email", "main@x.example")] == [profile_id]


def test_delete_profile_key_removes_the_values_given(client, domain):
    profile_id = create(client)
    client.add_profile_key(DomainName="shop", ProfileId=profile_id, KeyName="loyaltyId", Values=["L-1", "L-2"])
    response = client.delete_profile_key(DomainName="shop", ProfileId=profile_id, KeyName="loyaltyId", Values=["L-1"])
    assert isinstance(response["Message"], str)
    assert find(client, "loyaltyId", "L-1") == []
    assert [p["ProfileId"] for p in find(client, "loyaltyId", "L-2")] == [profile_id]


@pytest.mark.parametrize("operation", ["add_profile_key", "delete_profile_key"])
def test_profile_key_errors(client, domain, operation):
    call = getattr(client, operation)
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        call(DomainName="shop", ProfileId="a" * 32, KeyName="k", Values=["v"])
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        call(DomainName="nowhere", ProfileId="a" * 32, KeyName="k", Values=["v"])
    profile_id = create(client)
    with pytest.raises(client.exceptions.BadRequestException, match="at 'keyName'"):
        call(DomainName="shop", ProfileId=profile_id, KeyName="no spaces", Values=["v"])


# -- merge ----------------------------------------------------------------------------


def test_merge_keeps_main_values_unites_the_rest_and_deletes_the_merged(client, domain):
    main = create(client, FirstName="Jane", EmailAddress="main@x.example", Attributes={"tier": "gold"})
    dup1 = create(client, FirstName="J.", LastName="Doe", PhoneNumber="+1", Attributes={"tier": "silver", "city": "Paris"})
    dup2 = create(client, LastName="Other", BirthDate="1990-01-01", EmailAddress="dup2@x.example")
    response = client.merge_profiles(DomainName="shop", MainProfileId=main, ProfileIdsToBeMerged=[dup1, dup2])
    assert isinstance(response["Message"], str) and response["Message"]
    assert get(client, main) == {
        "ProfileId": main,
        "FirstName": "Jane",  # conflict: the main profile's value
        "LastName": "Doe",  # missing on main: the first merged profile that has it
        "BirthDate": "1990-01-01",
        "PhoneNumber": "+1",
        "EmailAddress": "main@x.example",
        "Attributes": {"tier": "gold", "city": "Paris"},
    }
    assert find(client, "_profileId", dup1, dup2) == []
    assert client.get_domain(DomainName="shop")["Stats"]["ProfileCount"] == 1


def test_merged_profiles_keys_move_to_the_main_profile(client, domain):
    main = create(client, EmailAddress="main@x.example")
    dup = create(client, EmailAddress="dup@x.example")
    client.add_profile_key(DomainName="shop", ProfileId=dup, KeyName="loyaltyId", Values=["L-9"])
    client.merge_profiles(DomainName="shop", MainProfileId=main, ProfileIdsToBeMerged=[dup])
    assert [p["ProfileId"] for p in find(client, "_email", "dup@x.example")] == [main]
    assert [p["ProfileId"] for p in find(client, "loyaltyId", "L-9")] == [main]
    assert get(client, main)["EmailAddress"] == "main@x.example"


def test_field_source_takes_the_named_profiles_value_even_when_it_has_none(client, domain):
    main = create(client, FirstName="Main", LastName="Keep", Address={"City": "A"}, Attributes={"a": "main", "b": "main"})
    dup = create(client, FirstName="Dup", Address={"City": "B"}, Attributes={"a": "dup"})
    client.merge_profiles(
        DomainName="shop",
        MainProfileId=main,
        ProfileIdsToBeMerged=[dup],
        FieldSourceProfileIds={"FirstName": dup, "LastName": dup, "Address": dup, "Attributes": {"a": dup, "b": dup}},
    )
    profile = get(client, main)
    assert profile["FirstName"] == "Dup"
    assert "LastName" not in profile  # the source has none: taken all the same
    assert profile["Address"] == {"City": "B"}
    assert profile["Attributes"] == {"a": "dup"}


def test_merge_errors_change_nothing(client, domain):
    main, dup = create(client, FirstName="M"), create(client, FirstName="D")
    outsider = create(client, FirstName="O")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.merge_profiles(DomainName="shop", MainProfileId=main, ProfileIdsToBeMerged=[dup, "f" * 32])
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.merge_profiles(DomainName="shop", MainProfileId="f" * 32, ProfileIdsToBeMerged=[dup])
    with pytest.raises(client.exceptions.BadRequestException):
        client.merge_profiles(DomainName="shop", MainProfileId=main, ProfileIdsToBeMerged=[main, dup])
    with pytest.raises(client.exceptions.BadRequestException, match=outsider):
        client.merge_profiles(
            DomainName="shop", MainProfileId=main, ProfileIdsToBeMerged=[dup], FieldSourceProfileIds={"FirstName": outsider}
        )
    with pytest.raises(client.exceptions.BadRequestException, match="profileIdsToBeMerged"):
        client.merge_profiles(DomainName="shop", MainProfileId=main, ProfileIdsToBeMerged=[dup] * 21)
    assert [p["FirstName"] for p in find(client, "_profileId", main, dup, outsider)] == ["M", "D", "O"]
