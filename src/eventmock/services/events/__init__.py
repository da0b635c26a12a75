"""Amazon EventBridge (service ``events``)."""
