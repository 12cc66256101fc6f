"""Short ids for jobs."""
