"""SQS's query protocol on the server, in plain HTTP (what PHP, Go v1, the Java SDK v1
and curl scripts send): form posts to the endpoint or to the queue's URL, answered in
AWS's query XML, errors and batch results included; and the JavaScript SDK v2 of the
query era."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import boto3
import pytest
from server_support import ACCOUNT, REGION, SQS_NS, node_modules, query, run_node, text

import eventmock
from eventmock.core.store import Store


@pytest.fixture
def served() -> Iterator[str]:
    with eventmock.server(store=Store()) as endpoint_url:
        yield endpoint_url


def _create(endpoint_url: str, name: str = "orders", **more: str) -> str:
    status, _, root = query(endpoint_url + "/", {"Action": "CreateQueue", "QueueName": name, "Version": "2012-11-05", **more})
    assert status == 200, root
    url = text(root, "q:CreateQueueResult/q:QueueUrl")
    assert url is not None
    return url


def test_create_queue_with_attributes_and_tags_then_read_them(served: str) -> None:
    url = _create(served, **{"Attribute.1.Name": "VisibilityTimeout", "Attribute.1.Value": "40", "Tag.1.Key": "team", "Tag.1.Value": "a"})
    assert url == f"{served}/{ACCOUNT}/orders"
    status, headers, root = query(url, {"Action": "GetQueueAttributes", "AttributeName.1": "VisibilityTimeout", "AttributeName.2": "QueueArn"})
    assert (status, headers["content-type"]) == (200, "text/xml")
    attributes = {text(a, "q:Name"): text(a, "q:Value") for a in root.findall("q:GetQueueAttributesResult/q:Attribute", SQS_NS)}
    assert attributes == {"VisibilityTimeout": "40", "QueueArn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders"}
    assert text(root, "q:ResponseMetadata/q:RequestId") == headers["x-amzn-requestid"]
    _, _, tags = query(url, {"Action": "ListQueueTags"})
    assert [(text(t, "q:Key"), text(t, "q:Value")) for t in tags.findall("q:ListQueueTagsResult/q:Tag", SQS_NS)] == [("team", "a")]


def test_send_and_receive_with_message_attributes_at_the_queue_url(served: str) -> None:
    """The queue URL is the request's path; ``QueueUrl`` may be left out."""
    url = _create(served)
    status, _, sent = query(url, {
        "Action": "SendMessage", "MessageBody": "hello <&>",
        "MessageAttribute.1.Name": "color", "MessageAttribute.1.Value.DataType": "String", "MessageAttribute.1.Value.StringValue": "red",
        "MessageAttribute.2.Name": "raw", "MessageAttribute.2.Value.DataType": "Binary", "MessageAttribute.2.Value.BinaryValue": "AAE=",
    })
    assert status == 200
    assert text(sent, "q:SendMessageResult/q:MD5OfMessageBody") == hashlib.md5(b"hello <&>").hexdigest()
    assert text(sent, "q:SendMessageResult/q:MD5OfMessageAttributes")
    _, _, received = query(url, {"Action": "ReceiveMessage", "AttributeName.1": "SenderId", "MessageAttributeName.1": "All"})
    [message] = received.findall("q:ReceiveMessageResult/q:Message", SQS_NS)
    assert text(message, "q:Body") == "hello <&>"
    assert text(message, "q:MessageId") == text(sent, "q:SendMessageResult/q:MessageId")
    assert [(text(a, "q:Name"), text(a, "q:Value")) for a in message.findall("q:Attribute", SQS_NS)] == [("SenderId", ACCOUNT)]
    attributes = {text(a, "q:Name"): (text(a, "q:Value/q:DataType"), text(a, "q:Value/q:StringValue"), text(a, "q:Value/q:BinaryValue"))
                  for a in message.findall("q:MessageAttribute", SQS_NS)}
    assert attributes == {"color": ("String", "red", None), "raw": ("Binary", None, "AAE=")}
    # what a JSON client of the same server sees
    sqs = boto3.session.Session().client("sqs", region_name=REGION, endpoint_url=served, aws_access_key_id=ACCOUNT, aws_secret_access_key="x")
    assert sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessagesNotVisible"])["Attributes"] == {
        "ApproximateNumberOfMessagesNotVisible": "1"
    }


def test_batch_results_name_each_failed_entry(served: str) -> None:
    url = _create(served)
    status, _, root = query(url, {
        "Action": "SendMessageBatch",
        "SendMessageBatchRequestEntry.1.Id": "ok", "SendMessageBatchRequestEntry.1.MessageBody": "one",
        "SendMessageBatchRequestEntry.2.Id": "late", "SendMessageBatchRequestEntry.2.MessageBody": "two",
        "SendMessageBatchRequestEntry.2.DelaySeconds": "901",
    })
    assert status == 200
    assert [text(e, "q:Id") for e in root.findall("q:SendMessageBatchResult/q:SendMessageBatchResultEntry", SQS_NS)] == ["ok"]
    [failed] = root.findall("q:SendMessageBatchResult/q:BatchResultErrorEntry", SQS_NS)
    assert (text(failed, "q:Id"), text(failed, "q:SenderFault"), text(failed, "q:Code")) == ("late", "true", "InvalidParameterValue")
    _, _, received = query(url, {"Action": "ReceiveMessage"})
    handle = text(received, "q:ReceiveMessageResult/q:Message/q:ReceiptHandle")
    _, _, deleted = query(url, {
        "Action": "DeleteMessageBatch",
        "DeleteMessageBatchRequestEntry.1.Id": "a", "DeleteMessageBatchRequestEntry.1.ReceiptHandle": handle or "",
        "DeleteMessageBatchRequestEntry.2.Id": "b", "DeleteMessageBatchRequestEntry.2.ReceiptHandle": "bogus",
    })
    assert [text(e, "q:Id") for e in deleted.findall("q:DeleteMessageBatchResult/q:DeleteMessageBatchResultEntry", SQS_NS)] == ["a"]
    [bad] = deleted.findall("q:DeleteMessageBatchResult/q:BatchResultErrorEntry", SQS_NS)
    assert (text(bad, "q:Id"), text(bad, "q:Code")) == ("b", "ReceiptHandleIsInvalid")


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"Action": "GetQueueUrl", "QueueName": "missing"}, 400, "AWS.SimpleQueueService.NonExistentQueue"),
        ({"Action": "CreateQueue", "QueueName": "orders", "Attribute.1.Name": "VisibilityTimeout", "Attribute.1.Value": "5"}, 400, "QueueAlreadyExists"),
        ({"Action": "SendMessageBatch", "QueueUrl": "{queue}", "SendMessageBatchRequestEntry.1.Id": "a",
          "SendMessageBatchRequestEntry.1.MessageBody": "1", "SendMessageBatchRequestEntry.2.Id": "a",
          "SendMessageBatchRequestEntry.2.MessageBody": "2"}, 400, "AWS.SimpleQueueService.BatchEntryIdsNotDistinct"),
        ({"Action": "DeleteMessageBatch", "QueueUrl": "{queue}"}, 400, "MissingParameter"),
        ({"Action": "ReceiveMessage", "QueueUrl": "{queue}", "MaxNumberOfMessages": "11"}, 400, "InvalidParameterValue"),
        ({"Action": "Launch", "QueueUrl": "{queue}"}, 400, "InvalidAction"),
    ],
    ids=["nonexistent-queue", "queue-exists", "batch-ids", "missing-parameter", "invalid-value", "invalid-action"],
)
def test_errors_are_query_error_responses(served: str, params: dict[str, str], status: int, code: str) -> None:
    queue = _create(served)
    found, headers, root = query(served + "/", {k: v.replace("{queue}", queue) for k, v in params.items()})
    assert (found, root.tag) == (status, "{http://queue.amazonaws.com/doc/2012-11-05/}ErrorResponse")
    assert (text(root, "q:Error/q:Type"), text(root, "q:Error/q:Code")) == ("Sender", code)
    assert text(root, "q:Error/q:Message")
    assert "x-amzn-query-error" not in headers
    assert text(root, "q:RequestId") == headers["x-amzn-requestid"]


def test_an_unsigned_query_request_is_refused_in_xml(served: str) -> None:
    status, _, root = query(served + "/", {"Action": "ListQueues"}, signed=False)
    assert (status, text(root, "q:Error/q:Code")) == (403, "MissingAuthenticationToken")


def test_a_body_over_the_limit_is_refused_in_xml_without_being_read(served: str) -> None:
    import socket
    import urllib.parse

    from server_support import authorization

    from eventmock.server import MAX_BODY

    parts = urllib.parse.urlsplit(served)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        head = (f"POST / HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                f"Authorization: {authorization('sqs')}\r\nContent-Length: {MAX_BODY + 1}\r\n\r\n")
        sock.sendall(head.encode())
        answer = b""
        while b"</ErrorResponse>" not in answer:
            piece = sock.recv(65536)
            assert piece, answer
            answer += piece
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b"<Type>Sender</Type><Code>RequestEntityTooLarge</Code>" in answer


def test_a_get_with_the_action_in_the_query_string(served: str) -> None:
    url = _create(served)
    status, _, root = query(served + "/", {"Action": "ListQueues", "QueueNamePrefix": "ord"}, method="GET")
    assert (status, [q.text for q in root.findall("q:ListQueuesResult/q:QueueUrl", SQS_NS)]) == (200, [url])


SQS_V2 = """
const AWS = require("aws-sdk");
(async () => {
  const sqs = new AWS.SQS({ endpoint: process.argv[1], region: "eu-west-1",
                            credentials: new AWS.Credentials("111122223333", "x") });
  const out = { protocol: sqs.api.protocol };
  const { QueueUrl } = await sqs.createQueue({ QueueName: "orders", Attributes: { VisibilityTimeout: "40" } }).promise();
  await sqs.sendMessage({ QueueUrl, MessageBody: "from v2",
                          MessageAttributes: { color: { DataType: "String", StringValue: "red" } } }).promise();
  const got = await sqs.receiveMessage({ QueueUrl, MessageAttributeNames: ["All"], AttributeNames: ["All"], WaitTimeSeconds: 1 }).promise();
  out.messages = got.Messages.map(m => [m.Body, m.MessageAttributes.color.StringValue, m.Attributes.ApproximateReceiveCount]);
  const batch = await sqs.sendMessageBatch({ QueueUrl, Entries: [{ Id: "a", MessageBody: "1" }, { Id: "b", MessageBody: "2", DelaySeconds: 901 }] }).promise();
  out.batch = [batch.Successful.map(e => e.Id), batch.Failed.map(e => [e.Id, e.Code, e.SenderFault])];
  out.attributes = (await sqs.getQueueAttributes({ QueueUrl, AttributeNames: ["VisibilityTimeout"] }).promise()).Attributes;
  try { await sqs.getQueueUrl({ QueueName: "missing" }).promise(); }
  catch (e) { out.error = [e.code, e.statusCode]; }
  console.log(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
"""


def test_the_javascript_v2_sdk_speaking_query(served: str) -> None:
    folder = node_modules("aws-sdk")
    found = run_node(SQS_V2, folder, served)
    if found["protocol"] != "query":
        pytest.skip(f"this aws-sdk speaks {found['protocol']} to SQS (2.1492 and later): .ci/run installs 2.1450.0")
    assert found == {
        "protocol": "query",
        "messages": [["from v2", "red", "1"]],
        "batch": [["a"], [["b", "InvalidParameterValue", True]]],
        "attributes": {"VisibilityTimeout": "40"},
        "error": ["AWS.SimpleQueueService.NonExistentQueue", 400],
    }
