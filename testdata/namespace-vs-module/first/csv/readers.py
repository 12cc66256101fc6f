"""Only a namespace portion: the stdlib csv wins."""
