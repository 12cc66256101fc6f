"""Frozen from 3.11: inert there, breaks start-up on 3.10."""
