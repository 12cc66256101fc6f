"""Loses to the extension module beside it."""
