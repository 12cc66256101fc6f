"""`service.json`."""
