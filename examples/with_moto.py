"""eventmock with moto underneath: eventmock answers EventBridge, SQS and Lambda and
delivers events; moto answers what eventmock does not emulate (here DynamoDB and
Step Functions), including the calls that eventmock's deliveries make. See docs/moto.md.

Needs moto (in eventmock's test extras: `pip install ".[test]"`).

    python examples/with_moto.py
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import moto

import eventmock

REGION = "us-east-1"
FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:record-order"


def main() -> None:
    with moto.mock_aws(), eventmock.mock_aws() as aws:
        # moto's: a table and a state machine
        dynamodb = boto3.client("dynamodb", region_name=REGION)
        dynamodb.create_table(
            TableName="orders", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        )
        sfn = boto3.client("stepfunctions", region_name=REGION)
        machine_arn = sfn.create_state_machine(
            name="fulfil", roleArn="arn:aws:iam::123456789012:role/sfn",
            definition=json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": True}}}),
        )["stateMachineArn"]

        # eventmock's: a function (a Python callable) that writes to moto's table
        def record_order(event: dict[str, Any], context: Any) -> None:
            table = boto3.client("dynamodb", region_name=REGION)
            table.put_item(TableName="orders", Item={"id": {"S": event["detail"]["id"]}, "status": {"S": "placed"}})

        eventmock.register_lambda(FUNCTION, record_order)

        # eventmock's: a rule with two targets, one emulated (Lambda), one moto's (Step Functions)
        events = boto3.client("events", region_name=REGION)
        events.put_rule(Name="orders", EventPattern=json.dumps({"source": ["shop"]}))
        events.put_targets(Rule="orders", Targets=[
            {"Id": "record", "Arn": FUNCTION},
            {"Id": "fulfil", "Arn": machine_arn, "RoleArn": "arn:aws:iam::123456789012:role/events",
             "InputPath": "$.detail"},
        ])
        events.put_events(Entries=[{"Source": "shop", "DetailType": "OrderPlaced", "Detail": json.dumps({"id": "o-1"})}])

        # the function's write is in moto's DynamoDB
        item = dynamodb.get_item(TableName="orders", Key={"id": {"S": "o-1"}})["Item"]
        assert item == {"id": {"S": "o-1"}, "status": {"S": "placed"}}
        # the rule started an execution in moto's Step Functions, with the event's detail
        [execution] = sfn.list_executions(stateMachineArn=machine_arn)["executions"]
        assert json.loads(sfn.describe_execution(executionArn=execution["executionArn"])["input"]) == {"id": "o-1"}
        assert aws.backend("events").failed_deliveries == []
    print("with_moto: one event, a row in moto's DynamoDB and an execution in moto's Step Functions")


if __name__ == "__main__":
    main()
