"""Vector helpers for the benchmarks."""


def fsum(values):
    return sum(values)
