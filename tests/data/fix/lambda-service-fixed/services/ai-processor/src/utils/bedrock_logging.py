"""Logging helpers for calls to Amazon Bedrock."""

import logging
import time

_log = logging.getLogger("bedrock")


def log_invocation(model_id: str, started: float) -> None:
    _log.info("invoked %s in %.0f ms", model_id, (time.monotonic() - started) * 1000)
