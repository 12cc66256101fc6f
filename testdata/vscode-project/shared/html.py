"""Shared HTML snippets."""
FOOTER = "<footer/>"
