import types

from lib.types import Issue


def summary(issue: Issue) -> str:
    return f"{issue.title} ({types.SimpleNamespace(done=False)})"
