"""Type aliases for the training scripts."""

from typing import Dict

Config = Dict[str, float]
