"""Page fragments for the app."""
FOOTER = "<footer/>"
