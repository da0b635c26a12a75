"""Amazon Connect Customer Profiles (service ``customer-profiles``): domains, profiles,
profile keys, merges, profile object types and objects ingested into profiles,
integrations, upload jobs, and event streams that write profile changes to Kinesis."""
