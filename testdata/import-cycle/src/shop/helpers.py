"""Imports inside functions and under TYPE_CHECKING never form a cycle at import time."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shop.report import Report


def build() -> "Report":
    from shop.report import Report

    return Report()
