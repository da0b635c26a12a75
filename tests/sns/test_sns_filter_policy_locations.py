"""Filter policy errors carry Jackson's location, as SNS answers them (issue #27).

The recorded cases are AWS's answers (LocalStack's AWS-validated snapshots of
Subscribe and SetSubscriptionAttributes), character for character: ruler's errors
show the policy as sent, JSON syntax errors come from SNS's newer Jackson, which
redacts the source.
"""

from __future__ import annotations

import pytest
from sns_support import error, invalid

#: (policy, AWS's message); "Attributes Reason:" marks the ones sent to Subscribe.
RECORDED = [
    (
        '{"key":{"not-an-operator":"value"}}',
        'Invalid parameter: Attributes Reason: FilterPolicy: "not-an-operator" must be an object or an array\n at [Source: (String)"{"key":{"not-an-operator":"value"}}"; line: 1, column: 28]',
    ),
    (
        '{"key":{"suffix":"value","prefix":"value"}}',
        'Invalid parameter: Attributes Reason: FilterPolicy: "suffix" must be an object or an array\n at [Source: (String)"{"key":{"suffix":"value","prefix":"value"}}"; line: 1, column: 19]',
    ),
    (
        '{"key":{"suffix":"value"}}',
        'Invalid parameter: Attributes Reason: FilterPolicy: "suffix" must be an object or an array\n at [Source: (String)"{"key":{"suffix":"value"}}"; line: 1, column: 19]',
    ),
    (
        '{"key":[{"numeric":[">=",1,">",2]}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: Bad numeric range operator: >\n at [Source: (String)"{"key":[{"numeric":[">=",1,">",2]}]}"; line: 1, column: 31]',
    ),
    (
        '{"key":[{"numeric":[">",20,"test"]}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: Bad numeric range operator: test\n at [Source: (String)"{"key":[{"numeric":[">",20,"test"]}]}"; line: 1, column: 34]',
    ),
    (
        '{"key":[{"numeric":[">",20,30]}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: Bad value in numeric range: 30\n at [Source: (String)"{"key":[{"numeric":[">",20,30]}]}"; line: 1, column: 30]',
    ),
    (
        '{"key":[{"numeric":[">",3,"<",1]}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: Bottom must be less than top\n at [Source: (String)"{"key":[{"numeric":[">",3,"<",1]}]}"; line: 1, column: 33]',
    ),
    (
        '{"key":[]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: Empty arrays are not allowed\n at [Source: (String)"{"key":[]}"; line: 1, column: 10]',
    ),
    (
        '{"key":[{"numeric":[1,"<="]}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: Invalid member in numeric match: 1\n at [Source: (String)"{"key":[{"numeric":[1,"<="]}]}"; line: 1, column: 22]',
    ),
    (
        '{"key":[{"numeric":[]}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: Invalid member in numeric match: ]\n at [Source: (String)"{"key":[{"numeric":[]}]}"; line: 1, column: 22]',
    ),
    (
        '{"key":[["value"]]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: Match value must be String, number, true, false, or null\n at [Source: (String)"{"key":[["value"]]}"; line: 1, column: 10]',
    ),
    (
        '{"key":[{"suffix":"value","prefix":"value2"}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: Only one key allowed in match expression\n at [Source: (String)"{"key":[{"suffix":"value","prefix":"value2"}]}"; line: 1, column: 37]',
    ),
    (
        '{"key":[{"numeric":["<",100,">",10]}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: Too many elements in numeric expression\n at [Source: (String)"{"key":[{"numeric":["<",100,">",10]}]}"; line: 1, column: 30]',
    ),
    (
        '{"key":[{"numeric":[">",20,"<",30,"<",50]}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: Too many terms in numeric range expression\n at [Source: (String)"{"key":[{"numeric":[">",20,"<",30,"<",50]}]}"; line: 1, column: 36]',
    ),
    (
        '{"key":[{"wrong-operator":true}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: Unrecognized match type wrong-operator\n at [Source: (String)"{"key":[{"wrong-operator":true}]}"; line: 1, column: 31]',
    ),
    (
        '{"key":[{"numeric":["operator"]}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: Unrecognized numeric range operator: operator\n at [Source: (String)"{"key":[{"numeric":["operator"]}]}"; line: 1, column: 32]',
    ),
    (
        '{"key":[{"anything-but":{"exists":false}}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: Unsupported anything-but pattern: exists\n at [Source: (String)"{"key":[{"anything-but":{"exists":false}}]}"; line: 1, column: 40]',
    ),
    (
        '{"key":[{"anything-but":{"suffix":"test"}}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: Unsupported anything-but pattern: suffix\n at [Source: (String)"{"key":[{"anything-but":{"suffix":"test"}}]}"; line: 1, column: 36]',
    ),
    (
        '{"key":[{"anything-but":{"wrong-operator":null}}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: Unsupported anything-but pattern: wrong-operator\n at [Source: (String)"{"key":[{"anything-but":{"wrong-operator":null}}]}"; line: 1, column: 47]',
    ),
    (
        '{"key":[{"numeric":[">",20,"<","30"]}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: Value of < must be numeric\n at [Source: (String)"{"key":[{"numeric":[">",20,"<","30"]}]}"; line: 1, column: 33]',
    ),
    (
        '{"key":[{"numeric":[">",20,"<="]}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: Value of <= must be numeric\n at [Source: (String)"{"key":[{"numeric":[">",20,"<="]}]}"; line: 1, column: 33]',
    ),
    (
        '{"key":[{"numeric":[">","20","<","30"]}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: Value of > must be numeric\n at [Source: (String)"{"key":[{"numeric":[">","20","<","30"]}]}"; line: 1, column: 26]',
    ),
    (
        '{"key":[{"numeric":[">="]}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: Value of >= must be numeric\n at [Source: (String)"{"key":[{"numeric":[">="]}]}"; line: 1, column: 26]',
    ),
    (
        '{"key":[{"numeric":["=","000"]}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: Value of equals must be numeric\n at [Source: (String)"{"key":[{"numeric":["=","000"]}]}"; line: 1, column: 26]',
    ),
    (
        '{"key":[{"exists":"no"}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: exists match pattern must be either true or false.\n at [Source: (String)"{"key":[{"exists":"no"}]}"; line: 1, column: 20]',
    ),
    (
        '{"key":[{"exists":null}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: exists match pattern must be either true or false.\n at [Source: (String)"{"key":[{"exists":null}]}"; line: 1, column: 23]',
    ),
    (
        '{"key":[{"anything-but":{"prefix":false}}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: prefix match pattern must be a string\n at [Source: (String)"{"key":[{"anything-but":{"prefix":false}}]}"; line: 1, column: 40]',
    ),
    (
        '{"key":[{"cidr":["bad-filter"]}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: prefix match pattern must be a string\n at [Source: (String)"{"key":[{"cidr":["bad-filter"]}]}"; line: 1, column: 18]',
    ),
    (
        '{"key":[{"suffix":100}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: suffix match pattern must be a string\n at [Source: (String)"{"key":[{"suffix":100}]}"; line: 1, column: 22]',
    ),
    (
        '{"key":[{"suffix":["test","test2"]}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: suffix match pattern must be a string\n at [Source: (String)"{"key":[{"suffix":["test","test2"]}]}"; line: 1, column: 20]',
    ),
    (
        '{"key":[{"suffix":[]}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: suffix match pattern must be a string\n at [Source: (String)"{"key":[{"suffix":[]}]}"; line: 1, column: 20]',
    ),
    (
        '{"key":[{"suffix":null}]}',
        'Invalid parameter: Attributes Reason: FilterPolicy: suffix match pattern must be a string\n at [Source: (String)"{"key":[{"suffix":null}]}"; line: 1, column: 23]',
    ),
    (
        '{"key_a":"value_one"}',
        'Invalid parameter: FilterPolicy: "key_a" must be an object or an array\n at [Source: (String)"{"key_a":"value_one"}"; line: 1, column: 11]',
    ),
]

REDACTED = "REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)"


@pytest.fixture
def subscription(sns, topic, make_queue) -> str:
    _, arn = make_queue("plain")
    return sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, ReturnSubscriptionArn=True)["SubscriptionArn"]


@pytest.mark.parametrize(("policy", "message"), RECORDED)
def test_the_recorded_message(sns, topic, make_queue, subscription, policy, message):
    if "Attributes Reason" in message:
        _, arn = make_queue("filtered")
        found = error(sns.subscribe, TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"FilterPolicy": policy})
        assert found == invalid(message)
        assert len(sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]) == 1
    else:
        found = error(
            sns.set_subscription_attributes, SubscriptionArn=subscription, AttributeName="FilterPolicy", AttributeValue=policy
        )
        assert found == invalid(message)
        assert "FilterPolicy" not in sns.get_subscription_attributes(SubscriptionArn=subscription)["Attributes"]


def test_subscribe_with_text_that_is_not_json(sns, topic, make_queue):
    _, arn = make_queue("filtered")
    found = error(sns.subscribe, TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"FilterPolicy": "invalid-json"})
    assert found == invalid(
        "Invalid parameter: Attributes Reason: FilterPolicy: failed to parse JSON. Unrecognized token 'invalid': was "
        "expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n"
        f" at [Source: {REDACTED}; line: 1, column: 8]"
    )


@pytest.mark.parametrize("name", ["FilterPolicy", "RedrivePolicy"])
def test_set_subscription_attributes_with_text_that_is_not_json(sns, subscription, name):
    found = error(sns.set_subscription_attributes, SubscriptionArn=subscription, AttributeName=name, AttributeValue="{invalidjson}")
    assert found == invalid(
        f"Invalid parameter: {name}: failed to parse JSON. Unexpected character ('i' (code 105)): was expecting "
        f"double-quote to start field name\n at [Source: {REDACTED}; line: 1, column: 2]"
    )


def test_a_multi_line_policy_is_located_by_line(sns, subscription):
    policy = '{\n  "key": [\n    {"numeric": [">", "x"]}\n  ]\n}'
    found = error(sns.set_subscription_attributes, SubscriptionArn=subscription, AttributeName="FilterPolicy", AttributeValue=policy)
    assert found == invalid(
        f'Invalid parameter: FilterPolicy: Value of > must be numeric\n at [Source: (String)"{policy}"; line: 3, column: 24]'
    )


def test_a_syntax_error_wins_over_an_error_ruler_would_meet_first(sns, subscription):
    """SNS parses the policy before ruler reads it (its own "failed to parse JSON"), so
    the syntax error is reported (inferred from SNS's two parsers, not recorded)."""
    policy = '{"key": "x", '
    found = error(sns.set_subscription_attributes, SubscriptionArn=subscription, AttributeName="FilterPolicy", AttributeValue=policy)
    assert found == invalid(
        "Invalid parameter: FilterPolicy: failed to parse JSON. Unexpected end-of-input: expected close marker for Object "
        f"(start marker at [Source: {REDACTED}; line: 1, column: 1])\n at [Source: {REDACTED}; line: 1, column: 14]"
    )
