"""Error codes of the nightly job."""
OK = 0
