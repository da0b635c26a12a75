"""Amazon Pinpoint (service ``pinpoint``): applications and their event stream."""
