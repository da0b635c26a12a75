"""Customer Profiles domains: create, get (with stats), update, list with pagination,
delete, and the errors and validation AWS answers with."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.tz import tzutc
from freezegun import freeze_time

MATCHING = {
    "Enabled": True,
    "JobSchedule": {"DayOfTheWeek": "SUNDAY", "Time": "03:30"},
    "AutoMerging": {
        "Enabled": True,
        "Consolidation": {"MatchingAttributesList": [["EmailAddress"], ["FirstName", "LastName"]]},
        "ConflictResolution": {"ConflictResolvingModel": "RECENCY"},
        "MinAllowedConfidenceScoreForMerging": 0.8,
    },
    "ExportingConfig": {"S3Exporting": {"S3BucketName": "matches-bucket", "S3KeyName": "out/"}},
}


def test_create_domain_returns_the_domain(client):
    with freeze_time("2026-02-03 04:05:06.789123"):
        response = client.create_domain(
            DomainName="shop",
            DefaultExpirationDays=90,
            DefaultEncryptionKey="arn:aws:kms:us-east-1:123456789012:key/abc",
            DeadLetterQueueUrl="https://sqs.us-east-1.amazonaws.com/123456789012/dlq",
            Matching=MATCHING,
            Tags={"team": "crm"},
        )
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    created = dt.datetime(2026, 2, 3, 4, 5, 6, 789000, tzinfo=tzutc())
    body = {k: v for k, v in response.items() if k != "ResponseMetadata"}
    assert body == {
        "DomainName": "shop",
        "DefaultExpirationDays": 90,
        "DefaultEncryptionKey": "arn:aws:kms:us-east-1:123456789012:key/abc",
        "DeadLetterQueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/dlq",
        "Matching": MATCHING,
        "CreatedAt": created,
        "LastUpdatedAt": created,
        "Tags": {"team": "crm"},
    }


def test_get_domain_returns_it_with_stats(client, domain):
    got = client.get_domain(DomainName="shop")
    for name in ("DomainName", "DefaultExpirationDays", "CreatedAt", "LastUpdatedAt"):
        assert got[name] == domain[name]
    assert got["Stats"] == {"ProfileCount": 0, "MeteringProfileCount": 0, "ObjectCount": 0, "TotalSize": 0}
    assert "Tags" not in got and "Matching" not in got and "DefaultEncryptionKey" not in got


def test_stats_count_the_profiles(client, domain):
    ids = [client.create_profile(DomainName="shop", FirstName=f"p{i}")["ProfileId"] for i in range(3)]
    assert client.get_domain(DomainName="shop")["Stats"]["ProfileCount"] == 3
    client.delete_profile(DomainName="shop", ProfileId=ids[0])
    stats = client.get_domain(DomainName="shop")["Stats"]
    assert stats["ProfileCount"] == stats["MeteringProfileCount"] == 2


def test_duplicate_domain_is_a_bad_request_and_keeps_the_first(client, domain):
    with pytest.raises(client.exceptions.BadRequestException) as info:
        client.create_domain(DomainName="shop", DefaultExpirationDays=7)
    assert info.value.response["Error"]["Message"] == "Domain shop already exists"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert client.get_domain(DomainName="shop")["DefaultExpirationDays"] == 365


@pytest.mark.parametrize("operation", ["get_domain", "delete_domain", "update_domain"])
def test_unknown_domain_is_not_found(client, operation):
    with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
        getattr(client, operation)(DomainName="nowhere")
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert "nowhere" in info.value.response["Error"]["Message"]


@pytest.mark.parametrize("name", ["bad name", "dots.not.allowed", "x" * 65, "slash/no"])
def test_domain_names_are_validated_to_the_model(client, name):
    with pytest.raises(client.exceptions.BadRequestException) as info:
        client.create_domain(DomainName=name, DefaultExpirationDays=1)
    message = info.value.response["Error"]["Message"]
    assert message.startswith("1 validation error detected: ")
    assert "at 'domainName' failed to satisfy constraint" in message
    assert client.list_domains()["Items"] == []


def test_name_at_the_length_limit_is_accepted(client):
    assert client.create_domain(DomainName="a_-9" * 16, DefaultExpirationDays=1)["DomainName"] == "a_-9" * 16


def test_expiration_days_over_1098_is_refused(client):
    # below 1, botocore refuses it before sending (the model's min)
    with pytest.raises(client.exceptions.BadRequestException) as info:
        client.create_domain(DomainName="d", DefaultExpirationDays=1099)
    assert info.value.response["Error"]["Message"] == (
        "1 validation error detected: Value '1099' at 'defaultExpirationDays' failed to satisfy constraint: "
        "Member must have value less than or equal to 1098"
    )


def test_bad_matching_enum_is_refused_naming_the_member(client):
    matching = {"Enabled": True, "JobSchedule": {"DayOfTheWeek": "FUNDAY", "Time": "3:00"}}
    with pytest.raises(client.exceptions.BadRequestException) as info:
        client.create_domain(DomainName="d", DefaultExpirationDays=1, Matching=matching)
    assert "'matching.jobSchedule.dayOfTheWeek'" in info.value.response["Error"]["Message"]


def test_update_domain_changes_what_is_given_and_keeps_the_rest(client):
    with freeze_time("2026-01-01"):
        client.create_domain(
            DomainName="shop",
            DefaultExpirationDays=30,
            DefaultEncryptionKey="key-1",
            DeadLetterQueueUrl="https://sqs.us-east-1.amazonaws.com/123456789012/dlq",
        )
    with freeze_time("2026-01-02 12:00:00"):
        updated = client.update_domain(DomainName="shop", DefaultExpirationDays=60, Matching={"Enabled": False})
    assert updated["DefaultExpirationDays"] == 60
    assert updated["DefaultEncryptionKey"] == "key-1"
    assert updated["DeadLetterQueueUrl"].endswith("/dlq")
    assert updated["Matching"] == {"Enabled": False}
    assert updated["CreatedAt"] == dt.datetime(2026, 1, 1, tzinfo=tzutc())
    assert updated["LastUpdatedAt"] == dt.datetime(2026, 1, 2, 12, tzinfo=tzutc())
    assert client.get_domain(DomainName="shop")["LastUpdatedAt"] == updated["LastUpdatedAt"]


def test_update_domain_empty_string_clears_key_and_queue(client):
    client.create_domain(DomainName="shop", DefaultExpirationDays=30, DefaultEncryptionKey="k", DeadLetterQueueUrl="q")
    updated = client.update_domain(DomainName="shop", DefaultEncryptionKey="", DeadLetterQueueUrl="")
    assert "DefaultEncryptionKey" not in updated and "DeadLetterQueueUrl" not in updated
    got = client.get_domain(DomainName="shop")
    assert "DefaultEncryptionKey" not in got and "DeadLetterQueueUrl" not in got


def test_update_domain_tags_are_added(client):
    client.create_domain(DomainName="shop", DefaultExpirationDays=30, Tags={"a": "1"})
    assert client.update_domain(DomainName="shop", Tags={"b": "2"})["Tags"] == {"a": "1", "b": "2"}


def test_failed_update_changes_nothing(client, domain):
    with pytest.raises(client.exceptions.BadRequestException):
        client.update_domain(DomainName="shop", DefaultExpirationDays=2000)
    assert client.get_domain(DomainName="shop")["DefaultExpirationDays"] == 365


def test_list_domains_in_creation_order_with_pagination(client):
    names = [f"domain-{i}" for i in range(5)]
    for name in names:
        client.create_domain(DomainName=name, DefaultExpirationDays=1, Tags={"n": name})
    seen, token, pages = [], None, 0
    while True:
        page = client.list_domains(MaxResults=2, **({"NextToken": token} if token else {}))
        pages += 1
        assert len(page["Items"]) <= 2
        seen += page["Items"]
        token = page.get("NextToken")
        if not token:
            break
    assert [d["DomainName"] for d in seen] == names
    assert pages == 3
    assert all(set(d) == {"DomainName", "CreatedAt", "LastUpdatedAt", "Tags"} for d in seen)
    assert seen[0]["Tags"] == {"n": "domain-0"}


def test_list_domains_without_domains(client):
    assert client.list_domains()["Items"] == []


def test_list_domains_refuses_foreign_tokens_and_oversized_pages(client):
    for i in range(3):
        client.create_domain(DomainName=f"d{i}", DefaultExpirationDays=1)
    with pytest.raises(client.exceptions.BadRequestException, match="NextToken"):
        client.list_domains(NextToken="not-a-token")
    with pytest.raises(client.exceptions.BadRequestException, match="maxResults"):
        client.list_domains(MaxResults=101)


def test_delete_domain_forgets_it_with_its_profiles_and_streams(client, domain, stream_arn):
    client.create_profile(DomainName="shop", FirstName="Ann")
    client.create_event_stream(DomainName="shop", EventStreamName="es", Uri=stream_arn)
    response = client.delete_domain(DomainName="shop")
    assert isinstance(response["Message"], str) and response["Message"]
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_domain(DomainName="shop")
    client.create_domain(DomainName="shop", DefaultExpirationDays=1)
    assert client.get_domain(DomainName="shop")["Stats"]["ProfileCount"] == 0
    assert client.list_event_streams(DomainName="shop")["Items"] == []
    # the Kinesis stream is free to serve a new event stream
    client.create_event_stream(DomainName="shop", EventStreamName="es", Uri=stream_arn)


def test_domains_are_isolated_per_account_and_region(client_for, domain):
    west = client_for(region="us-west-2")
    other = client_for(account="210987654321")
    for c in (west, other):
        assert c.list_domains()["Items"] == []
        with pytest.raises(c.exceptions.ResourceNotFoundException):
            c.get_domain(DomainName="shop")
        c.create_domain(DomainName="shop", DefaultExpirationDays=1)
