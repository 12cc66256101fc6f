"""Shadows json for code run with PYTHONPATH=lib."""
