"""The one poller that consumes SQS queues and Kinesis streams, shared by Lambda event
source mappings and EventBridge Pipes (:mod:`.poller`). Not a service of its own."""
