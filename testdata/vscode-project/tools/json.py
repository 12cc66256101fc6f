"""Not on any path."""
