"""`first/email` has no __init__.py: a namespace portion."""
