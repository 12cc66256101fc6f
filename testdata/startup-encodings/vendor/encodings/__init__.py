"""A vendored codec registry that replaces the stdlib one."""
