"""Amazon SNS: topics, subscriptions, fan-out and filter policies."""
