def hello(e, c):
    return 1
