"""A small shop whose models and views import each other at module level."""
