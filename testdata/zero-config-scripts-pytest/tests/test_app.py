import logging

def test_x():
    assert logging.getLogger
