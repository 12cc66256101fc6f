"""Vendored by `pip install -t hello_world typing` from the old `typing` backport."""
