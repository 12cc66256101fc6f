"""A vendored JSON helper nobody runs."""
