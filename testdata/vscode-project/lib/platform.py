"""Which deployment platform we run on."""
NAME = "k8s"
