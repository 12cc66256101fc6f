"""Shadows queue for the worker (PYTHONPATH=/srv/worker/lib)."""
