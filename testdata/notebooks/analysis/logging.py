"""Notebook logging setup (the kernel has imported the real logging before the cells run)."""
