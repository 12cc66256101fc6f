"""Shadows csv for CI (PYTHONPATH=src)."""
