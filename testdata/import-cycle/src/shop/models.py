"""Data classes."""

from dataclasses import dataclass

from shop.views import render


@dataclass
class User:
    name: str

    def show(self) -> str:
        return render(self)
