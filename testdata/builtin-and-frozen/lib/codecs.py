"""Frozen from 3.11."""
