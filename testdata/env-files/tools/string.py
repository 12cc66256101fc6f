"""On PYTHONPATH through tox setenv."""
