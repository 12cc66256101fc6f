"""Helpers shared by the handlers."""

from .bedrock_logging import log_invocation

__all__ = ["log_invocation"]
