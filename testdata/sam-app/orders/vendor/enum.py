"""Vendored enum34 backport: shadows enum on PYTHONPATH=/var/task/vendor."""
