"""Amazon EventBridge Scheduler (service ``scheduler``)."""
