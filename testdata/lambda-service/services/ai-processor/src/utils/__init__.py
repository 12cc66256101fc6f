"""Helpers shared by the handlers."""

from .logging import log_invocation

__all__ = ["log_invocation"]
