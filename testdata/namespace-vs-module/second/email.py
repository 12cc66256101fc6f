"""A regular module later on the path beats the namespace portion."""
