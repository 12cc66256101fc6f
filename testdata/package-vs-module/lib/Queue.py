"""Names are case-sensitive on Linux: not `queue`."""
