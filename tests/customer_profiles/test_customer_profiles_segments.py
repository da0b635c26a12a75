"""Segment definitions, estimates, membership (evaluated against the stored profiles)
and snapshots."""

from __future__ import annotations

import pytest


def first_name(kind, *values):
    return {"ProfileAttributes": {"FirstName": {"DimensionType": kind, "Values": list(values)}}}


def groups(*dimensions, type_="ALL", include="ALL"):
    return {"Groups": [{"Dimensions": list(dimensions), "Type": type_}], "Include": include}


def define(client, name, segment_groups, **extra):
    return client.create_segment_definition(
        DomainName="shop", SegmentDefinitionName=name, DisplayName=name.title(), SegmentGroups=segment_groups, **extra
    )


@pytest.fixture
def people(client, domain):
    def make(**fields):
        return client.create_profile(DomainName="shop", **fields)["ProfileId"]

    return {
        "jane": make(FirstName="Jane", BirthDate="1990-05-01", Address={"City": "Seattle"}, Attributes={"tier": "gold", "spend": "250"}),
        "john": make(FirstName="John", BirthDate="1970-01-31", Address={"City": "Boston"}, Attributes={"tier": "silver", "spend": "40"}),
        "ann": make(FirstName="Ann", Attributes={"spend": "90"}),
    }


def members(client, name, people):
    answer = client.get_segment_membership(DomainName="shop", SegmentDefinitionName=name, ProfileIds=list(people.values()))
    by_id = {p["ProfileId"]: p for p in answer["Profiles"]}
    return {who for who, pid in people.items() if by_id[pid]["QueryResult"] == "PRESENT"}


def test_create_get_list_delete(client, domain):
    segment = groups(first_name("INCLUSIVE", "Jane"))
    created = define(client, "janes", segment, Description="All Janes", Tags={"k": "v"})
    arn = "arn:aws:profile:us-east-1:123456789012:domains/shop/segment-definitions/janes"
    assert created["SegmentDefinitionArn"] == arn
    assert (created["DisplayName"], created["Description"], created["Tags"]) == ("Janes", "All Janes", {"k": "v"})
    got = client.get_segment_definition(DomainName="shop", SegmentDefinitionName="janes")
    assert got["SegmentGroups"] == segment
    assert got["CreatedAt"] == created["CreatedAt"]
    [item] = client.list_segment_definitions(DomainName="shop")["Items"]
    assert item["SegmentDefinitionArn"] == arn and "SegmentGroups" not in item
    assert client.delete_segment_definition(DomainName="shop", SegmentDefinitionName="janes")["Message"]
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_segment_definition(DomainName="shop", SegmentDefinitionName="janes")


@pytest.mark.model("customer-profiles", "GetSegmentDefinitionResponse", "SegmentType")
def test_classic_segment_type(client, domain):
    define(client, "janes", groups(first_name("INCLUSIVE", "Jane")))
    assert client.get_segment_definition(DomainName="shop", SegmentDefinitionName="janes")["SegmentType"] == "CLASSIC"
    assert client.list_segment_definitions(DomainName="shop")["Items"][0]["SegmentType"] == "CLASSIC"


def test_definition_errors(client, domain):
    define(client, "s", groups(first_name("INCLUSIVE", "Jane")))
    with pytest.raises(client.exceptions.BadRequestException):
        define(client, "s", groups(first_name("INCLUSIVE", "Jane")))
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_segment_definition(DomainName="nope", SegmentDefinitionName="s")


@pytest.mark.model("customer-profiles", "CreateSegmentDefinitionRequest", "SegmentSqlQuery")
def test_exactly_one_query(client, domain):
    with pytest.raises(client.exceptions.BadRequestException):
        client.create_segment_definition(DomainName="shop", SegmentDefinitionName="none", DisplayName="None")
    with pytest.raises(client.exceptions.BadRequestException):
        client.create_segment_definition(
            DomainName="shop", SegmentDefinitionName="both", DisplayName="Both", SegmentGroups={}, SegmentSqlQuery="SELECT 1"
        )


@pytest.mark.parametrize(
    ("dimension", "expected"),
    [
        (first_name("INCLUSIVE", "Jane", "Ann"), {"jane", "ann"}),
        (first_name("EXCLUSIVE", "Jane"), {"john", "ann"}),
        (first_name("BEGINS_WITH", "J"), {"jane", "john"}),
        (first_name("ENDS_WITH", "n"), {"john", "ann"}),
        (first_name("CONTAINS", "an"), {"jane"}),
        ({"ProfileAttributes": {"BirthDate": {"DimensionType": "BEFORE", "Values": ["1980-01-01"]}}}, {"john"}),
        ({"ProfileAttributes": {"BirthDate": {"DimensionType": "BETWEEN", "Values": ["01/01/1990", "12/31/1990"]}}}, {"jane"}),
        ({"ProfileAttributes": {"Address": {"City": {"DimensionType": "INCLUSIVE", "Values": ["Boston"]}}}}, {"john"}),
        ({"ProfileAttributes": {"Attributes": {"tier": {"DimensionType": "INCLUSIVE", "Values": ["gold"]}}}}, {"jane"}),
        ({"ProfileAttributes": {"Attributes": {"spend": {"DimensionType": "GREATER_THAN", "Values": ["50"]}}}}, {"jane", "ann"}),
    ],
)
def test_membership_evaluates_dimensions(client, people, dimension, expected):
    define(client, "s", groups(dimension))
    assert members(client, "s", people) == expected


def test_group_types_and_include(client, people):
    define(client, "any", groups(first_name("INCLUSIVE", "Jane"), first_name("INCLUSIVE", "Ann"), type_="ANY"))
    define(client, "all", groups(first_name("BEGINS_WITH", "J"), first_name("ENDS_WITH", "e")))
    define(client, "none", groups(first_name("INCLUSIVE", "Jane"), include="NONE"))
    assert members(client, "any", people) == {"jane", "ann"}
    assert members(client, "all", people) == {"jane"}
    assert members(client, "none", people) == {"john", "ann"}


def test_source_segments_and_calculated_attributes(client, people):
    client.create_calculated_attribute_definition(
        DomainName="shop",
        CalculatedAttributeName="spend",
        AttributeDetails={"Attributes": [{"Name": "spend"}], "Expression": "{spend}"},
        Statistic="SUM",
    )
    define(client, "j", groups(first_name("BEGINS_WITH", "J")))
    big = {"CalculatedAttributes": {"spend": {"DimensionType": "GREATER_THAN_OR_EQUAL", "Values": ["90"]}}}
    define(client, "big-j", {"Groups": [{"Dimensions": [big], "SourceSegments": [{"SegmentDefinitionName": "j"}]}]})
    assert members(client, "big-j", people) == {"jane"}


def test_membership_answers_the_profile_and_failures(client, people):
    define(client, "s", groups(first_name("INCLUSIVE", "Jane")))
    missing = "0" * 32
    answer = client.get_segment_membership(DomainName="shop", SegmentDefinitionName="s", ProfileIds=[people["jane"], people["ann"], missing])
    present, absent = answer["Profiles"]
    assert present["Profile"]["FirstName"] == "Jane" and "Profile" not in absent
    assert absent["QueryResult"] == "ABSENT"
    assert [(f["ProfileId"], f["Status"]) for f in answer["Failures"]] == [(missing, 404)]


def test_membership_follows_profile_changes(client, people):
    define(client, "s", groups(first_name("INCLUSIVE", "Jane")))
    client.update_profile(DomainName="shop", ProfileId=people["ann"], FirstName="Jane")
    assert members(client, "s", people) == {"jane", "ann"}


@pytest.mark.model("customer-profiles", "CreateSegmentDefinitionRequest", "SegmentSqlQuery")
def test_sql_segments_are_stored_and_have_no_members(client, people):
    client.create_segment_definition(DomainName="shop", SegmentDefinitionName="sql", DisplayName="Sql", SegmentSqlQuery="SELECT * FROM profiles")
    got = client.get_segment_definition(DomainName="shop", SegmentDefinitionName="sql")
    assert (got["SegmentSqlQuery"], got["SegmentType"]) == ("SELECT * FROM profiles", "ENHANCED")
    assert members(client, "sql", people) == set()


def test_estimate_counts_the_matching_profiles(client, people):
    created = client.create_segment_estimate(DomainName="shop", SegmentQuery=groups(first_name("BEGINS_WITH", "J")))
    assert created["DomainName"] == "shop" and created["StatusCode"] == 200
    estimate = client.get_segment_estimate(DomainName="shop", EstimateId=created["EstimateId"])
    assert (estimate["Status"], estimate["Estimate"], estimate["EstimateId"]) == ("SUCCEEDED", "2", created["EstimateId"])
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_segment_estimate(DomainName="shop", EstimateId="unknown")


def test_snapshots(client, people):
    define(client, "s", groups(first_name("INCLUSIVE", "Jane")))
    snapshot_id = client.create_segment_snapshot(
        DomainName="shop", SegmentDefinitionName="s", DataFormat="JSONL", DestinationUri="s3://bucket/out/"
    )["SnapshotId"]
    assert len(snapshot_id) == 32
    got = client.get_segment_snapshot(DomainName="shop", SegmentDefinitionName="s", SnapshotId=snapshot_id)
    assert {k: v for k, v in got.items() if k != "ResponseMetadata"} == {
        "SnapshotId": snapshot_id,
        "Status": "COMPLETED",
        "DataFormat": "JSONL",
        "DestinationUri": "s3://bucket/out/",
    }
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_segment_snapshot(DomainName="shop", SegmentDefinitionName="s", SnapshotId="f" * 32)
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.create_segment_snapshot(DomainName="shop", SegmentDefinitionName="nope", DataFormat="CSV")
    with pytest.raises(client.exceptions.BadRequestException):
        client.create_segment_snapshot(DomainName="shop", SegmentDefinitionName="s", DataFormat="CSV")


def test_segment_definitions_are_tagged_by_arn(client, domain):
    arn = define(client, "s", groups(first_name("INCLUSIVE", "Jane")), Tags={"a": "1"})["SegmentDefinitionArn"]
    assert client.list_tags_for_resource(resourceArn=arn)["tags"] == {"a": "1"}
    client.tag_resource(resourceArn=arn, tags={"b": "2"})
    client.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert client.get_segment_definition(DomainName="shop", SegmentDefinitionName="s")["Tags"] == {"b": "2"}
    client.delete_segment_definition(DomainName="shop", SegmentDefinitionName="s")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.list_tags_for_resource(resourceArn=arn)
