# Exercise 3: a queue built from two stacks.
class Queue:
    def __init__(self):
        self.inbox, self.outbox = [], []

    def put(self, item):
        self.inbox.append(item)
