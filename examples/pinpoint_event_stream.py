"""End to end with eventmock: a Pinpoint application and its event stream.

Everything below is plain boto3; eventmock answers it in-process, as AWS would.

    python examples/pinpoint_event_stream.py
"""

from __future__ import annotations

import boto3

from eventmock import mock_aws

STREAM = "arn:aws:kinesis:us-east-1:123456789012:stream/app-events"
ROLE = "arn:aws:iam::123456789012:role/pinpoint-event-stream"


def main() -> None:
    with mock_aws() as aws:
        boto3.client("kinesis", region_name="us-east-1").create_stream(StreamName="app-events", ShardCount=1)
        pinpoint = boto3.client("pinpoint", region_name="us-east-1")

        app = pinpoint.create_app(CreateApplicationRequest={"Name": "shop", "tags": {"team": "growth"}})
        app_id = app["ApplicationResponse"]["Id"]
        print(f"created app {app_id} ({app['ResponseMetadata']['HTTPStatusCode']})")

        stream = pinpoint.put_event_stream(
            ApplicationId=app_id, WriteEventStream={"DestinationStreamArn": STREAM, "RoleArn": ROLE}
        )["EventStream"]
        print(f"event stream -> {stream['DestinationStreamArn']} (updated by {stream['LastUpdatedBy']})")
        assert pinpoint.get_event_stream(ApplicationId=app_id)["EventStream"] == stream

        try:
            pinpoint.put_event_stream(
                ApplicationId=app_id, WriteEventStream={"DestinationStreamArn": "arn:aws:s3:::bucket", "RoleArn": ROLE}
            )
        except pinpoint.exceptions.BadRequestException as error:
            print(f"rejected as AWS would: {error.response['Error']['Code']}")

        for name in ("checkout", "search"):
            pinpoint.create_app(CreateApplicationRequest={"Name": name})
        names, token = [], None
        while True:
            page = pinpoint.get_apps(PageSize="2", **({"Token": token} if token else {}))["ApplicationsResponse"]
            names += [item["Name"] for item in page["Item"]]
            token = page.get("NextToken")
            if token is None:
                break
        print(f"apps, two per page: {names}")
        assert names == ["shop", "checkout", "search"]

        deleted = pinpoint.delete_event_stream(ApplicationId=app_id)["EventStream"]
        print(f"deleted stream to {deleted['DestinationStreamArn']}")
        assert aws.backend("pinpoint").event_streams == {}

        try:
            pinpoint.get_event_stream(ApplicationId=app_id)
        except pinpoint.exceptions.NotFoundException as error:
            print(f"no stream any more: {error.response['Error']['Message']}")
    print("pinpoint_event_stream: done, nothing left the process")


if __name__ == "__main__":
    main()
