"""Beside jobs/run.py, which the image runs as a script: a shadow there."""
