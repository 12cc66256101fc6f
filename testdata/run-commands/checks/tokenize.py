"""Token helpers for the style check."""
WIDTH = 100
