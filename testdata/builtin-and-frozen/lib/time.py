"""Built in too: inert."""
