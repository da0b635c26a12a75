"""AWS Secrets Manager (service ``secretsmanager``): secrets, their versions and
staging labels, resource policies, rotation through Lambda, replication to other
regions, and random passwords."""
