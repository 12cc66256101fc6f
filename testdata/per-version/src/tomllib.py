"""A backport shim: stdlib only from 3.11."""
