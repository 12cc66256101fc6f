"""The package's logger: `billing.logging`, which shadows nothing (src/billing is a package)."""
import logging

def get_logger(name: str) -> logging.Logger:
    return logging.getLogger(f"billing.{name}")
