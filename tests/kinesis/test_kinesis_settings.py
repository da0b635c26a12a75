"""A stream's settings: retention, capacity mode, encryption, enhanced monitoring,
maximum record size, warm throughput, record distribution; account limits and settings."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

MIB = 1024 * 1024


def error_of(info):
    return info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]


def test_retention_increase_keeps_records_longer_and_decrease_drops_them(kinesis):
    with freeze_time("2026-01-01 00:00:00"):
        kinesis.create_stream(StreamName="s", ShardCount=1)
        kinesis.increase_stream_retention_period(StreamName="s", RetentionPeriodHours=48)
        kinesis.put_record(StreamName="s", Data=b"old", PartitionKey="k")
    with freeze_time("2026-01-02 12:00:00"):
        kinesis.put_record(StreamName="s", Data=b"new", PartitionKey="k")
        assert kinesis.describe_stream(StreamName="s")["StreamDescription"]["RetentionPeriodHours"] == 48

        def read():
            iterator = kinesis.get_shard_iterator(StreamName="s", ShardId="shardId-000000000000", ShardIteratorType="TRIM_HORIZON")
            return [r["Data"] for r in kinesis.get_records(ShardIterator=iterator["ShardIterator"])["Records"]]

        assert read() == [b"old", b"new"]  # 36 hours old: kept under 48 hours' retention
        kinesis.decrease_stream_retention_period(StreamName="s", RetentionPeriodHours=24)
        assert read() == [b"new"]


@pytest.mark.parametrize(
    ("call", "hours", "message"),
    [
        ("increase", 20, "Minimum allowed retention period is 24 hours. Requested retention period (20 hours) is too short."),
        ("decrease", 9999, "Maximum allowed retention period is 8760 hours. Requested retention period (9999 hours) is too long."),
        (
            "decrease",
            40,
            "Requested retention period (40 hours) for stream s can not be longer than existing retention period (24 hours). "
            "Use IncreaseRetentionPeriod API.",
        ),
    ],
)
def test_retention_refusals(kinesis, call, hours, message):
    kinesis.create_stream(StreamName="s", ShardCount=1)
    with pytest.raises(kinesis.exceptions.InvalidArgumentException) as info:
        getattr(kinesis, f"{call}_stream_retention_period")(StreamName="s", RetentionPeriodHours=hours)
    assert error_of(info) == ("InvalidArgumentException", message)
    assert kinesis.describe_stream_summary(StreamName="s")["StreamDescriptionSummary"]["RetentionPeriodHours"] == 24


def test_stream_mode_switches(kinesis):
    kinesis.create_stream(StreamName="s", StreamModeDetails={"StreamMode": "ON_DEMAND"})
    arn = kinesis.describe_stream_summary(StreamName="s")["StreamDescriptionSummary"]["StreamARN"]
    kinesis.update_stream_mode(StreamARN=arn, StreamModeDetails={"StreamMode": "PROVISIONED"})
    assert kinesis.describe_stream_summary(StreamName="s")["StreamDescriptionSummary"]["StreamModeDetails"] == {"StreamMode": "PROVISIONED"}
    assert kinesis.describe_limits()["OnDemandStreamCount"] == 0
    kinesis.update_shard_count(StreamName="s", TargetShardCount=2, ScalingType="UNIFORM_SCALING")
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        kinesis.update_stream_mode(StreamARN=arn, StreamModeDetails={"StreamMode": "PROVISIONED"})


def test_encryption_start_and_stop(kinesis):
    kinesis.create_stream(StreamName="s", ShardCount=1)
    kinesis.start_stream_encryption(StreamName="s", EncryptionType="KMS", KeyId="alias/aws/kinesis")
    description = kinesis.describe_stream(StreamName="s")["StreamDescription"]
    assert (description["EncryptionType"], description["KeyId"]) == ("KMS", "alias/aws/kinesis")
    put = kinesis.put_record(StreamName="s", Data=b"x", PartitionKey="k")
    assert put["EncryptionType"] == "KMS"
    iterator = kinesis.get_shard_iterator(StreamName="s", ShardId=put["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    assert kinesis.get_records(ShardIterator=iterator)["Records"][0]["EncryptionType"] == "KMS"
    kinesis.stop_stream_encryption(StreamName="s", EncryptionType="KMS", KeyId="alias/aws/kinesis")
    description = kinesis.describe_stream(StreamName="s")["StreamDescription"]
    assert description["EncryptionType"] == "NONE"
    assert "KeyId" not in description


def test_enhanced_monitoring(kinesis):
    kinesis.create_stream(StreamName="s", ShardCount=1)
    first = kinesis.enable_enhanced_monitoring(StreamName="s", ShardLevelMetrics=["IncomingBytes", "OutgoingBytes"])
    assert (first["CurrentShardLevelMetrics"], first["DesiredShardLevelMetrics"]) == ([], ["IncomingBytes", "OutgoingBytes"])
    second = kinesis.disable_enhanced_monitoring(StreamName="s", ShardLevelMetrics=["IncomingBytes"])
    assert second["DesiredShardLevelMetrics"] == ["OutgoingBytes"]
    assert kinesis.describe_stream(StreamName="s")["StreamDescription"]["EnhancedMonitoring"] == [{"ShardLevelMetrics": ["OutgoingBytes"]}]
    kinesis.disable_enhanced_monitoring(StreamName="s", ShardLevelMetrics=["ALL"])
    assert kinesis.describe_stream(StreamName="s")["StreamDescription"]["EnhancedMonitoring"] == [{"ShardLevelMetrics": []}]


def test_describe_limits_counts_open_shards_and_on_demand_streams(kinesis):
    kinesis.create_stream(StreamName="p", ShardCount=3)
    kinesis.create_stream(StreamName="od")
    kinesis.split_shard(StreamName="p", ShardToSplit="shardId-000000000000", NewStartingHashKey="1000")
    limits = kinesis.describe_limits()
    assert (limits["ShardLimit"], limits["OpenShardCount"], limits["OnDemandStreamCount"], limits["OnDemandStreamCountLimit"]) == (500, 8, 1, 50)


def test_records_larger_than_a_mebibyte_are_refused(kinesis):
    kinesis.create_stream(StreamName="s", ShardCount=1)
    kinesis.put_record(StreamName="s", Data=b"a" * (MIB - 1), PartitionKey="k")
    with pytest.raises(kinesis.exceptions.ValidationException) as info:
        kinesis.put_record(StreamName="s", Data=b"a" * MIB, PartitionKey="k")
    # the limit counts the partition key; the message names the data, as AWS's does
    assert error_of(info)[1] == (
        "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048576 cap=1048576]' at 'data' "
        "failed to satisfy constraint: Member must have length less than or equal to 1048576"
    )
    with pytest.raises(kinesis.exceptions.ValidationException) as info:
        kinesis.put_records(
            StreamName="s",
            Records=[{"Data": b"a" * MIB, "PartitionKey": "k"}, {"Data": b"ok", "PartitionKey": "k"}, {"Data": b"a" * (MIB - 1), "PartitionKey": "kk"}],
        )
    assert error_of(info)[1] == (
        "2 validation errors detected: "
        "Value 'java.nio.HeapByteBuffer[pos=0 lim=1048576 cap=1048576]' at 'records.1.member.data' failed to satisfy constraint: "
        "Member must have length less than or equal to 1048576; "
        "Value 'java.nio.HeapByteBuffer[pos=0 lim=1048575 cap=1048575]' at 'records.3.member.data' failed to satisfy constraint: "
        "Member must have length less than or equal to 1048576"
    )
    with pytest.raises(kinesis.exceptions.InvalidArgumentException) as info:
        kinesis.put_records(StreamName="s", Records=[{"Data": b"a" * (MIB - 8), "PartitionKey": "k"}] * 11)
    assert error_of(info)[1] == "Records size exceeds 10 MB limit"
    iterator = kinesis.get_shard_iterator(StreamName="s", ShardId="shardId-000000000000", ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    assert len(kinesis.get_records(ShardIterator=iterator)["Records"]) == 1  # nothing of a refused batch was written


@pytest.mark.model("kinesis", "UpdateMaxRecordSizeInput", "MaxRecordSizeInKiB")
def test_max_record_size_is_the_streams_setting(kinesis, eventmock):
    kinesis.create_stream(StreamName="s", ShardCount=1, MaxRecordSizeInKiB=2048)
    arn = kinesis.describe_stream_summary(StreamName="s")["StreamDescriptionSummary"]["StreamARN"]
    assert kinesis.describe_stream_summary(StreamName="s")["StreamDescriptionSummary"]["MaxRecordSizeInKiB"] == 2048
    kinesis.put_record(StreamName="s", Data=b"a" * (2 * MIB - 10), PartitionKey="k")
    kinesis.update_max_record_size(StreamARN=arn, MaxRecordSizeInKiB=1024)
    with pytest.raises(kinesis.exceptions.ValidationException):
        kinesis.put_record(StreamName="s", Data=b"a" * (2 * MIB - 10), PartitionKey="k")
    # deliveries from other services obey it too
    backend = eventmock.backend("kinesis")
    with pytest.raises(Exception, match="less than or equal to 1048576"):
        backend._deliver(arn, b"a" * MIB, "k")


@pytest.mark.model("kinesis", "UpdateStreamWarmThroughputInput", "WarmThroughputMiBps")
def test_warm_throughput_and_record_distribution_on_demand_only(kinesis):
    kinesis.create_stream(StreamName="od")
    kinesis.create_stream(StreamName="p", ShardCount=1)
    od = kinesis.describe_stream_summary(StreamName="od")["StreamDescriptionSummary"]["StreamARN"]
    p = kinesis.describe_stream_summary(StreamName="p")["StreamDescriptionSummary"]["StreamARN"]
    answer = kinesis.update_stream_warm_throughput(StreamARN=od, WarmThroughputMiBps=100)
    assert (answer["StreamName"], answer["WarmThroughput"]["TargetMiBps"]) == ("od", 100)
    assert kinesis.describe_stream_summary(StreamARN=od)["StreamDescriptionSummary"]["WarmThroughput"]["TargetMiBps"] == 100
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        kinesis.update_stream_warm_throughput(StreamARN=p, WarmThroughputMiBps=100)
    kinesis.update_stream_record_distribution_strategy(StreamARN=od, RecordDistributionStrategy="AUTO")
    assert kinesis.describe_stream_summary(StreamARN=od)["StreamDescriptionSummary"]["RecordDistributionStrategy"] == "AUTO"
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        kinesis.update_stream_record_distribution_strategy(StreamARN=p, RecordDistributionStrategy="AUTO")
    # AUTO spreads records over the open shards whatever their keys
    shards = {kinesis.put_record(StreamARN=od, Data=b"x", PartitionKey="same")["ShardId"] for _ in range(8)}
    assert len(shards) == 4


@pytest.mark.model("kinesis", "UpdateAccountSettingsInput", "MinimumThroughputBillingCommitment")
def test_account_settings(kinesis):
    assert kinesis.describe_account_settings()["MinimumThroughputBillingCommitment"] == {"Status": "DISABLED"}
    with freeze_time("2026-01-01"):
        enabled = kinesis.update_account_settings(MinimumThroughputBillingCommitment={"Status": "ENABLED"})
    assert enabled["MinimumThroughputBillingCommitment"]["Status"] == "ENABLED"
    with freeze_time("2026-01-01 12:00"):
        early = kinesis.update_account_settings(MinimumThroughputBillingCommitment={"Status": "DISABLED"})
    assert early["MinimumThroughputBillingCommitment"]["Status"] == "ENABLED_UNTIL_EARLIEST_ALLOWED_END"
    assert kinesis.describe_account_settings()["MinimumThroughputBillingCommitment"] == early["MinimumThroughputBillingCommitment"]


def test_a_quoted_shard_iterator_is_accepted(kinesis):
    kinesis.create_stream(StreamName="s", ShardCount=1)
    kinesis.put_record(StreamName="s", Data=b"x", PartitionKey="k")
    iterator = kinesis.get_shard_iterator(StreamName="s", ShardId="shardId-000000000000", ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    assert [r["Data"] for r in kinesis.get_records(ShardIterator=f'"{iterator}"')["Records"]] == [b"x"]


@pytest.mark.model("kinesis", "PutRecordInput", "DryRun")
def test_dry_run_writes_nothing(kinesis):
    kinesis.create_stream(StreamName="s", ShardCount=1)
    with pytest.raises(kinesis.exceptions.DryRunOperationException):
        kinesis.put_record(StreamName="s", Data=b"x", PartitionKey="k", DryRun=True)
    iterator = kinesis.get_shard_iterator(StreamName="s", ShardId="shardId-000000000000", ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    assert kinesis.get_records(ShardIterator=iterator)["Records"] == []


def test_more_than_500_records_are_refused_with_the_entries_as_java_writes_them(kinesis):
    kinesis.create_stream(StreamName="s", ShardCount=1)
    with pytest.raises(kinesis.exceptions.ValidationException) as info:
        kinesis.put_records(StreamName="s", Records=[{"Data": b"a", "PartitionKey": "key"}] * 501)
    message = error_of(info)[1]
    assert message.startswith(
        "1 validation error detected: Value '[PutRecordsRequestEntry(data=java.nio.HeapByteBuffer[pos=0 lim=1 cap=1], "
        "explicitHashKey=null, partitionKey=key), "
    )
    assert message.endswith("]' at 'records' failed to satisfy constraint: Member must have length less than or equal to 500")
