"""Seeds shared by the training scripts."""

SEED = 42
