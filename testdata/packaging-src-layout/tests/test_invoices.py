from billing import Invoice


def test_total():
    assert Invoice("A-1", 100).total_cents == 100
