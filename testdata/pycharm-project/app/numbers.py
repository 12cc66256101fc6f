"""Phone-number helpers (named for what they hold)."""
