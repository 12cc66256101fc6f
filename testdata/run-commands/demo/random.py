"""Seeded data for the demo."""
SEED = 4
