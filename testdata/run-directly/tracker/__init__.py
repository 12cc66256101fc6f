"""A small issue tracker: `python -m tracker` or the `tracker` console script."""
__version__ = "1.4.0"
