"""Structured JSON logging for the ai-processor service.

Every record is emitted as one JSON object so that CloudWatch Logs Insights
can query fields directly.
"""

from __future__ import annotations

import json
import os

import logging

LEVEL = os.environ.get("LOG_LEVEL", "INFO")


def _fields(record):
    return {
        "level": record.levelname,
        "logger": record.name,
        "message": record.getMessage(),
    }


# One JSON object a record.
class JsonFormatter(logging.Formatter):
    def format(self, record):
        return json.dumps(_fields(record))


def get_logger(name: str):
    logger = logging.getLogger(name)
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    logger.addHandler(handler)
    logger.setLevel(LEVEL)
    return logger
