"""The package wins over lib/json.py."""
