"""Removed from the stdlib in 3.12."""
