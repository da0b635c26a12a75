"""Calculated attribute definitions, and their values computed over the profile."""

from __future__ import annotations

import pytest

DETAILS = {
    "Attributes": [{"Name": "_profile.Attributes.spend"}, {"Name": "_profile.Attributes.visits"}],
    "Expression": "{_profile.Attributes.spend} * {_profile.Attributes.visits}",
}


def define(client, name="total", details=DETAILS, statistic="SUM", **extra):
    return client.create_calculated_attribute_definition(
        DomainName="shop", CalculatedAttributeName=name, AttributeDetails=details, Statistic=statistic, **extra
    )


def single(name):
    return {"Attributes": [{"Name": name}], "Expression": "{" + name + "}"}


@pytest.fixture
def profile_id(client, domain):
    return client.create_profile(DomainName="shop", FirstName="Jane", Attributes={"spend": "12.5", "visits": "3"})[
        "ProfileId"
    ]


def test_create_answers_what_get_sees(client, domain):
    created = define(client, DisplayName="Total spend", Description="d", UseHistoricalData=True, Tags={"k": "v"})
    got = client.get_calculated_attribute_definition(DomainName="shop", CalculatedAttributeName="total")
    for answer in (created, got):
        assert answer["CalculatedAttributeName"] == "total"
        assert answer["DisplayName"] == "Total spend"
        assert answer["AttributeDetails"] == DETAILS
        assert answer["Statistic"] == "SUM"
        assert answer["UseHistoricalData"] is True
        assert answer["Status"] == "COMPLETED"
        assert answer["Tags"] == {"k": "v"}
    [item] = client.list_calculated_attribute_definitions(DomainName="shop")["Items"]
    assert item["CalculatedAttributeName"] == "total" and "AttributeDetails" not in item and "Statistic" not in item


def test_update_changes_display_name_description_and_conditions(client, domain):
    define(client, DisplayName="Old")
    conditions = {"Range": {"Value": 30, "Unit": "DAYS"}, "ObjectCount": 5}
    updated = client.update_calculated_attribute_definition(
        DomainName="shop", CalculatedAttributeName="total", DisplayName="New", Conditions=conditions
    )
    assert updated["DisplayName"] == "New" and updated["Conditions"] == conditions
    assert updated["AttributeDetails"] == DETAILS
    assert client.get_calculated_attribute_definition(DomainName="shop", CalculatedAttributeName="total")["DisplayName"] == "New"


def test_delete(client, domain):
    define(client)
    client.delete_calculated_attribute_definition(DomainName="shop", CalculatedAttributeName="total")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_calculated_attribute_definition(DomainName="shop", CalculatedAttributeName="total")
    assert client.list_calculated_attribute_definitions(DomainName="shop")["Items"] == []


def test_errors(client, domain):
    define(client)
    with pytest.raises(client.exceptions.BadRequestException):
        define(client)
    with pytest.raises(client.exceptions.BadRequestException):
        define(client, name="other", details={"Attributes": [{"Name": "a"}], "Expression": "{b}"})
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.delete_calculated_attribute_definition(DomainName="shop", CalculatedAttributeName="nope")
    with pytest.raises(client.exceptions.BadRequestException):
        define(client, name="1starts-with-a-digit")


def test_value_for_profile_evaluates_the_expression(client, profile_id):
    define(client, DisplayName="Total")
    value = client.get_calculated_attribute_for_profile(
        DomainName="shop", ProfileId=profile_id, CalculatedAttributeName="total"
    )
    assert {k: v for k, v in value.items() if k != "ResponseMetadata"} == {
        "CalculatedAttributeName": "total",
        "DisplayName": "Total",
        "IsDataPartial": "false",
        "Value": "37.5",
    }


@pytest.mark.parametrize(
    ("statistic", "expected"),
    [("COUNT", "1"), ("SUM", "3"), ("MINIMUM", "3"), ("MAXIMUM", "3"), ("AVERAGE", "3"), ("LAST_OCCURRENCE", "3")],
)
def test_statistics_over_the_one_occurrence(client, profile_id, statistic, expected):
    define(client, name="v", details=single("visits"), statistic=statistic)
    value = client.get_calculated_attribute_for_profile(DomainName="shop", ProfileId=profile_id, CalculatedAttributeName="v")
    assert value["Value"] == expected


def test_arithmetic_and_text_values(client, profile_id):
    define(client, name="calc", details={**DETAILS, "Expression": "({_profile.Attributes.spend} + 2.5) / -{_profile.Attributes.visits}"})
    define(client, name="name", details=single("_profile.FirstName"), statistic="FIRST_OCCURRENCE")
    get = client.get_calculated_attribute_for_profile
    assert get(DomainName="shop", ProfileId=profile_id, CalculatedAttributeName="calc")["Value"] == "-5"
    assert get(DomainName="shop", ProfileId=profile_id, CalculatedAttributeName="name")["Value"] == "Jane"


def test_a_missing_attribute_has_no_value_and_counts_zero(client, profile_id):
    define(client, name="s", details=single("missing"), statistic="SUM")
    define(client, name="c", details=single("missing"), statistic="COUNT")
    items = client.list_calculated_attributes_for_profile(DomainName="shop", ProfileId=profile_id)["Items"]
    assert [(i["CalculatedAttributeName"], i.get("Value")) for i in items] == [("s", None), ("c", "0")]


def test_values_follow_profile_updates(client, profile_id):
    define(client, name="v", details=single("visits"))
    client.update_profile(DomainName="shop", ProfileId=profile_id, Attributes={"visits": "7"})
    value = client.get_calculated_attribute_for_profile(DomainName="shop", ProfileId=profile_id, CalculatedAttributeName="v")
    assert value["Value"] == "7"


def test_batch_get_answers_values_and_errors(client, profile_id):
    define(client)
    missing = "0" * 32
    overrides = {"Range": {"Start": 10, "End": 0, "Unit": "DAYS"}}
    answer = client.batch_get_calculated_attribute_for_profile(
        DomainName="shop", CalculatedAttributeName="total", ProfileIds=[profile_id, missing], ConditionOverrides=overrides
    )
    assert [(v["ProfileId"], v["Value"]) for v in answer["CalculatedAttributeValues"]] == [(profile_id, "37.5")]
    assert [e["ProfileId"] for e in answer["Errors"]] == [missing]
    assert answer["ConditionOverrides"] == overrides


def test_value_errors(client, profile_id):
    define(client)
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_calculated_attribute_for_profile(DomainName="shop", ProfileId="0" * 32, CalculatedAttributeName="total")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_calculated_attribute_for_profile(DomainName="shop", ProfileId=profile_id, CalculatedAttributeName="nope")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.batch_get_calculated_attribute_for_profile(DomainName="shop", CalculatedAttributeName="nope", ProfileIds=[profile_id])


def test_address_members_and_object_type_prefixes(client, domain):
    profile_id = client.create_profile(DomainName="shop", Address={"City": "Seattle"}, Attributes={"City": "custom"})["ProfileId"]
    other = client.create_profile(DomainName="shop", Attributes={"City": "custom"})["ProfileId"]
    define(client, name="city", details=single("_profile.Address.City"), statistic="LAST_OCCURRENCE")
    get = client.get_calculated_attribute_for_profile
    assert get(DomainName="shop", ProfileId=profile_id, CalculatedAttributeName="city")["Value"] == "Seattle"
    assert "Value" not in get(DomainName="shop", ProfileId=other, CalculatedAttributeName="city")


def test_one_object_type_and_at_most_two_fields(client, domain):
    three = {"Attributes": [{"Name": "_order.a"}, {"Name": "_order.b"}, {"Name": "_order.c"}], "Expression": "{_order.a}"}
    two_types = {"Attributes": [{"Name": "_order.a"}, {"Name": "_ctr.b"}], "Expression": "{_order.a} + {_ctr.b}"}
    for details in (three, two_types):
        with pytest.raises(client.exceptions.BadRequestException):
            define(client, details=details)
    assert client.list_calculated_attribute_definitions(DomainName="shop")["Items"] == []
