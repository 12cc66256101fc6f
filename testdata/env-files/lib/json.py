"""On PYTHONPATH through .env."""
