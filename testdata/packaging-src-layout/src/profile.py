"""Customer profiles, installed as the top-level module `profile` (py-modules).

Installed, the standard library's `profile` comes first and this module is unreachable; with
`src` on PYTHONPATH it shadows the profiler instead.
"""
import cProfile

def load(customer_id: str) -> dict:
    return {"id": customer_id}
