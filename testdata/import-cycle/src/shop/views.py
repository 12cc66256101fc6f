"""Rendering."""

from shop.models import User


def render(user: User) -> str:
    return f"<b>{user.name}</b>"
