"""Survey statistics helpers."""


def weighted(scores, weights):
    return sum(s * w for s, w in zip(scores, weights)) / sum(weights)
