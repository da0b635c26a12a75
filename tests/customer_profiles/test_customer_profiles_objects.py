"""Profile object types (and templates), profile objects ingested into profiles by
their type's Fields and Keys, and the event-stream records they write."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

ORDER_FIELDS = {
    "orderId": {"Source": "_source.orderId", "Target": "Order.orderId", "ContentType": "STRING"},
    "email": {"Source": "_source.email", "Target": "_profile.EmailAddress", "ContentType": "EMAIL_ADDRESS"},
    "first": {"Source": "_source.name.first", "Target": "_profile.FirstName", "ContentType": "NAME"},
    "city": {"Source": "_source.city", "Target": "_profile.Address.City"},
    "tier": {"Source": "_source.tier", "Target": "_profile.Attributes.tier"},
    "phone": {"Source": "_source.phone", "Target": "Order.phone", "ContentType": "PHONE_NUMBER"},
    "account": {"Source": "_source.account", "Target": "Order.account"},
}
ORDER_KEYS = {
    "_orderId": [{"StandardIdentifiers": ["UNIQUE"], "FieldNames": ["orderId"]}],
    "_email": [{"StandardIdentifiers": ["PROFILE"], "FieldNames": ["email"]}],
    "_phone": [{"StandardIdentifiers": ["PROFILE", "LOOKUP_ONLY"], "FieldNames": ["phone"]}],
    "_account": [{"StandardIdentifiers": ["PROFILE", "NEW_ONLY"], "FieldNames": ["account"]}],
}


def order_type(client, **kwargs):
    args = {"Description": "orders", "Fields": ORDER_FIELDS, "Keys": ORDER_KEYS, "AllowProfileCreation": True}
    return client.put_profile_object_type(DomainName="shop", ObjectTypeName="Order", **{**args, **kwargs})


def put(client, **obj):
    return client.put_profile_object(DomainName="shop", ObjectTypeName="Order", Object=json.dumps(obj))[
        "ProfileObjectUniqueKey"
    ]


def profiles_by(client, key, value):
    return client.search_profiles(DomainName="shop", KeyName=key, Values=[value])["Items"]


def error(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"]


def test_object_type_is_stored_described_listed_and_deleted(client, domain):
    put_answer = order_type(client, ExpirationDays=30, MaxProfileObjectCount=5, Tags={"team": "a"})
    got = client.get_profile_object_type(DomainName="shop", ObjectTypeName="Order")
    for answer in (put_answer, got):
        assert answer["ObjectTypeName"] == "Order"
        assert answer["Description"] == "orders"
        assert answer["Fields"] == ORDER_FIELDS
        assert answer["Keys"] == ORDER_KEYS
        assert answer["AllowProfileCreation"] is True
        assert answer["ExpirationDays"] == 30
        assert answer["MaxProfileObjectCount"] == 5
        assert answer["Tags"] == {"team": "a"}
        assert "TemplateId" not in answer
    [item] = client.list_profile_object_types(DomainName="shop")["Items"]
    assert item["ObjectTypeName"] == "Order" and item["MaxProfileObjectCount"] == 5
    assert "Fields" not in item
    attributes = client.list_object_type_attributes(DomainName="shop", ObjectTypeName="Order")["Items"]
    assert [a["AttributeName"] for a in attributes] == list(ORDER_FIELDS)
    assert "Message" in client.delete_profile_object_type(DomainName="shop", ObjectTypeName="Order")
    with pytest.raises(ClientError) as excinfo:
        client.get_profile_object_type(DomainName="shop", ObjectTypeName="Order")
    assert error(excinfo) == ("ResourceNotFoundException", 404)
    assert client.list_profile_object_types(DomainName="shop")["Items"] == []


def test_put_again_updates_and_keeps_created_at(client, domain):
    first = order_type(client)
    second = order_type(client, Description="orders v2")
    assert second["CreatedAt"] == first["CreatedAt"]
    assert second["Description"] == "orders v2"
    assert second["AllowProfileCreation"] is True


def test_object_type_validation(client, domain):
    two_unique = {**ORDER_KEYS, "_email": [{"StandardIdentifiers": ["UNIQUE"], "FieldNames": ["email"]}]}
    bad = [
        {"Keys": two_unique},
        {"Keys": {"_x": [{"StandardIdentifiers": ["PROFILE"], "FieldNames": ["nope"]}]}},
        {"Fields": {**ORDER_FIELDS, "bad": {"Source": "email", "Target": "_profile.FirstName"}}},
    ]
    for kwargs in bad:
        with pytest.raises(ClientError) as excinfo:
            order_type(client, **kwargs)
        assert error(excinfo) == ("BadRequestException", 400)
    with pytest.raises(ClientError) as excinfo:
        client.put_profile_object_type(DomainName="nope", ObjectTypeName="Order", Description="d")
    assert error(excinfo) == ("ResourceNotFoundException", 404)
    assert client.list_profile_object_types(DomainName="shop")["Items"] == []


def test_templates_are_listed_and_used_by_object_types(client, domain):
    items = client.list_profile_object_type_templates()["Items"]
    ids = [t["TemplateId"] for t in items]
    assert {"Salesforce-Account", "Shopify-Customer"} <= set(ids)
    template = client.get_profile_object_type_template(TemplateId="Shopify-Customer")
    assert template["SourceName"] == "Shopify" and template["SourceObject"] == "Customer"
    assert template["Fields"] and template["Keys"]
    with pytest.raises(ClientError) as excinfo:
        client.get_profile_object_type_template(TemplateId="No-Such")
    assert error(excinfo) == ("ResourceNotFoundException", 404)
    answer = client.put_profile_object_type(
        DomainName="shop", ObjectTypeName="ShopifyCustomer", Description="d", TemplateId="Shopify-Customer"
    )
    assert answer["TemplateId"] == "Shopify-Customer"
    assert answer["Fields"] == template["Fields"] and answer["Keys"] == template["Keys"]
    key = client.put_profile_object(
        DomainName="shop",
        ObjectTypeName="ShopifyCustomer",
        Object=json.dumps({"id": 7, "first_name": "Ann", "email": "ann@example.com"}),
    )["ProfileObjectUniqueKey"]
    [profile] = profiles_by(client, "_email", "ann@example.com")
    assert profile["FirstName"] == "Ann"
    assert key


def test_object_creates_a_profile_with_mapped_fields(client, domain):
    order_type(client)
    put(client, orderId="o1", email="jane@example.com", name={"first": "Jane"}, city="Seattle", tier="gold")
    [profile] = profiles_by(client, "_email", "jane@example.com")
    assert profile["FirstName"] == "Jane"
    assert profile["EmailAddress"] == "jane@example.com"
    assert profile["Address"] == {"City": "Seattle"}
    assert profile["Attributes"] == {"tier": "gold"}
    stats = client.get_domain(DomainName="shop")["Stats"]
    assert stats["ProfileCount"] == 1 and stats["ObjectCount"] == 1 and stats["TotalSize"] > 0


def test_object_matches_existing_profile_by_profile_key_and_updates_it(client, domain):
    order_type(client)
    profile_id = client.create_profile(DomainName="shop", EmailAddress="jane@example.com", LastName="Doe")["ProfileId"]
    put(client, orderId="o1", email="jane@example.com", name={"first": "Jane"})
    [profile] = profiles_by(client, "_email", "jane@example.com")
    assert profile["ProfileId"] == profile_id
    assert (profile["FirstName"], profile["LastName"]) == ("Jane", "Doe")
    objects = client.list_profile_objects(DomainName="shop", ObjectTypeName="Order", ProfileId=profile_id)["Items"]
    assert [json.loads(o["Object"])["orderId"] for o in objects] == ["o1"]
    assert objects[0]["ObjectTypeName"] == "Order"


def test_without_profile_creation_no_profile_is_made(client, domain):
    order_type(client, AllowProfileCreation=False)
    assert put(client, orderId="o1", email="x@example.com")
    assert profiles_by(client, "_email", "x@example.com") == []
    assert client.get_domain(DomainName="shop")["Stats"]["ProfileCount"] == 0


def test_unique_key_replaces_the_object(client, domain):
    order_type(client)
    first = put(client, orderId="o1", email="jane@example.com", status="new")
    second = put(client, orderId="o1", email="jane@example.com", status="shipped")
    third = put(client, orderId="o2", email="jane@example.com")
    assert first == second != third
    [profile] = profiles_by(client, "_email", "jane@example.com")
    items = client.list_profile_objects(DomainName="shop", ObjectTypeName="Order", ProfileId=profile["ProfileId"])["Items"]
    assert [json.loads(i["Object"]).get("status") for i in items] == ["shipped", None]
    only = client.list_profile_objects(
        DomainName="shop",
        ObjectTypeName="Order",
        ProfileId=profile["ProfileId"],
        ObjectFilter={"KeyName": "_orderId", "Values": ["o2"]},
    )["Items"]
    assert [i["ProfileObjectUniqueKey"] for i in only] == [third]


def test_lookup_only_and_new_only_keys(client, domain):
    order_type(client)
    put(client, orderId="o1", email="jane@example.com", phone="+1555", account="A1")
    # LOOKUP_ONLY: matches but is not kept; NEW_ONLY: kept because the object created the profile
    assert profiles_by(client, "_phone", "+1555") == []
    [profile] = profiles_by(client, "_account", "A1")
    # another email and account: no profile matches, so a new one is made
    put(client, orderId="o2", email="other@example.com", account="A2")
    [other] = profiles_by(client, "_email", "other@example.com")
    assert other["ProfileId"] != profile["ProfileId"]
    # NEW_ONLY key on an existing profile only matches: A3 is not added to it
    put(client, orderId="o3", email="jane@example.com", account="A3")
    assert profiles_by(client, "_account", "A3") == []


def test_delete_profile_object(client, domain):
    order_type(client)
    key = put(client, orderId="o1", email="jane@example.com")
    [profile] = profiles_by(client, "_email", "jane@example.com")
    args = {"DomainName": "shop", "ObjectTypeName": "Order", "ProfileId": profile["ProfileId"]}
    assert "Message" in client.delete_profile_object(ProfileObjectUniqueKey=key, **args)
    assert client.list_profile_objects(**args)["Items"] == []
    with pytest.raises(ClientError) as excinfo:
        client.delete_profile_object(ProfileObjectUniqueKey=key, **args)
    assert error(excinfo) == ("ResourceNotFoundException", 404)


def test_put_profile_object_errors(client, domain):
    with pytest.raises(ClientError) as excinfo:
        client.put_profile_object(DomainName="shop", ObjectTypeName="Order", Object="{}")
    assert error(excinfo) == ("ResourceNotFoundException", 404)
    order_type(client)
    for text in ("not json", "[1, 2]"):
        with pytest.raises(ClientError) as excinfo:
            client.put_profile_object(DomainName="shop", ObjectTypeName="Order", Object=text)
        assert error(excinfo) == ("BadRequestException", 400)
    assert client.get_domain(DomainName="shop")["Stats"]["ObjectCount"] == 0


def test_deleting_a_profile_deletes_its_objects(client, domain):
    order_type(client)
    put(client, orderId="o1", email="jane@example.com")
    [profile] = profiles_by(client, "_email", "jane@example.com")
    client.delete_profile(DomainName="shop", ProfileId=profile["ProfileId"])
    assert client.get_domain(DomainName="shop")["Stats"]["ObjectCount"] == 0


def test_max_profile_object_count_keeps_the_newest(client, domain):
    order_type(client, MaxProfileObjectCount=2)
    for n in range(3):
        put(client, orderId=f"o{n}", email="jane@example.com")
    [profile] = profiles_by(client, "_email", "jane@example.com")
    items = client.list_profile_objects(DomainName="shop", ObjectTypeName="Order", ProfileId=profile["ProfileId"])["Items"]
    assert [json.loads(i["Object"])["orderId"] for i in items] == ["o1", "o2"]


def read_all(kinesis):
    [shard] = kinesis.list_shards(StreamName="profile-events")["Shards"]
    iterator = kinesis.get_shard_iterator(
        StreamName="profile-events", ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
    )["ShardIterator"]
    return [json.loads(r["Data"]) for r in kinesis.get_records(ShardIterator=iterator)["Records"]]


def test_objects_write_profile_and_object_records(client, domain, kinesis, stream_arn):
    client.create_event_stream(DomainName="shop", EventStreamName="es", Uri=stream_arn)
    order_type(client)
    key = put(client, orderId="o1", email="jane@example.com", name={"first": "Jane"})
    put(client, orderId="o1", email="jane@example.com", name={"first": "Janet"})
    records = read_all(kinesis)
    assert [(r["EventType"], r["ObjectTypeName"]) for r in records] == [
        ("CREATED", "_profile"),
        ("CREATED", "Order"),
        ("UPDATED", "_profile"),
        ("UPDATED", "Order"),
    ]
    profile_id = records[0]["Object"]["ProfileId"]
    assert records[0]["Object"]["FirstName"] == "Jane"
    assert records[2]["Object"]["FirstName"] == "Janet"
    assert records[1]["AssociatedProfileId"] == profile_id
    assert records[1]["ProfileObjectUniqueKey"] == key
    assert records[1]["Object"] == {"orderId": "o1", "email": "jane@example.com", "name": {"first": "Jane"}}


def test_batch_get_profile_and_attribute_values(client, domain):
    a = client.create_profile(DomainName="shop", FirstName="Ann", Address={"City": "Oslo"})["ProfileId"]
    client.create_profile(DomainName="shop", FirstName="Bob")
    client.create_profile(DomainName="shop", FirstName="Ann")
    missing = "0" * 32
    answer = client.batch_get_profile(DomainName="shop", ProfileIds=[a, missing])
    assert [p["ProfileId"] for p in answer["Profiles"]] == [a]
    assert answer["Profiles"][0]["Address"] == {"City": "Oslo"}
    [err] = answer["Errors"]
    assert err["ProfileId"] == missing and err["Code"] and err["Message"]
    values = client.list_profile_attribute_values(DomainName="shop", AttributeName="FirstName")
    assert [v["Value"] for v in values["Items"]] == ["Ann", "Bob"]
    city = client.list_profile_attribute_values(DomainName="shop", AttributeName="Address.City")
    assert [v["Value"] for v in city["Items"]] == ["Oslo"]


def test_object_types_are_tagged_by_their_arn(client, domain, region):
    order_type(client, Tags={"a": "1"})
    arn = f"arn:aws:profile:{region}:123456789012:domains/shop/object-types/Order"
    client.tag_resource(resourceArn=arn, tags={"b": "2"})
    assert client.list_tags_for_resource(resourceArn=arn)["tags"] == {"a": "1", "b": "2"}
    client.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert client.get_profile_object_type(DomainName="shop", ObjectTypeName="Order")["Tags"] == {"b": "2"}


def test_an_object_named_after_a_template_uses_its_mappings(client, domain):
    key = client.put_profile_object(
        DomainName="shop",
        ObjectTypeName="Salesforce-Contact",
        Object=json.dumps({"Id": "003", "FirstName": "Ann", "LastName": "Lee", "Email": "ann@example.com"}),
    )["ProfileObjectUniqueKey"]
    [profile] = profiles_by(client, "_email", "ann@example.com")
    assert (profile["FirstName"], profile["LastName"]) == ("Ann", "Lee")
    [item] = client.list_profile_objects(
        DomainName="shop", ObjectTypeName="Salesforce-Contact", ProfileId=profile["ProfileId"]
    )["Items"]
    assert item["ProfileObjectUniqueKey"] == key


def test_secondary_keys_are_searched_after_profile_keys(client, domain):
    keys = {
        "_email": [{"StandardIdentifiers": ["PROFILE", "SECONDARY"], "FieldNames": ["email"]}],
        "_account": [{"StandardIdentifiers": ["PROFILE"], "FieldNames": ["account"]}],
    }
    order_type(client, Keys=keys)
    by_email = client.create_profile(DomainName="shop", EmailAddress="a@example.com")["ProfileId"]
    by_account = client.create_profile(DomainName="shop", AccountNumber="A1")["ProfileId"]
    put(client, email="a@example.com", account="A1", orderId="o1")
    objects = client.list_profile_objects(DomainName="shop", ObjectTypeName="Order", ProfileId=by_account)["Items"]
    assert len(objects) == 1
    assert client.list_profile_objects(DomainName="shop", ObjectTypeName="Order", ProfileId=by_email)["Items"] == []


def test_list_profile_objects_pages(client, domain):
    order_type(client)
    for n in range(3):
        put(client, orderId=f"o{n}", email="jane@example.com")
    [profile] = profiles_by(client, "_email", "jane@example.com")
    args = {"DomainName": "shop", "ObjectTypeName": "Order", "ProfileId": profile["ProfileId"]}
    first = client.list_profile_objects(MaxResults=2, **args)
    second = client.list_profile_objects(MaxResults=2, NextToken=first["NextToken"], **args)
    orders = [json.loads(i["Object"])["orderId"] for i in first["Items"] + second["Items"]]
    assert orders == ["o0", "o1", "o2"] and "NextToken" not in second


def test_merged_profiles_objects_move_to_the_main_profile(client, domain):
    order_type(client)
    put(client, orderId="o1", email="a@example.com")
    put(client, orderId="o2", email="b@example.com")
    [a] = profiles_by(client, "_email", "a@example.com")
    [b] = profiles_by(client, "_email", "b@example.com")
    client.merge_profiles(DomainName="shop", MainProfileId=a["ProfileId"], ProfileIdsToBeMerged=[b["ProfileId"]])
    items = client.list_profile_objects(DomainName="shop", ObjectTypeName="Order", ProfileId=a["ProfileId"])["Items"]
    assert sorted(json.loads(i["Object"])["orderId"] for i in items) == ["o1", "o2"]


def test_an_object_that_changes_no_profile_field_writes_only_its_own_record(client, domain, kinesis, stream_arn):
    order_type(client)
    profile_id = client.create_profile(DomainName="shop", EmailAddress="jane@example.com")["ProfileId"]
    client.create_event_stream(DomainName="shop", EventStreamName="es", Uri=stream_arn)
    put(client, orderId="o1", email="jane@example.com")
    [record] = read_all(kinesis)
    assert (record["EventType"], record["ObjectTypeName"], record["AssociatedProfileId"]) == ("CREATED", "Order", profile_id)
