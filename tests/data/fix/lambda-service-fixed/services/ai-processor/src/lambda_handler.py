"""AWS Lambda entry point: src.lambda_handler.handler."""

import time

from .metrics import record_latency
from .utils import log_invocation


def handler(event, context):
    started = time.monotonic()
    log_invocation(event.get("model_id", "unknown"), started)
    record_latency("/process", (time.monotonic() - started) * 1000)
    return {"statusCode": 200}
