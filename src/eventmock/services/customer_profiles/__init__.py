"""Amazon Connect Customer Profiles (service ``customer-profiles``): domains, profiles,
profile keys, merges, and event streams that write profile changes to Kinesis."""
