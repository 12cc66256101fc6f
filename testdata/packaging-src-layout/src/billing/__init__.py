"""Invoices and their delivery."""
from .invoices import Invoice

__all__ = ["Invoice"]
