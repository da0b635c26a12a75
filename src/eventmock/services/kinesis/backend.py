"""Amazon Kinesis Data Streams: the backend dispatch sees.

Small but real: records are hashed to shards as AWS does (the MD5 of the partition key,
or the explicit hash key, read as a 128-bit integer, falls in one open shard's hash-key
range), sequence numbers increase, iterators are positions in a shard that expire after
five minutes on the clock, records older than the stream's retention period go on the
mock's clock. Streams are ACTIVE as soon as they are created or resharded and gone as
soon as they are deleted. Other services deliver into a stream with
:meth:`KinesisBackend._deliver`, not through boto3.

Each resource family has its own module: :mod:`.streams` (streams and their settings,
account limits), :mod:`.shards` (listing and resharding), :mod:`.records` (writing and
reading), :mod:`.consumers` (enhanced fan-out, ``SubscribeToShard``), :mod:`.tags` (both
tag APIs, resource policies), :mod:`.queues` (queues on streams, their dead-letter
records), :mod:`.channels` (channels to S3).
"""

from __future__ import annotations

from eventmock.services.kinesis.channels import Channels
from eventmock.services.kinesis.consumers import Consumers
from eventmock.services.kinesis.models import Record, Shard, Stream, StreamConsumer
from eventmock.services.kinesis.queues import Queues
from eventmock.services.kinesis.records import RecordsIO
from eventmock.services.kinesis.shards import Shards
from eventmock.services.kinesis.streams import Streams
from eventmock.services.kinesis.tags import Tags

__all__ = ["KinesisBackend", "Record", "Shard", "Stream", "StreamConsumer"]


class KinesisBackend(Streams, Shards, RecordsIO, Consumers, Tags, Queues, Channels):
    """Kinesis Data Streams in one account and region."""
