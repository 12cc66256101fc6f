from dataclasses import dataclass

from .logging import get_logger

log = get_logger(__name__)


@dataclass
class Invoice:
    number: str
    total_cents: int
