"""Frozen from 3.11, replaces start-up's site module before."""
