"""Start-up already imported os before sys.path[0] was set: inert."""
