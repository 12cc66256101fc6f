from dataclasses import dataclass


@dataclass
class Issue:
    title: str
