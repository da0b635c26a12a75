"""Resource policies, account policies, and data protection policies that mask what
they name in events put after them."""

from __future__ import annotations

import json

import pytest
from freezegun import freeze_time
from logs_support import NOW, NOW_MS, error_of, events

ACCOUNT = "123456789012"
DOCUMENT = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "route53.amazonaws.com"}, "Action": "logs:PutLogEvents", "Resource": "*"}]})
EMAIL = "arn:aws:dataprotection::aws:data-identifier/EmailAddress"


def protection(*identifiers):
    return json.dumps({"Name": "p", "Version": "2021-06-01", "Statement": [
        {"Sid": "audit", "DataIdentifier": list(identifiers), "Operation": {"Audit": {"FindingsDestination": {}}}},
        {"Sid": "redact", "DataIdentifier": list(identifiers), "Operation": {"Deidentify": {"MaskConfig": {}}}},
    ]})


@pytest.fixture(autouse=True)
def frozen():
    with freeze_time(NOW):
        yield


def test_resource_policies(logs):
    out = logs.put_resource_policy(policyName="route53", policyDocument=DOCUMENT)
    assert out["resourcePolicy"] == {"policyName": "route53", "policyDocument": DOCUMENT, "lastUpdatedTime": NOW_MS, "policyScope": "ACCOUNT"}
    assert logs.describe_resource_policies()["resourcePolicies"] == [out["resourcePolicy"]]
    logs.delete_resource_policy(policyName="route53")
    assert logs.describe_resource_policies()["resourcePolicies"] == []
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as info:
        logs.delete_resource_policy(policyName="route53")
    assert error_of(info)[1] == "Policy with name [route53] does not exist."


def test_at_most_ten_resource_policies(logs):
    for i in range(10):
        logs.put_resource_policy(policyName=f"p{i}", policyDocument=DOCUMENT)
    logs.put_resource_policy(policyName="p0", policyDocument=DOCUMENT)  # an update
    with pytest.raises(logs.exceptions.LimitExceededException) as info:
        logs.put_resource_policy(policyName="p10", policyDocument=DOCUMENT)
    assert error_of(info)[1] == "Resource limit exceeded."


def test_account_policies(logs):
    out = logs.put_account_policy(policyName="subs", policyDocument=json.dumps({"DestinationArn": "x"}), policyType="SUBSCRIPTION_FILTER_POLICY")
    assert out["accountPolicy"]["scope"] == "ALL" and out["accountPolicy"]["accountId"] == ACCOUNT
    [found] = logs.describe_account_policies(policyType="SUBSCRIPTION_FILTER_POLICY")["accountPolicies"]
    assert found["policyName"] == "subs"
    assert logs.describe_account_policies(policyType="DATA_PROTECTION_POLICY")["accountPolicies"] == []
    logs.delete_account_policy(policyName="subs", policyType="SUBSCRIPTION_FILTER_POLICY")
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.delete_account_policy(policyName="subs", policyType="SUBSCRIPTION_FILTER_POLICY")


@pytest.mark.model("logs", "LogGroup", "deletionProtectionEnabled")
def test_data_protection_masks_events_put_after_it(logs, group):
    logs.put_log_events(logGroupName=group, logStreamName="web-1", logEvents=events((NOW_MS, "before ann@example.com")))
    out = logs.put_data_protection_policy(logGroupIdentifier=group, policyDocument=protection(EMAIL))
    assert out == {"logGroupIdentifier": group, "policyDocument": protection(EMAIL), "lastUpdatedTime": NOW_MS, "ResponseMetadata": out["ResponseMetadata"]}
    logs.put_log_events(logGroupName=group, logStreamName="web-1", logEvents=events((NOW_MS + 1, "mail bob@example.org now")))
    read = [e["message"] for e in logs.get_log_events(logGroupName=group, logStreamName="web-1")["events"]]
    assert read == ["before ann@example.com", "mail *************** now"]
    unmasked = logs.get_log_events(logGroupName=group, logStreamName="web-1", unmask=True)["events"]
    assert unmasked[1]["message"] == "mail bob@example.org now"
    filtered = logs.filter_log_events(logGroupName=group, filterPattern="mail")["events"]
    assert [e["message"] for e in filtered] == ["mail *************** now"]
    assert logs.filter_log_events(logGroupName=group, unmask=True)["events"][1]["message"] == "mail bob@example.org now"
    assert logs.describe_log_groups()["logGroups"][0]["dataProtectionStatus"] == "ACTIVATED"
    logs.delete_data_protection_policy(logGroupIdentifier=group)
    assert "policyDocument" not in logs.get_data_protection_policy(logGroupIdentifier=group)


def test_account_data_protection_and_more_identifiers(logs, group):
    logs.put_account_policy(policyName="mask", policyType="DATA_PROTECTION_POLICY",
                            policyDocument=protection("IpAddress", "CreditCardNumber"))
    logs.put_log_events(logGroupName=group, logStreamName="web-1",
                        logEvents=events((NOW_MS, "from 10.1.2.3 card 4111 1111 1111 1111 order 1234567890123")))
    [event] = logs.get_log_events(logGroupName=group, logStreamName="web-1")["events"]
    assert event["message"] == "from ******** card ******************* order 1234567890123"


def test_a_bad_policy_document(logs, group):
    with pytest.raises(logs.exceptions.InvalidParameterException):
        logs.put_data_protection_policy(logGroupIdentifier=group, policyDocument="{not json")
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.put_data_protection_policy(logGroupIdentifier="/missing", policyDocument=protection(EMAIL))
