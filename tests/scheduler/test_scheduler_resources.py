"""Schedule groups, schedules and tags through boto3: shapes, defaults, filters,
errors."""

from __future__ import annotations

import datetime as dt

import pytest
from freezegun import freeze_time

from eventmock.core.errors import NoTimeZoneDatabaseError
from scheduler_support import ACCOUNT, OFF, ROLE, error_of, status_of, target

QUEUE = f"arn:aws:sqs:us-east-1:{ACCOUNT}:jobs"
T0 = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.timezone.utc)


def create(scheduler, name="nightly", **more):
    params = {"Name": name, "ScheduleExpression": "cron(0 2 * * ? *)", "Target": target(QUEUE), "FlexibleTimeWindow": OFF}
    return scheduler.create_schedule(**{**params, **more})


def test_the_default_group_exists_and_groups_are_listed_by_name(scheduler):
    scheduler.create_schedule_group(Name="reports", Tags=[{"Key": "team", "Value": "data"}])
    scheduler.create_schedule_group(Name="billing")
    groups = scheduler.list_schedule_groups()["ScheduleGroups"]
    assert [g["Name"] for g in groups] == ["billing", "default", "reports"]
    assert groups[1]["Arn"] == f"arn:aws:scheduler:us-east-1:{ACCOUNT}:schedule-group/default"
    assert all(g["State"] == "ACTIVE" for g in groups)
    got = scheduler.get_schedule_group(Name="reports")
    assert set(got) - {"ResponseMetadata"} == {"Arn", "Name", "State", "CreationDate", "LastModificationDate"}
    assert [g["Name"] for g in scheduler.list_schedule_groups(NamePrefix="re")["ScheduleGroups"]] == ["reports"]
    assert scheduler.list_tags_for_resource(ResourceArn=got["Arn"])["Tags"] == [{"Key": "team", "Value": "data"}]


def test_group_errors(scheduler):
    scheduler.create_schedule_group(Name="reports")
    with pytest.raises(scheduler.exceptions.ConflictException) as info:
        scheduler.create_schedule_group(Name="reports")
    assert error_of(info) == ("ConflictException", "Schedule group reports already exists.") and status_of(info) == 409
    with pytest.raises(scheduler.exceptions.ResourceNotFoundException) as info:
        scheduler.get_schedule_group(Name="missing")
    assert error_of(info) == ("ResourceNotFoundException", "Schedule group missing does not exist.") and status_of(info) == 404
    with pytest.raises(scheduler.exceptions.ValidationException):
        scheduler.delete_schedule_group(Name="default")
    with pytest.raises(scheduler.exceptions.ValidationException):
        scheduler.create_schedule_group(Name="bad name!" * 10)


def test_deleting_a_group_deletes_its_schedules(scheduler):
    scheduler.create_schedule_group(Name="reports")
    create(scheduler, "a", GroupName="reports")
    create(scheduler, "b")
    scheduler.delete_schedule_group(Name="reports")
    assert [s["Name"] for s in scheduler.list_schedules()["Schedules"]] == ["b"]
    with pytest.raises(scheduler.exceptions.ResourceNotFoundException):
        scheduler.get_schedule(Name="a", GroupName="reports")


def test_tags(scheduler):
    arn = scheduler.create_schedule_group(Name="reports")["ScheduleGroupArn"]
    scheduler.tag_resource(ResourceArn=arn, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    scheduler.untag_resource(ResourceArn=arn, TagKeys=["a"])
    assert scheduler.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "b", "Value": "2"}]
    with pytest.raises(scheduler.exceptions.ResourceNotFoundException):
        scheduler.list_tags_for_resource(ResourceArn=arn.replace("reports", "nope"))


@freeze_time(T0)
def test_a_schedule_as_get_schedule_gives_it(scheduler):
    arn = create(scheduler, Description="backup")["ScheduleArn"]
    assert arn == f"arn:aws:scheduler:us-east-1:{ACCOUNT}:schedule/default/nightly"
    got = scheduler.get_schedule(Name="nightly")
    got.pop("ResponseMetadata")
    assert got == {
        "Arn": arn,
        "GroupName": "default",
        "Name": "nightly",
        "ScheduleExpression": "cron(0 2 * * ? *)",
        "ScheduleExpressionTimezone": "UTC",
        "Description": "backup",
        "State": "ENABLED",
        "CreationDate": T0,
        "LastModificationDate": T0,
        "Target": {
            "Arn": QUEUE,
            "RoleArn": ROLE,
            "RetryPolicy": {"MaximumEventAgeInSeconds": 86400, "MaximumRetryAttempts": 185},
        },
        "FlexibleTimeWindow": {"Mode": "OFF"},
        "ActionAfterCompletion": "NONE",
    }


def test_list_schedules_filters_and_pages(scheduler):
    scheduler.create_schedule_group(Name="reports")
    create(scheduler, "daily-a")
    create(scheduler, "daily-b", State="DISABLED")
    create(scheduler, "weekly", GroupName="reports")
    listed = scheduler.list_schedules()["Schedules"]
    assert [(s["GroupName"], s["Name"]) for s in listed] == [("default", "daily-a"), ("default", "daily-b"), ("reports", "weekly")]
    assert listed[0]["Target"] == {"Arn": QUEUE}
    assert set(listed[0]) == {"Arn", "Name", "GroupName", "State", "CreationDate", "LastModificationDate", "Target"}
    assert [s["Name"] for s in scheduler.list_schedules(GroupName="reports")["Schedules"]] == ["weekly"]
    assert [s["Name"] for s in scheduler.list_schedules(NamePrefix="daily")["Schedules"]] == ["daily-a", "daily-b"]
    assert [s["Name"] for s in scheduler.list_schedules(State="DISABLED")["Schedules"]] == ["daily-b"]
    first = scheduler.list_schedules(MaxResults=2)
    assert len(first["Schedules"]) == 2
    assert [s["Name"] for s in scheduler.list_schedules(MaxResults=2, NextToken=first["NextToken"])["Schedules"]] == ["weekly"]
    with pytest.raises(scheduler.exceptions.ResourceNotFoundException):
        scheduler.list_schedules(GroupName="missing")
    pages = scheduler.get_paginator("list_schedules").paginate(PaginationConfig={"PageSize": 1})
    assert [s["Name"] for page in pages for s in page["Schedules"]] == ["daily-a", "daily-b", "weekly"]


def test_schedule_errors_change_nothing(scheduler):
    create(scheduler)
    with pytest.raises(scheduler.exceptions.ConflictException) as info:
        create(scheduler)
    assert error_of(info) == ("ConflictException", "Schedule nightly already exists.")
    with pytest.raises(scheduler.exceptions.ResourceNotFoundException) as info:
        create(scheduler, "other", GroupName="missing")
    assert error_of(info) == ("ResourceNotFoundException", "Schedule group missing does not exist.")
    with pytest.raises(scheduler.exceptions.ResourceNotFoundException) as info:
        scheduler.get_schedule(Name="missing")
    assert error_of(info) == ("ResourceNotFoundException", "Schedule missing does not exist.")
    with pytest.raises(scheduler.exceptions.ResourceNotFoundException):
        scheduler.delete_schedule(Name="missing")
    with pytest.raises(scheduler.exceptions.ResourceNotFoundException):
        scheduler.update_schedule(Name="missing", ScheduleExpression="rate(1 hour)", Target=target(QUEUE), FlexibleTimeWindow=OFF)
    with pytest.raises(scheduler.exceptions.ValidationException) as info:
        create(scheduler, "other", ScheduleExpressionTimezone="Mars/Olympus")
    assert error_of(info) == ("ValidationException", "Invalid ScheduleExpressionTimezone Mars/Olympus.")
    with pytest.raises(scheduler.exceptions.ValidationException):
        create(scheduler, "other", FlexibleTimeWindow={"Mode": "FLEXIBLE"})
    with pytest.raises(scheduler.exceptions.ValidationException):
        create(scheduler, "other", FlexibleTimeWindow={"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 1441})
    with pytest.raises(scheduler.exceptions.ValidationException):
        create(scheduler, "other", Target={**target(QUEUE), "RetryPolicy": {"MaximumRetryAttempts": 186}})
    assert [s["Name"] for s in scheduler.list_schedules()["Schedules"]] == ["nightly"]


@pytest.mark.parametrize(
    "expression",
    [
        "cron(0 1 * * * *)",
        "cron(7 20 * * NOT *)",
        "cron(INVALID)",
        "cron(0 dummy ? * MON-FRI *)",
        "cron(71 8 1 * ? *)",
        "cron()",
        "rate(10 seconds)",
        "rate(10 years)",
        "rate()",
        "rate(10)",
        "rate(10 minutess)",
        "rate(foo minutes)",
        "rate(-10 minutes)",
        "rate(0 minutes)",
        "rate(99999999999999 days)",
        "rate(2147483648 minutes)",
        "rate( 10 minutes )",
        " rate(10 minutes)",
        "at(2021-12-31T23:59:59Z)",
        "at(2021-12-31)",
    ],
)
def test_invalid_schedule_expressions(scheduler, expression):
    with pytest.raises(scheduler.exceptions.ValidationException) as info:
        create(scheduler, ScheduleExpression=expression)
    assert error_of(info) == ("ValidationException", f"Invalid Schedule Expression {expression}.")
    assert status_of(info) == 400


@pytest.mark.parametrize(
    "expression",
    [
        "cron(0-15/1 8-8 ? * 2,3,4,5,6,7 *)",
        "cron(30-30 13-13 ? * 2,4,6 *)",
        "cron(1-31/30 1-1 ? * 1,7 *)",
        "cron(0 18 ? * MON-FRI *)",
        "cron(*/15 * * * ? *)",
        "cron(0-59/10 0-23/2 ? * * *)",
        "rate(1 minute)",
        "rate(5 days)",
        "at(2030-01-01T00:00:00)",
    ],
)
def test_valid_schedule_expressions(scheduler, expression):
    create(scheduler, ScheduleExpression=expression)
    assert scheduler.get_schedule(Name="nightly")["ScheduleExpression"] == expression


@freeze_time(T0)
def test_start_date_of_a_recurring_schedule_may_be_at_most_five_minutes_ago(scheduler):
    create(scheduler, "ok", StartDate=T0 - dt.timedelta(minutes=5))
    with pytest.raises(scheduler.exceptions.ValidationException) as info:
        create(scheduler, "late", StartDate=T0 - dt.timedelta(minutes=6))
    assert error_of(info) == ("ValidationException", "The StartDate you specify cannot be earlier than 5 minutes ago.")
    create(scheduler, "once", ScheduleExpression="at(2026-06-02T00:00:00)", StartDate=T0 - dt.timedelta(days=1))
    with pytest.raises(scheduler.exceptions.ValidationException):
        create(scheduler, "backwards", StartDate=T0 + dt.timedelta(days=2), EndDate=T0 + dt.timedelta(days=1))


@freeze_time(T0)
def test_update_replaces_the_schedule_and_keeps_its_creation_date(scheduler):
    create(scheduler, Description="old", ScheduleExpressionTimezone="Europe/Paris")
    with freeze_time(T0 + dt.timedelta(hours=1)):
        scheduler.update_schedule(Name="nightly", ScheduleExpression="rate(1 hour)", Target=target(QUEUE), FlexibleTimeWindow=OFF)
    got = scheduler.get_schedule(Name="nightly")
    assert got["ScheduleExpression"] == "rate(1 hour)"
    assert "Description" not in got and got["ScheduleExpressionTimezone"] == "UTC"
    assert got["CreationDate"] == T0 and got["LastModificationDate"] == T0 + dt.timedelta(hours=1)


def test_delete_schedule(scheduler):
    create(scheduler)
    scheduler.delete_schedule(Name="nightly")
    assert scheduler.list_schedules()["Schedules"] == []


def test_a_fifo_dead_letter_queue_is_refused(scheduler):
    with pytest.raises(scheduler.exceptions.ValidationException):
        create(scheduler, Target={**target(QUEUE), "DeadLetterConfig": {"Arn": f"{QUEUE}-dlq.fifo"}})
    assert scheduler.list_schedules()["Schedules"] == []


@pytest.mark.usefixtures("no_system_zones")
def test_without_the_systems_zones_an_unknown_zone_is_still_the_callers_error(scheduler):
    with pytest.raises(scheduler.exceptions.ValidationException) as info:
        create(scheduler, ScheduleExpressionTimezone="Mars/Olympus")
    assert error_of(info) == ("ValidationException", "Invalid ScheduleExpressionTimezone Mars/Olympus.")
    create(scheduler, ScheduleExpressionTimezone="Europe/Paris")
    assert scheduler.get_schedule(Name="nightly")["ScheduleExpressionTimezone"] == "Europe/Paris"


@pytest.mark.usefixtures("no_zone_database")
def test_without_any_zone_database_eventmock_says_so_rather_than_blaming_the_zone(scheduler):
    with pytest.raises(NoTimeZoneDatabaseError, match="no time-zone database .*tzdata") as info:
        create(scheduler, ScheduleExpressionTimezone="Europe/Paris")
    assert info.value.name == "Europe/Paris"
    create(scheduler, "utc")  # UTC needs no database
    assert [s["Name"] for s in scheduler.list_schedules()["Schedules"]] == ["utc"]
