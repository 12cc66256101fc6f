"""On no search path: not a shadow."""
