"""Generated resources, not on the path."""
