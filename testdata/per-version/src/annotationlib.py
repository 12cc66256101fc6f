"""New in the 3.14 stdlib."""
