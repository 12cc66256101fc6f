"""Shadows secrets in the tools step."""
