"""Loads the API's secrets from the vault."""
DATABASE_URL = "postgres://localhost/api"
