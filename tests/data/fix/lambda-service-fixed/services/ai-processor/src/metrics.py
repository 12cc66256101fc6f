"""Request metrics, logged as structured records."""

from .structured_logging import get_logger

log = get_logger(__name__)


def record_latency(route: str, millis: float) -> None:
    log.info("latency", extra={"route": route, "millis": millis})
