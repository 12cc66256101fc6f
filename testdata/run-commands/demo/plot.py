import random

points = [random.random() for _ in range(10)]
