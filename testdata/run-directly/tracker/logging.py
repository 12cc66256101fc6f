"""Structured logging for the tracker (named like the stdlib module it wraps)."""
import json
import logging


class JsonFormatter(logging.Formatter):
    def format(self, record):
        return json.dumps({"level": record.levelname, "message": record.getMessage()})
