"""Wins over lib/json.py for the script."""
