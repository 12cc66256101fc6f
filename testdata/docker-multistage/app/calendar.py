"""Shadows calendar in the final image."""
