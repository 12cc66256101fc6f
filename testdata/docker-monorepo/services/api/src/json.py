"""Shadows json for the api service: its PYTHONPATH is /app/src."""
